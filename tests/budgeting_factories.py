"""Factories for budgeting: processes in any phase, with projects on the ballot."""
import pytest

from models import BallotKind, Phase, Process, Proposal, ProposalStatus, TallyRule, db


@pytest.fixture
def make_process(app, make_neighbourhood):
    """make_process(phase="voting", kind="approval", costs=[...], **settings) -> Process."""
    def make(phase: str = "voting", kind: str = "approval", costs=(400, 300, 200, 100),
             neighbourhood=None, rule: str = "greedy", budget: int = 600, **settings) -> Process:
        area = neighbourhood if neighbourhood is not None else make_neighbourhood()
        process = Process(title=settings.pop("title", "Fund 2026"), budget=budget, currency="GBP",
                          neighbourhood_id=area.id if area else None, phase=Phase(phase),
                          ballot_kind=BallotKind(kind), tally_rule=TallyRule(rule), **settings)
        db.session.add(process)
        db.session.flush()
        for i, cost in enumerate(costs, start=1):
            db.session.add(Proposal(process_id=process.id, title=f"Project {i}", estimated_cost=cost,
                                    category="Other", description=f"Idea {i}",
                                    status=ProposalStatus.FEASIBLE))
        db.session.commit()
        return process
    return make


def project_ids(process: Process) -> list[int]:
    return [p.id for p in sorted(process.proposals, key=lambda p: p.id)]
