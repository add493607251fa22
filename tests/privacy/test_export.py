"""A person's own data: complete (every column pointing at a user), secret ballots, nobody else's."""
from __future__ import annotations

import io
import json
import zipfile

import pytest
from sqlalchemy import Column, ForeignKey, Integer, MetaData, Table, select

from deliberation.budgeting.voting import cast_ballot
from deliberation.demo import DEMO_PASSWORD, load_demo
from deliberation.privacy.sections import COVERED, EXCLUDED, SECRET_COLUMNS, SECTIONS
from models import AuditEntry, Ballot, User, db
from tests.conftest import app_settings, login


@pytest.fixture
def app_config(tmp_path):
    """CSRF on this route is checked with every other in tests/security."""
    return app_settings(tmp_path, WTF_CSRF_ENABLED=False)


def uncovered(metadata: MetaData) -> list[tuple[str, str]]:
    """Columns pointing at users.id that the export neither covers nor excludes with a reason."""
    return [(table.name, column.name) for table in metadata.sorted_tables for column in table.columns
            if any(fk.column.table.name == "users" and fk.column.name == "id" for fk in column.foreign_keys)
            and (table.name, column.name) not in COVERED and (table.name, column.name) not in EXCLUDED]


def test_every_column_pointing_at_a_person_is_in_the_export():
    assert uncovered(db.metadata) == []
    sections = {key for key, _heading, _about in SECTIONS}
    assert set(COVERED.values()) <= sections
    for table, column in COVERED:
        if table in db.metadata.tables:
            assert column in db.metadata.tables[table].c, f"{table}.{column} is not a column"


def test_the_completeness_check_fails_for_a_new_table():
    copy = MetaData()
    for table in db.metadata.sorted_tables:
        table.to_metadata(copy)
    Table("petitions", copy, Column("id", Integer, primary_key=True),
          Column("signer_id", ForeignKey("users.id")))
    assert uncovered(copy) == [("petitions", "signer_id")]


def _export(client) -> tuple[dict, str]:
    response = client.post("/account/my-data")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    data = json.loads(archive.read("agora-data/data.json"))
    return data["sections"], archive.read("agora-data/index.html").decode()


def _demo_client(app, email="resident@agora.example"):
    client = app.test_client()
    client.post("/login", data={"email": email, "password": DEMO_PASSWORD})
    return client


@pytest.fixture
def demo(app):
    load_demo()
    db.session.commit()
    return db.session.scalar(select(User).where(User.email == "resident@agora.example"))


def _check_holds_the_persons_data(app, person):
    sections, page = _export(_demo_client(app))
    text = json.dumps(sections, ensure_ascii=False)
    assert sections["account"][0]["email"] == person.email
    assert person.password_hash not in text and person.session_token not in text
    assert not any(key in row for key in ("password_hash", "session_token")
                   for row in sections["account"])
    for section in ("proposals", "comments", "surveys", "ratings", "notifications", "ballots",
                    "translations", "audit"):
        assert sections[section], f"the demo resident has {section}"
    titles = [row["title"] for row in sections["proposals"]]
    assert all(t in page for t in titles), "the readable page lists each proposal"
    assert sections["surveys"][0]["answers"], "answers come with each response"
    assert all(row["user_id"] == person.id for section in ("comments", "ratings", "notifications")
               for row in sections[section] if "user_id" in row)
    assert all(row["author_id"] == person.id for row in sections["comments"] + sections["proposals"])
    for other in ("facilitator@agora.example", "hillcrest@agora.example"):
        assert other not in text, "no one else's account"
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.data_exported",
                                                      AuditEntry.actor_id == person.id))


def test_the_export_holds_the_persons_data(app, demo):
    _check_holds_the_persons_data(app, demo)


def test_ballots_are_listed_with_the_receipt_never_the_choices(app, make_process, make_user):
    process = make_process(phase="voting", costs=(100, 200, 300))
    voter = make_user()
    voter.neighbourhood_id = process.neighbourhood_id
    chosen = process.proposals[1]
    chosen.title = "Secret choice: mural on the gasworks"
    db.session.commit()
    ballot = cast_ballot(voter, process, [chosen.id])
    db.session.commit()
    client = app.test_client()
    login(client, voter)
    sections, page = _export(client)
    archive = json.dumps(sections, ensure_ascii=False) + page
    assert [row["receipt_code"] for row in sections["ballots"]] == [ballot.receipt_code]
    assert sections["ballots"][0]["process"] == process.title
    assert "Secret choice" not in archive and "gasworks" not in archive
    assert not any(key in row for row in sections["ballots"] for key in ("choices", "proposal_id"))
    assert ballot.voter_key not in archive, "not even the key that links a ballot to its voter"


def test_only_the_signed_in_person_gets_their_own_data(app, client, make_user):
    anonymous = client.post("/account/my-data")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    me, other = make_user(name="Me Myself"), make_user(name="Someone Else")
    login(client, me)
    assert client.get("/account/my-data").status_code == 405
    response = client.post(f"/account/my-data?user_id={other.id}", data={"user_id": other.id})
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.data)).read("agora-data/data.json"))
    assert data["sections"]["account"][0]["id"] == me.id
    assert other.email not in json.dumps(data)


def test_secret_columns_exist():
    """The columns kept back are real, so a rename cannot quietly start exporting a secret."""
    for table, column in SECRET_COLUMNS:
        assert column in db.metadata.tables[table].c


@pytest.mark.postgres
def test_the_export_on_postgresql(tmp_path, pg_url):
    from app import create_app
    application = create_app(app_settings(tmp_path, SQLALCHEMY_DATABASE_URI=pg_url,
                                          WTF_CSRF_ENABLED=False))
    with application.test_request_context():
        db.create_all()
        load_demo()
        db.session.commit()
        person = db.session.scalar(select(User).where(User.email == "resident@agora.example"))
        from tests.conftest import IsolatedClient
        application.test_client_class = IsolatedClient
        _check_holds_the_persons_data(application, person)
        assert db.session.scalar(select(Ballot.id).limit(1)) is not None
        db.session.remove()
        db.engine.dispose()
