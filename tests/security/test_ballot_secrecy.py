"""Ballot secrecy: nothing stored, exported, logged or shown links a person to their choices."""
from __future__ import annotations

import csv
import io

from sqlalchemy import inspect

from deliberation.budgeting.results import compute_results
from models import AuditEntry, Ballot, BallotChoice, Phase, Proposal, db
from tests.budgeting_factories import project_ids
from tests.conftest import login


def test_the_ballots_table_has_no_column_pointing_at_a_person(app):
    inspector = inspect(db.engine)
    for table in ("ballots", "ballot_choices"):
        columns = {c["name"] for c in inspector.get_columns(table)}
        assert not columns & {"user_id", "voter_id", "author_id", "created_at", "updated_at"}, table
        targets = {fk["referred_table"] for fk in inspector.get_foreign_keys(table)}
        assert "users" not in targets, table


def _vote(app, make_user, process, choice_sets):
    voters = []
    for chosen in choice_sets:
        client = app.test_client()
        voter = make_user(neighbourhood=process.neighbourhood, name=f"Voter {len(voters)}")
        login(client, voter)
        response = client.post(f"/processes/{process.id}/vote",
                               data={"choice": [str(i) for i in chosen]})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        voters.append((voter, client))
    return voters


def test_exports_logs_and_admin_pages_do_not_link_voters_to_choices(app, make_user, make_process):
    app.config["WTF_CSRF_ENABLED"] = False
    process = make_process(phase="voting", costs=[100, 100, 100, 100], budget=1000)
    ids = project_ids(process)
    titles = {p.id: f"Secret choice {p.id}" for p in process.proposals}
    for proposal in process.proposals:
        proposal.title = titles[proposal.id]
    db.session.commit()
    voters = _vote(app, make_user, process,
                   [[ids[0]], [ids[1]], [ids[2]], [ids[3]], [ids[0], ids[1]]])

    for voter, _ in voters:
        keys = db.session.scalars(db.select(Ballot.voter_key)).all()
        assert all(str(voter.id) != k and voter.email not in k for k in keys)

    # Audit entries for votes say that someone voted, never what they chose.
    entries = db.session.scalars(db.select(AuditEntry)
                                 .where(AuditEntry.action.like("ballot.%"))).all()
    assert len(entries) == len(voters)
    for entry in entries:
        text = f"{entry.summary} {entry.detail or ''}"
        assert not any(title in text for title in titles.values())
        assert not any(f"'{pid}'" in text or f" {pid}," in text for pid in ids if entry.detail)
        assert not (entry.detail or {}).keys() & {"choices", "choice", "points", "proposal_ids"}

    process.phase = Phase.RESULTS
    compute_results(process)
    db.session.commit()
    client = app.test_client()
    codes = sorted(db.session.scalars(db.select(Ballot.receipt_code)).all())
    exported = client.get(f"/processes/{process.id}/export/ballots.csv")
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))
    assert [r["receipt_code"] for r in rows] == codes  # random order, not voting order
    assert "attachment" in exported.headers["Content-Disposition"]
    assert exported.mimetype == "text/csv"
    pb = client.get(f"/processes/{process.id}/export/election.pb")
    assert pb.mimetype == "text/plain" and "attachment" in pb.headers["Content-Disposition"]
    votes = pb.get_data(as_text=True).split("VOTES", 1)[1].splitlines()[2:]
    assert [line.split(";")[0] for line in votes if line.strip()] == codes
    for voter, _ in voters:
        assert voter.email not in pb.get_data(as_text=True)
        assert voter.display_name not in pb.get_data(as_text=True)

    # The admin's page about a voter shows no choices.
    admin = app.test_client()
    login(admin, make_user("admin"))
    for voter, _ in voters:
        page = admin.get(f"/admin/users/{voter.id}").get_data(as_text=True)
        assert not any(title in page for title in titles.values()), voter.display_name


def test_the_receipt_page_shows_only_your_own_ballot(app, make_user, make_process):
    app.config["WTF_CSRF_ENABLED"] = False
    process = make_process(phase="voting")
    ids = project_ids(process)
    (alice, alice_client), (bob, bob_client) = _vote(app, make_user, process, [[ids[0]], [ids[3]]])
    alice_code = db.session.scalar(db.select(Ballot.receipt_code).join(BallotChoice)
                                   .where(BallotChoice.proposal_id == ids[0]))
    bob_code = db.session.scalar(db.select(Ballot.receipt_code).join(BallotChoice)
                                 .where(BallotChoice.proposal_id == ids[3]))
    bob_page = bob_client.get(f"/processes/{process.id}/receipt",
                              query_string={"code": alice_code}).get_data(as_text=True)
    assert alice_code not in bob_page and bob_code in bob_page
    project_1 = db.session.get(Proposal, ids[0]).title
    assert f">{project_1}<" not in bob_page
    text = bob_client.get(f"/processes/{process.id}/receipt.txt").get_data(as_text=True)
    assert bob_code in text and alice_code not in text
