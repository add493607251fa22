"""Ballots: every kind's limits, the last ballot counts, one person one vote, receipts."""
import threading

import pytest

from deliberation.budgeting import voting as services
from deliberation.budgeting.processes import advance_phase
from deliberation.errors import PolicyError
from models import Ballot, Channel, Participation, Phase, db
from tests.budgeting_factories import project_ids


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


@pytest.mark.parametrize("kind, settings, valid, invalid, message", [
    ("approval", {"max_choices": 2}, [0, 1], [0, 1, 2], "the most you may choose is 2"),
    ("approval", {"min_choices": 2}, [0, 3], [0], "choose at least 2"),
    ("knapsack", {}, [0, 2], [0, 1], "the most you may spend is £600"),
    ("knapsack", {"min_spend_percent": 50}, [1, 3], [3], "spend at least £300"),
    ("choose_one", {}, [2], [1, 2], "choose exactly one"),
    ("ranked", {"max_choices": 2}, [2, 0], [2, 0, 1], "the most you may rank is 2"),
])
def test_each_ballot_kind_checks_its_limits(make_user, make_process, kind, settings, valid, invalid, message):
    process = make_process(kind=kind, **settings)
    voter = make_user(neighbourhood=process.neighbourhood)
    ids = project_ids(process)
    with pytest.raises(PolicyError, match=message):
        services.cast_ballot(voter, process, [ids[i] for i in invalid])
    ballot = services.cast_ballot(voter, process, [ids[i] for i in valid])
    db.session.commit()
    assert [c.proposal_id for c in ballot.choices] == [ids[i] for i in valid]


def test_cumulative_points_are_capped(make_user, make_process):
    process = make_process(kind="cumulative", total_points=10, max_points_per_project=6)
    voter = make_user(neighbourhood=process.neighbourhood)
    a, b, c, _ = project_ids(process)
    with pytest.raises(PolicyError, match="the most for one project is 6"):
        services.cast_ballot(voter, process, {a: 7, b: 1})
    with pytest.raises(PolicyError, match="the most you may give is 10"):
        services.cast_ballot(voter, process, {a: 6, b: 5})
    ballot = services.cast_ballot(voter, process, {a: 6, c: 4})
    assert {ch.proposal_id: ch.points for ch in ballot.choices} == {a: 6, c: 4}


def test_changed_ballot_replaces_the_first_and_keeps_the_receipt(make_user, make_process):
    process = make_process()
    voter = make_user(neighbourhood=process.neighbourhood)
    a, b, c, d = project_ids(process)
    first = services.cast_ballot(voter, process, [a])
    db.session.commit()
    code = first.receipt_code
    second = services.cast_ballot(voter, process, [c, d])
    db.session.commit()
    assert second.id == first.id and second.receipt_code == code and second.version == 2
    assert _count(Ballot) == 1 and _count(Participation) == 1
    db.session.expire_all()
    assert [ch.proposal_id for ch in services.own_ballot(voter, process).choices] == [c, d]


def test_only_verified_residents_of_the_area_vote_and_only_while_open(make_user, make_process, make_neighbourhood):
    process = make_process()
    ids = project_ids(process)
    with pytest.raises(PolicyError, match="Only verified residents"):
        services.cast_ballot(make_user("unverified", neighbourhood=process.neighbourhood), process, ids[:1])
    with pytest.raises(PolicyError, match="Only verified residents"):
        services.cast_ballot(make_user(neighbourhood=make_neighbourhood()), process, ids[:1])
    closed = make_process(phase="results")
    with pytest.raises(PolicyError, match="Voting is not open"):
        services.cast_ballot(make_user(neighbourhood=closed.neighbourhood), closed, project_ids(closed)[:1])


def test_paper_and_online_votes_exclude_each_other(make_user, make_process):
    process = make_process()
    facilitator = make_user("facilitator", neighbourhood=process.neighbourhood)
    online = make_user(neighbourhood=process.neighbourhood)
    walk_in = make_user("unverified", neighbourhood=process.neighbourhood)
    a, b, *_ = project_ids(process)
    services.cast_ballot(online, process, [a])
    db.session.commit()
    with pytest.raises(PolicyError, match="has already voted"):
        services.record_paper_ballot(facilitator, process, online, [b], "ID seen")
    with pytest.raises(PolicyError) as refusal:
        services.record_paper_ballot(facilitator, process, walk_in, [b], "  ")
    assert refusal.value.field == "check"
    services.record_paper_ballot(facilitator, process, walk_in, [b], "Photo ID seen")
    db.session.commit()
    assert walk_in.is_verified
    with pytest.raises(PolicyError, match="already voted on paper"):
        services.cast_ballot(walk_in, process, [a])
    assert {p.channel for p in db.session.scalars(db.select(Participation))} == {Channel.ONLINE, Channel.PAPER}


def test_database_enforces_one_participation_per_person(make_user, make_process):
    from sqlalchemy.exc import IntegrityError
    process = make_process()
    voter = make_user(neighbourhood=process.neighbourhood)
    for channel in (Channel.ONLINE, Channel.PAPER):
        db.session.add(Participation(process_id=process.id, user_id=voter.id, channel=channel))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_simultaneous_submissions_by_one_voter_give_one_ballot(app, make_user, make_process):
    process = make_process()
    voter = make_user(neighbourhood=process.neighbourhood)
    ids = project_ids(process)
    barrier, errors = threading.Barrier(4), []

    def submit(choice):
        with app.app_context():
            try:
                barrier.wait()
                proc = db.session.get(type(process), process.id)
                person = db.session.get(type(voter), voter.id)
                services.commit_with_retry(lambda: services.cast_ballot(person, proc, [choice]))
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=submit, args=(pid,)) for pid in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    db.session.expire_all()
    assert _count(Ballot) == 1 and _count(Participation) == 1
    ballot = db.session.scalar(db.select(Ballot))
    assert ballot.version == 4 and len(ballot.choices) == 1


def test_receipts_verify_only_after_voting_closes(make_user, make_process):
    process = make_process()
    voter = make_user(neighbourhood=process.neighbourhood)
    a, *_ = project_ids(process)
    code = services.cast_ballot(voter, process, [a]).receipt_code
    db.session.commit()
    with pytest.raises(PolicyError, match="once voting has closed"):
        services.find_receipt(process, code)
    advance_phase(None, process, Phase.RESULTS)
    assert services.find_receipt(process, code.lower().replace("-", " ")).choices[0].proposal_id == a
    with pytest.raises(PolicyError, match="No counted ballot"):
        services.find_receipt(process, "AAAA-BBBB-CCCC")


def test_ballots_do_not_store_who_cast_them(make_user, make_process):
    process = make_process()
    voter = make_user(neighbourhood=process.neighbourhood, email="secret-voter@example.org")
    services.cast_ballot(voter, process, project_ids(process)[:1])
    db.session.commit()
    columns = {c.name for c in Ballot.__table__.columns}
    assert not {"user_id", "voter_id", "created_at"} & columns
    row = db.session.execute(db.text("SELECT * FROM ballots")).one()
    assert str(voter.id) not in {str(v) for v in row} - {str(row.id), str(row.process_id), str(row.version)}
