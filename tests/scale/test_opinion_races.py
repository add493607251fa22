"""Simultaneous opinion-map reactions on PostgreSQL: one row per person and statement, none lost.

The race is staged rather than hoped for: a SHARE lock on statement_votes lets every request read
(and find no row, or the old one) but holds each insert or update until all of them are waiting at
the table; then the lock goes and they hit the row together. A trigger keeps every version of
each vote row that committed, in order, so the revision can be checked against the real changes.
"""
from __future__ import annotations

import threading
import time
from collections import Counter
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text

from deliberation.opinions import services
from deliberation.opinions.services import VALUES
from models import StatementVote, db
from tests.scale.races import logged_in_client, run_all

pytestmark = pytest.mark.postgres

SAVED = "Your reaction is saved."
WAIT = 60  # seconds for every request to be waiting at the lock (a condition, never a pause)


@pytest.fixture
def app_config(pg_app_config):
    # The race is the subject here, not CSRF tokens or per-address rate limits. Every request
    # holds a connection while it waits at the lock, so the pool must hold them all.
    return pg_app_config | {"WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "pool_size": 40,
                                                          "max_overflow": 10}}


@pytest.fixture
def history(app):
    """Every committed version of every vote row, oldest first (a test-only trigger)."""
    db.session.execute(text(
        "CREATE TABLE vote_history (id serial PRIMARY KEY, vote_id int, participant_id int,"
        " old_value int, new_value int, old_revision int, new_revision int)"))
    db.session.execute(text("""
        CREATE FUNCTION note_vote() RETURNS trigger AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            INSERT INTO vote_history (vote_id, participant_id, new_value, new_revision)
            VALUES (NEW.id, NEW.participant_id, NEW.value, NEW.revision);
          ELSE
            INSERT INTO vote_history (vote_id, participant_id, old_value, new_value,
                                      old_revision, new_revision)
            VALUES (NEW.id, NEW.participant_id, OLD.value, NEW.value, OLD.revision, NEW.revision);
          END IF;
          RETURN NULL;
        END $$ LANGUAGE plpgsql"""))
    db.session.execute(text("CREATE TRIGGER note_vote AFTER INSERT OR UPDATE ON statement_votes"
                            " FOR EACH ROW EXECUTE FUNCTION note_vote()"))
    db.session.commit()

    def versions(participant_id: int) -> list[tuple]:
        return db.session.execute(text(
            "SELECT old_value, new_value, old_revision, new_revision FROM vote_history"
            " WHERE participant_id = :p ORDER BY id"), {"p": participant_id}).all()
    return versions


@contextmanager
def writes_held(url: str):
    """Hold statement_votes in SHARE mode: reads pass, every INSERT or UPDATE waits for release.
    Yields how many sessions are waiting at the table now."""
    engine = create_engine(url)
    connection = engine.connect()
    transaction = connection.begin()
    connection.execute(text("LOCK TABLE statement_votes IN SHARE MODE"))

    def waiting() -> int:
        return connection.scalar(text("SELECT count(*) FROM pg_locks WHERE NOT granted"
                                      " AND relation = 'statement_votes'::regclass"))
    try:
        yield waiting
    finally:
        transaction.commit()
        connection.close()
        engine.dispose()


def _wait_for(condition, timeout: float = WAIT) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def _vote_at_once(app, url: str,
                  jobs: list[tuple[str, int, str]]) -> list[tuple[str, str, int, bool]]:
    """Each (email, statement id, value) posted by its own logged-in client, all released into
    the table together; (email, value, status, whether the page then said it was saved)."""
    results: list[tuple[str, str, int, bool]] = []
    vote_url = f"{url}/vote"

    def send(email: str, statement_id: int, value: str) -> None:
        client = logged_in_client(app, email)
        response = client.post(vote_url, data={"statement_id": statement_id, "value": value})
        saved = response.status_code == 302 and SAVED in client.get(
            response.headers["Location"].split("#")[0]).get_data(as_text=True)
        results.append((email, value, response.status_code, saved))

    threads = [threading.Thread(target=send, args=job) for job in jobs]
    db.session.commit()  # this thread holds nothing the lock would wait for
    with writes_held(app.config["SQLALCHEMY_DATABASE_URI"]) as waiting:
        run = threading.Thread(target=run_all, args=(threads,))
        run.start()
        together = _wait_for(lambda: waiting() + len(results) == len(jobs))
        held = waiting()
    run.join(timeout=2 * WAIT)
    assert together, f"only {held} of {len(jobs)} votes reached the table at once"
    assert held >= 2, "no two votes met at the table: nothing raced"
    assert len(results) == len(jobs)  # a thread that crashed or hung left no result
    return results


def _rows(statement_id: int) -> list[StatementVote]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(StatementVote)
                                   .where(StatementVote.statement_id == statement_id)))


def _first_statement(conversation):
    return services.visible_statements(conversation)[0]


@pytest.mark.parametrize("before", [None, "agree"], ids=["first-vote", "changing-a-vote"])
def test_one_persons_simultaneous_clicks_leave_one_row_counting_each_change(
        app, make_conversation, make_user, react, history, before):
    conversation, _facilitator = make_conversation()
    statement = _first_statement(conversation)
    person = make_user(neighbourhood=conversation.debate.neighbourhood)
    if before:
        react(person, statement, before)
    clicks = ["agree", "disagree", "pass", "disagree"] * 4  # 16 tabs, 4 agree, 8 disagree, 4 pass
    url = f"/debates/{conversation.debate_id}/opinions"
    results = _vote_at_once(app, url, [(person.email, statement.id, v) for v in clicks])

    assert [(status, saved) for _e, _v, status, saved in results] == [(302, True)] * len(clicks)
    rows = _rows(statement.id)
    assert len(rows) == 1 and rows[0].participant_id == person.id
    vote = rows[0]
    assert vote.value in {VALUES[v] for v in clicks}
    versions = history(person.id)
    # One insert, then a chain of updates each starting from the version before it.
    assert versions[0][0] is None and versions[0][3] == 1
    for previous, (old_value, new_value, old_revision, new_revision) in zip(versions, versions[1:]):
        assert (old_value, old_revision) == (previous[1], previous[3])
        assert new_value != old_value, "a click that changed nothing counted as a change"
        assert new_revision == old_revision + 1, "two changes at once counted once"
    assert (vote.value, vote.revision) == (versions[-1][1], versions[-1][3])
    assert vote.revision == len(versions)  # 1 when cast, +1 per change that happened
    # Every click was applied in some order: each value sent is somewhere in the history, and no
    # value became the row's more often than it was sent.
    applied = versions[1:] if before else versions
    assert {v for _o, v, _r, _n in versions} >= {VALUES[v] for v in clicks}
    sent = Counter(VALUES[v] for v in clicks)
    assert all(n <= sent[value] for value, n in Counter(v for _o, v, _r, _n in applied).items())


def test_many_people_voting_first_on_one_statement_at_once_all_land(
        app, make_conversation, make_user, history):
    conversation, _facilitator = make_conversation()
    statement = _first_statement(conversation)
    area = conversation.debate.neighbourhood
    people = [make_user(neighbourhood=area) for _ in range(30)]
    values = ["agree", "disagree", "pass"]
    jobs = [(p.email, statement.id, values[i % 3]) for i, p in enumerate(people)]
    url = f"/debates/{conversation.debate_id}/opinions"
    results = _vote_at_once(app, url, jobs)

    assert [(status, saved) for _e, _v, status, saved in results] == [(302, True)] * len(jobs)
    stored = {v.participant_id: (v.value, v.revision) for v in _rows(statement.id)}
    assert stored == {p.id: (VALUES[values[i % 3]], 1) for i, p in enumerate(people)}
    assert services.vote_counts(conversation)[statement.id] == (10, 10, 10)
    assert all(len(history(p.id)) == 1 for p in people)
