"""Demo budgeting: a process in every phase, and a real election imported from pabulib."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from deliberation.budgeting.exchange import import_pb
from deliberation.budgeting.processes import advance_phase, create_process
from deliberation.budgeting.proposals import review_proposal, submit_proposal
from deliberation.budgeting.voting import cast_ballot
from models import BallotKind, Neighbourhood, Phase, Process, TallyRule, User, db

ASSEN = Path(__file__).with_name("demo_data") / "Netherlands_Assen_2024.pb"
ORDER = [Phase.PROPOSALS, Phase.REVIEW, Phase.VOTING, Phase.RESULTS]
IDEAS = [
    ("Benches along the canal path", 4000, "Green spaces", "Six benches so older neighbours can rest."),
    ("Safer crossing at Mill Lane", 12000, "Streets and safety", "Raised crossing by the primary school."),
    ("Community fridge", 3000, "Other", "A shared fridge at the community centre to cut food waste."),
    ("Youth football nights", 6000, "Children and youth", "Friday floodlit football with coaches."),
    ("Street art on the underpass", 5000, "Culture and sport", "Local artists repaint the grey underpass."),
    ("Tool library", 2500, "Other", "Borrow a drill instead of buying one."),
]
PLANS = [
    # title, area, target phase, ballot kind, rule, budget, extra settings, reviewed?, votes
    ("Riverside Fund 2027", "Riverside", Phase.DRAFT, BallotKind.APPROVAL, TallyRule.GREEDY, 30000, {}),
    ("Old Town Green Budget 2026", "Old Town", Phase.PROPOSALS, BallotKind.KNAPSACK, TallyRule.GREEDY,
     20000, {}),
    ("Hillcrest Youth Fund 2026", "Hillcrest", Phase.REVIEW, BallotKind.CUMULATIVE, TallyRule.GREEDY,
     15000, {"total_points": 10, "max_points_per_project": 5}),
    ("Riverside Fund 2026", "Riverside", Phase.VOTING, BallotKind.APPROVAL, TallyRule.GREEDY, 25000,
     {"max_choices": 3}),
    # These two stop at results; the outcomes demo publishes them and carries them on.
    ("City Small Grants 2025", None, Phase.RESULTS, BallotKind.APPROVAL,
     TallyRule.EQUAL_SHARES, 15000, {}),
    ("City Small Grants 2024", None, Phase.RESULTS, BallotKind.RANKED, TallyRule.GREEDY, 10000,
     {"max_choices": 3}),
]


def _area(name: str | None) -> Neighbourhood | None:
    return db.session.scalar(select(Neighbourhood).where(Neighbourhood.name == name)) if name else None


def _settings(title, area, kind, rule, budget, extra) -> dict:
    return {"title": title, "description": f"Demo process: residents decide how {budget:,} GBP is spent.",
            "neighbourhood_id": area.id if area else None, "budget": budget, "currency": "GBP",
            "ballot_kind": kind, "tally_rule": rule, **extra}


def _plan(admin: User, facilitator: User, residents: list[User], plan) -> None:
    title, area_name, target, kind, rule, budget, extra = plan
    area = _area(area_name)
    process = create_process(admin, _settings(title, area, kind, rule, budget, extra))
    authors = [r for r in residents if area is None or r.neighbourhood_id == area.id] or [admin]
    proposals = []
    for phase in ORDER[: ORDER.index(target) + 1] if target is not Phase.DRAFT else []:
        advance_phase(admin, process, phase)
        if phase is Phase.PROPOSALS:
            for i, (idea, cost, category, text) in enumerate(IDEAS[:5]):
                proposals.append(submit_proposal(authors[i % len(authors)], process, {
                    "title": idea, "description": text, "estimated_cost": cost,
                    "category": category, "location": "", "latitude": None, "longitude": None}))
        if phase is Phase.REVIEW and target is not Phase.REVIEW:
            for i, proposal in enumerate(proposals):
                review_proposal(facilitator, proposal, i != 1, "Checked with the council's officers."
                                if i != 1 else "Highways must do this from their own budget.", None)
        if phase is Phase.VOTING and target is not Phase.VOTING:
            on_ballot = [p.id for i, p in enumerate(proposals) if i != 1]
            for n, voter in enumerate(residents):
                picks = [on_ballot[(n + k) % len(on_ballot)] for k in range(3 if kind is BallotKind.RANKED else 2)]
                cast_ballot(voter, process, picks)


def load_budgeting_demo(admin: User, facilitator: User, residents: list[User]) -> None:
    """Create each demo process that is missing, by the same services the app uses."""
    for plan in PLANS:
        if db.session.scalar(select(Process.id).where(Process.title == plan[0])) is None:
            _plan(admin, facilitator, residents, plan)
            db.session.flush()
    if db.session.scalar(select(Process.id).where(Process.source_file == ASSEN.name)) is None:
        import_pb(admin, ASSEN.read_bytes(), ASSEN.name, None)
