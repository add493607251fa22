"""A demo opinion map in Riverside's debate, with sample residents' reactions so groups show (idempotent).

The sample residents are demo accounts like the others (display names "Sample resident N"), with no
password, so nobody can log in as them; their reactions follow three planted points of view.
"""
from __future__ import annotations

import random

from sqlalchemy import select

from deliberation.opinions import services, snapshots
from models import Debate, Neighbourhood, Statement, User, VerificationMethod, db, utcnow

SEEDS = [
    "The canal path needs lights before next winter.",
    "Solar lamps are good enough and cost less.",
    "Lights would disturb the bats along the canal.",
    "The council should pay for lights, not our fund.",
    "I avoid the path after dark.",
    "A warden patrol would do more than lights.",
    "Lights only near the bridge and the allotments would be enough.",
    "The path should be resurfaced before anything else.",
    "Motion-sensor lights are a fair compromise.",
    "More people would walk to school if the path were lit.",
]
# Three points of view: +1 agree, -1 disagree, 0 pass, for each seed in order.
VIEWS = [
    (1, -1, -1, -1, 1, -1, -1, -1, 1, 1),   # light it all, from the fund
    (-1, 1, 1, 1, 0, -1, 1, 1, 1, 1),       # wildlife first, cheap and targeted
    (1, -1, -1, 1, 1, 1, -1, 1, -1, 1),     # safety through people, the council pays
]
SAMPLE = 36  # residents reacting: twelve per point of view
AGREEMENT = 0.85  # how often a sample resident follows their group's view


def _sample_residents(area: Neighbourhood, verifier: User) -> list[User]:
    people = []
    for n in range(1, SAMPLE + 1):
        email = f"sample{n}@riverside.agora.example"
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(email=email, display_name=f"Sample resident {n}", neighbourhood_id=area.id,
                        password_hash=None,
                        verified_at=utcnow(), verification_method=VerificationMethod.IN_PERSON,
                        verified_by_id=verifier.id)
            db.session.add(user)
        people.append(user)
    db.session.flush()
    return people


def load_opinions_demo(facilitator: User | None) -> None:
    """Riverside's open debate gets a map with ten statements and 36 sample residents' reactions."""
    area = db.session.scalar(select(Neighbourhood).where(Neighbourhood.name == "Riverside"))
    debate = area and db.session.scalar(select(Debate).where(Debate.neighbourhood_id == area.id)
                                        .order_by(Debate.id).limit(1))
    if facilitator is None or debate is None or services.conversation_for(debate) is not None:
        return
    conversation = services.start_conversation(facilitator, debate, SEEDS, residents_may_add=True)
    db.session.flush()
    statements = list(db.session.scalars(select(Statement).where(
        Statement.conversation_id == conversation.id).order_by(Statement.id)))
    chance = random.Random(2026)  # the same demo every time
    for n, person in enumerate(_sample_residents(area, facilitator)):
        view = VIEWS[n % len(VIEWS)]
        for statement, leaning in zip(statements, view):
            if chance.random() < 0.1:
                continue  # not everyone reacts to everything
            value = leaning if chance.random() < AGREEMENT else chance.choice((-1, 0, 1))
            services.vote_on_statement(person, statement, value)
    db.session.flush()
    snapshots.recompute(conversation.id)
