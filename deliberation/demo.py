"""Demo data: real-looking neighbourhoods and an account for every role (idempotent)."""
from __future__ import annotations

from sqlalchemy import select

from deliberation.accounts.services import register_user
from deliberation.admin.services import grant_role
from deliberation.budgeting.demo import load_budgeting_demo
from deliberation.outcomes.demo import load_outcomes_demo
from deliberation.debates.demo import load_debates_demo
from deliberation.neighbourhoods.services import create_neighbourhood
from deliberation.surveys.demo import load_surveys_demo
from deliberation.translations.demo import load_translations_demo
from deliberation.opinions.demo import load_opinions_demo
from deliberation.verification.services import import_census, verify_resident
from models import CensusEntry, Neighbourhood, Role, User, VerificationMethod, db

DEMO_PASSWORD = "agora-demo"

NEIGHBOURHOODS = {
    "Riverside": "Terraced streets along the canal, the allotments and Riverside Primary. "
                 "About 4,000 residents.",
    "Old Town": "The market square, the library and the streets around St Anne's. "
                "About 6,500 residents.",
    "Hillcrest": "Post-war estates on the hill, the youth club and Hillcrest Park. "
                 "About 5,200 residents.",
}

# (email, display name, neighbourhood, staff roles, verified, census reference)
PEOPLE = [
    ("admin@agora.example", "Ada Admin", "Old Town", [(Role.ADMIN, None)], True, None),
    ("councillor@agora.example", "Colin Councillor", "Old Town", [(Role.COUNCILLOR, None)], True, None),
    ("facilitator@agora.example", "Fatima Facilitator", "Riverside",
     [(Role.FACILITATOR, "Riverside"), (Role.FACILITATOR, "Hillcrest")], True, None),
    ("resident@agora.example", "Rosa Resident", "Riverside", [], True, None),
    ("hillcrest@agora.example", "Hamid Hillcrest", "Hillcrest", [], True, None),
    ("newcomer@agora.example", "Nico Newcomer", "Riverside", [], False, "RV-1004"),
]

CENSUS = b"reference,address\nRV-1001,1 Canal Row\nRV-1002,2 Canal Row\nRV-1003,7 Mill Lane\n" \
         b"RV-1004,12 Lock Street\nRV-1005,3 Allotment Way\n"


def _area(name: str) -> Neighbourhood | None:
    return db.session.scalar(select(Neighbourhood).where(Neighbourhood.name == name))


def load_demo() -> list[tuple[str, str, str]]:
    """Create what is missing and return (role, email, password) rows to print."""
    for name, description in NEIGHBOURHOODS.items():
        if _area(name) is None:
            create_neighbourhood(None, name, description)
    db.session.flush()
    admin = None
    rows = []
    for email, name, area_name, roles, verified, reference in PEOPLE:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = register_user(name, email, DEMO_PASSWORD, _area(area_name).id, reference)
            for role, scope in roles:
                grant_role(admin or user, user, role, _area(scope).id if scope else None)
            if verified:
                verify_resident(admin or user, user, VerificationMethod.IN_PERSON, "Demo account")
        admin = admin or user
        label = ", ".join(sorted({str(r.label) for r, _ in roles})) or (
            "Resident" if verified else "Resident (unverified)")
        rows.append((label, email, DEMO_PASSWORD))
    riverside = _area("Riverside")
    if db.session.scalar(select(CensusEntry.id).where(
            CensusEntry.neighbourhood_id == riverside.id).limit(1)) is None:
        import_census(admin, riverside, CENSUS)
    verified = list(db.session.scalars(select(User).where(User.verified_at.is_not(None))
                                       .order_by(User.id)))
    facilitator = db.session.scalar(select(User).where(User.email == "facilitator@agora.example"))
    load_budgeting_demo(admin, facilitator, verified)
    councillor = db.session.scalar(select(User).where(User.email == "councillor@agora.example"))
    load_outcomes_demo(councillor, [u for u in verified if not u.roles])
    load_debates_demo()
    load_opinions_demo(facilitator)
    load_surveys_demo(facilitator)
    load_translations_demo(facilitator, db.session.scalar(
        select(User).where(User.email == "resident@agora.example")))
    db.session.commit()
    return rows
