"""Floods hit a limit and get the friendly 429 page (or a socket refusal), never a crash."""
from __future__ import annotations

import pytest

from deliberation.debates.services import debate_thread
from deliberation.extensions import socketio
from models import Comment, Flag, db
from tests.conftest import app_settings, login

FRIENDLY = "Please wait a minute before trying again"


@pytest.fixture
def app_config(tmp_path):
    return app_settings(tmp_path, RATELIMIT_ENABLED=True, LIVE_EVENTS_PER_WINDOW=3,
                        LIVE_WINDOW_SECONDS=60)


def _flood(client, url: str, data: dict, times: int) -> list[int]:
    return [client.post(url, data=data).status_code for _ in range(times)]


def _assert_friendly_429(response):
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Too many attempts" in page and FRIENDLY in page


def test_login_and_registration_are_limited(client, make_user):
    user = make_user()
    statuses = _flood(client, "/login", {"email": user.email, "password": "wrong"}, 10)
    assert 429 not in statuses
    _assert_friendly_429(client.post("/login", data={"email": user.email, "password": "wrong"}))
    form = {"display_name": "X", "email": "x@example.org", "password": "p", "confirm": "q"}
    assert 429 not in _flood(client, "/register", form, 5)
    _assert_friendly_429(client.post("/register", data=form))


def test_password_reset_requests_are_limited(client, make_user):
    user = make_user()
    assert 429 not in _flood(client, "/forgot-password", {"email": user.email}, 5)
    _assert_friendly_429(client.post("/forgot-password", data={"email": user.email}))
    assert 429 not in _flood(client, "/reset-password/bad-token", {"password": "x"}, 10)
    _assert_friendly_429(client.post("/reset-password/bad-token", data={"password": "x"}))


def test_posting_comments_is_limited(client, make_user, make_debate):
    debate = make_debate()
    thread = debate_thread(debate)
    db.session.commit()
    login(client, make_user(neighbourhood=debate.neighbourhood))
    url = f"/threads/{thread.id}/comments"
    statuses = [client.post(url, data={"body": f"Point {n}"}).status_code for n in range(30)]
    assert 429 not in statuses
    _assert_friendly_429(client.post(f"/threads/{thread.id}/comments", data={"body": "one more"}))
    assert db.session.scalar(db.select(db.func.count(Comment.id))) <= 30


def test_flagging_is_limited(client, make_user, make_debate):
    debate = make_debate()
    thread = debate_thread(debate)
    db.session.commit()
    author = make_user(neighbourhood=debate.neighbourhood)
    login(client, author)
    client.post(f"/threads/{thread.id}/comments", data={"body": "Flag me"})
    comment = db.session.scalar(db.select(Comment))
    client.post("/logout")
    login(client, make_user(neighbourhood=debate.neighbourhood))
    url = f"/threads/comments/{comment.id}/flag"
    statuses = _flood(client, url, {"reason": "spam"}, 20)
    assert 429 not in statuses
    _assert_friendly_429(client.post(url, data={"reason": "spam"}))
    assert db.session.scalar(db.select(db.func.count(Flag.id))) == 1


def test_socket_events_are_limited_with_a_readable_refusal(app, client, make_user, make_debate):
    """Also covered for joins by tests/threads/test_rate_limit.py; here for flags and comments."""
    debate = make_debate()
    thread = debate_thread(debate)
    db.session.commit()
    login(client, make_user(neighbourhood=debate.neighbourhood))
    sock = socketio.test_client(app, flask_test_client=client)
    acks = [sock.emit("post_comment", {"thread_id": thread.id, "body": f"n{n}"}, callback=True)
            for n in range(3)]
    acks.append(sock.emit("flag", {"comment_id": 1, "reason": "spam"}, callback=True))
    assert [a["ok"] for a in acks[:3]] == [True, True, True]
    assert acks[3] == {"ok": False,
                       "error": "You are doing that too often. Please wait a few seconds."}
    refusals = [m["args"][0] for m in sock.get_received() if m["name"] == "refused"]
    assert refusals[-1]["event"] == "flag"
    assert sock.is_connected()
