"""Floods hit a limit and get the friendly 429 page (or a socket refusal), never a crash."""
from __future__ import annotations

import http.client
import secrets
import urllib.request
from functools import partial
from http.cookiejar import CookieJar

import pytest

from deliberation.debates.services import debate_thread
from deliberation.extensions import socketio
from models import Comment, Flag, db
from tests.conftest import app_settings, login
from tests.scale.resident import Resident
from tests.scale.servers import free_port, start_server, stop_server

FRIENDLY = "Please wait a minute before trying again"


@pytest.fixture
def app_config(tmp_path, request):
    """Limits on; a test may add settings by parametrising this fixture indirectly."""
    return app_settings(tmp_path, RATELIMIT_ENABLED=True, LIVE_EVENTS_PER_WINDOW=3,
                        LIVE_WINDOW_SECONDS=60, **getattr(request, "param", {}))


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


def _wrong_login(client, user, forwarded_for: str) -> int:
    return client.post("/login", data={"email": user.email, "password": "wrong"},
                       headers={"X-Forwarded-For": forwarded_for}).status_code


@pytest.mark.parametrize("app_config", [{"TRUSTED_PROXIES": 1}], indirect=True)
def test_behind_nginx_one_guesser_does_not_lock_everyone_out(client, make_user):
    """nginx appends the client's address to X-Forwarded-For; the limit is per client."""
    user = make_user()
    # Whatever the guesser writes in front, nginx's last entry is their real address.
    guesses = [_wrong_login(client, user, f"10.0.0.{n}, 203.0.113.7") for n in range(11)]
    assert 429 not in guesses[:10] and guesses[10] == 429
    assert _wrong_login(client, user, "198.51.100.2") == 400  # a neighbour can still log in


def test_without_a_trusted_proxy_a_forged_forwarded_for_is_ignored(client, make_user):
    """Connecting directly, a made-up X-Forwarded-For does not buy fresh attempts."""
    user = make_user()
    guesses = [_wrong_login(client, user, f"203.0.113.{n}") for n in range(11)]
    assert 429 not in guesses[:10] and guesses[10] == 429


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
    assert (acks[3]["ok"], acks[3]["error"]) == (
        False, "You are doing that too often. Please wait a few seconds.")
    refusals = [m["args"][0] for m in sock.get_received() if m["name"] == "refused"]
    assert refusals[-1]["event"] == "flag"
    assert sock.is_connected()


class _FromAddress(urllib.request.HTTPHandler):
    """Connect from one loopback address: a person's own IP, and this run's own limit key."""

    def __init__(self, address: str):
        super().__init__()
        self.address = address

    def http_open(self, request):
        return self.do_open(partial(http.client.HTTPConnection,
                                    source_address=(self.address, 0)), request)


def _browser_at(address: str, server: str) -> Resident:
    """Someone at ``address`` using one server process, with cookies and CSRF tokens."""
    person = Resident(server)
    person.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()),
                                                _FromAddress(address))
    return person


def _loopback_address() -> str:
    return "127." + ".".join(str(secrets.randbelow(250) + 1) for _ in range(3))


@pytest.fixture
def two_processes(app_config, redis_url, tmp_path):
    """Two gunicorn processes on this test's database, counting limits in the same Redis."""
    ports, servers = [free_port(), free_port()], []
    try:
        for port in ports:
            servers.append(start_server(app_config["SQLALCHEMY_DATABASE_URI"], port, tmp_path,
                                        RATELIMIT_ENABLED="1", RATELIMIT_STORAGE_URI=redis_url))
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for server in servers:
            stop_server(server)


@pytest.mark.postgres  # the Redis that scripts/test-services.sh starts
def test_login_attempts_on_two_processes_count_together_in_redis(two_processes, make_user):
    """Behind a load balancer, guesses spread over processes still hit one limit of 10."""
    user = make_user()
    address = _loopback_address()
    first, second = (_browser_at(address, server) for server in two_processes)
    wrong = [("email", user.email), ("password", "not the password")]
    statuses = [(first, second)[n % 2].post_form("/login", wrong)[0] for n in range(10)]
    assert statuses == [400] * 10  # "wrong email or password", five times on each process
    status, page = second.post_form("/login", wrong)
    assert status == 429 and "Too many attempts" in page and FRIENDLY in page
    assert first.post_form("/login", wrong)[0] == 429
    someone_else = _browser_at(_loopback_address(), two_processes[0])
    assert someone_else.post_form("/login", wrong)[0] == 400
