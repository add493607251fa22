"""Processes: guarded phases, locked settings once voting opens, a public change log."""
from datetime import timedelta

import pytest

from deliberation.budgeting import processes as services
from deliberation.errors import PolicyError
from models import AuditEntry, BallotKind, Phase, ProposalStatus, TallyRule, db, utcnow


def _settings(**over):
    values = {"title": "Green fund", "description": "", "neighbourhood_id": None, "budget": 10000,
              "currency": "GBP", "ballot_kind": BallotKind.APPROVAL, "tally_rule": TallyRule.GREEDY,
              "min_choices": 0, "max_choices": 3, "total_points": None, "max_points_per_project": None,
              "min_spend_percent": 0, "score_threshold": None, "categories": "Parks\nStreets",
              "proposals_open_at": None, "review_opens_at": None, "voting_opens_at": None,
              "voting_closes_at": None}
    return values | over


def test_phases_move_one_step_at_a_time(make_user, make_process):
    admin = make_user("admin")
    process = make_process(phase="draft")
    with pytest.raises(PolicyError, match="cannot move"):
        services.advance_phase(admin, process, Phase.VOTING)
    for phase in (Phase.PROPOSALS, Phase.REVIEW, Phase.VOTING, Phase.RESULTS):
        services.advance_phase(admin, process, phase)
    assert process.phase is Phase.RESULTS and process.result is not None
    with pytest.raises(PolicyError, match="cannot move"):
        services.advance_phase(admin, process, Phase.VOTING)


def test_voting_needs_reviewed_feasible_proposals(make_user, make_process):
    admin = make_user("admin")
    process = make_process(phase="review", costs=[100])
    process.proposals[0].status = ProposalStatus.SUBMITTED
    with pytest.raises(PolicyError, match="no proposal has been marked feasible"):
        services.advance_phase(admin, process, Phase.VOTING)


def test_locked_settings_refuse_changes_once_voting_opens(make_user):
    admin = make_user("admin")
    process = services.create_process(admin, _settings())
    services.update_process(admin, process, {"budget": 12000, "tally_rule": TallyRule.EQUAL_SHARES})
    process.phase = Phase.VOTING
    with pytest.raises(PolicyError, match="the budget.*can no longer change"):
        services.update_process(admin, process, {"budget": 15000})
    with pytest.raises(PolicyError, match="the ballot kind"):
        services.update_process(admin, process, {"ballot_kind": BallotKind.KNAPSACK})
    with pytest.raises(PolicyError, match="the tally rule"):
        services.update_process(admin, process, {"tally_rule": TallyRule.GREEDY})
    assert services.update_process(admin, process, {"title": "Green fund 2026"}) == ["title"]
    db.session.commit()
    log = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "process.update")
                             .order_by(AuditEntry.id)).all()
    assert log[0].actor_id == admin.id
    assert log[0].detail == {"budget": [10000, 12000], "tally_rule": ["greedy", "equalshares/add1"]}
    assert process.budget == 12000


def test_settings_that_cannot_work_are_refused(make_user):
    admin = make_user("admin")
    with pytest.raises(PolicyError) as refusal:
        services.create_process(admin, _settings(ballot_kind=BallotKind.CUMULATIVE))
    assert refusal.value.field == "total_points"
    with pytest.raises(PolicyError, match="follow each other"):
        now = utcnow()
        services.create_process(admin, _settings(proposals_open_at=now, review_opens_at=now - timedelta(days=1)))


def test_phases_advance_on_their_dates_and_tally(make_process):
    past = utcnow() - timedelta(hours=1)
    process = make_process(phase="voting", voting_closes_at=past)
    assert services.refresh_phase(process)
    assert process.phase is Phase.RESULTS and process.result.ballots_counted == 0
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "process.phase"))
    assert entry.actor_id is None and "automatically" in entry.summary


def test_database_refuses_a_zero_budget(make_process):
    from sqlalchemy.exc import IntegrityError
    process = make_process()
    process.budget = 0
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
