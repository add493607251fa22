"""The map recomputes in the background after votes, never inside the request, and is pushed to watchers."""
import time

import pytest

from deliberation.extensions import socketio
from deliberation.opinions import scheduler, snapshots
from models import MapSnapshot, Statement, db
from tests.conftest import login

PUSH_TIMEOUT = 60.0  # seconds: generous, a busy 2-core machine runs the recompute thread late


@pytest.fixture
def app_config(app_config):
    return app_config | {"WTF_CSRF_ENABLED": False, "OPINION_RECOMPUTE": "background",
                         "OPINION_RECOMPUTE_DELAY": 0.05}


def _pushes(sock) -> list[dict]:
    return [m["args"][0] for m in sock.get_received() if m["name"] == "opinion_map"]


def _wait_for(condition, what: str, timeout: float = PUSH_TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        socketio.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def _statements(conversation):
    return list(db.session.scalars(db.select(Statement).where(
        Statement.conversation_id == conversation.id).order_by(Statement.id)))


def test_votes_are_recomputed_in_the_background_and_pushed(app, make_conversation, make_user, react):
    conversation, _facilitator = make_conversation(seeds=[f"Idea {i}." for i in range(7)])
    watcher = socketio.test_client(app, flask_test_client=app.test_client())
    assert watcher.emit("watch_map", {"conversation_id": conversation.id}, callback=True) == {"ok": True}
    area, statements = conversation.debate.neighbourhood, _statements(conversation)
    people = [make_user(neighbourhood=area) for _ in range(10)]
    for n, person in enumerate(people):
        for j, statement in enumerate(statements):
            react(person, statement, "agree" if (j % 2 == 0) == (n < 5) else "disagree")
    seen: list[dict] = []

    def full_map():
        seen.extend(_pushes(watcher))
        return next((p for p in seen if p["votes"] == 70), None)

    push = _wait_for(full_map, "a pushed map counting all 70 reactions")
    assert push["message"] == "The opinion map was updated. Reactions counted: %(votes)s."
    assert [g["size"] for g in push["groups"]] == [5, 5]
    assert set(push) == {"conversation_id", "marker", "votes", "groups", "consensus", "statements",
                         "message", "params"}
    assert all("members" not in g for g in push["groups"])  # counts only, never who
    _wait_for(lambda: not scheduler.pending(), "the recompute task to finish")
    db.session.expire_all()
    assert not snapshots.is_stale(conversation.id)
    assert snapshots.latest(conversation.id).vote_count == 70


def test_a_vote_request_does_not_recompute(app, client, make_conversation, make_user):
    app.config["OPINION_RECOMPUTE_DELAY"] = 3600  # the background task waits: only the request runs
    conversation, _facilitator = make_conversation()
    login(client, make_user(neighbourhood=conversation.debate.neighbourhood))
    statement = _statements(conversation)[0]
    client.post(f"/debates/{conversation.debate_id}/opinions/vote",
                data={"statement_id": statement.id, "value": "agree"})
    assert db.session.scalar(db.select(db.func.count(MapSnapshot.id))) == 0
    assert conversation.id in scheduler.pending()


def test_a_recompute_is_idempotent(app, make_conversation, make_user, react, recompute):
    conversation, _facilitator = make_conversation()
    react(make_user(neighbourhood=conversation.debate.neighbourhood), _statements(conversation)[0],
          "agree")
    assert recompute(conversation) is not None
    assert recompute(conversation) is None  # nothing changed: no second snapshot
    assert db.session.scalar(db.select(db.func.count(MapSnapshot.id))) == 1


@pytest.mark.parametrize("payload", [None, "x", {}, {"conversation_id": "1"},
                                     {"conversation_id": True}, {"conversation_id": 999999}])
def test_watching_needs_a_real_map(app, payload):
    sock = socketio.test_client(app, flask_test_client=app.test_client())
    reply = sock.emit("watch_map", payload, callback=True)
    assert reply["ok"] is False and reply["error"]
