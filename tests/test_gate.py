"""The request gate: page requests queue for a slot; websockets never wait behind them."""
import threading
from pathlib import Path

from app import create_app
from deliberation.gate import RequestGate, outside
from tests.conftest import app_settings

ROOT = Path(__file__).resolve().parents[1]


class SlowApp:
    """A WSGI app that holds each request until told to go, counting who is inside."""

    def __init__(self):
        self.inside, self.most, self.entered = 0, 0, threading.Semaphore(0)
        self.go, self._lock = threading.Event(), threading.Lock()

    def __call__(self, environ, start_response):
        with self._lock:
            self.inside += 1
            self.most = max(self.most, self.inside)
        self.entered.release()
        if environ["PATH_INFO"].startswith("/page"):
            self.go.wait(5)
        with self._lock:
            self.inside -= 1
        start_response("200 OK", [])
        return [b"done"]


def _request(gate, path, out):
    out.append(b"".join(gate({"PATH_INFO": path}, lambda *_: None)))


def test_requests_beyond_the_slots_wait_until_one_finishes():
    app, out = SlowApp(), []
    gate = RequestGate(app, slots=2)
    threads = [threading.Thread(target=_request, args=(gate, f"/page/{n}", out)) for n in range(5)]
    for thread in threads:
        thread.start()
    assert app.entered.acquire(timeout=30) and app.entered.acquire(timeout=30)
    assert not app.entered.acquire(timeout=0.3), "a third request got in beside two"
    app.go.set()
    for thread in threads:
        thread.join(5)
    assert out == [b"done"] * 5 and app.most == 2


def test_socketio_and_health_checks_pass_while_every_slot_is_taken():
    app, out = SlowApp(), []
    gate = RequestGate(app, slots=1)
    page = threading.Thread(target=_request, args=(gate, "/page", out))
    page.start()
    assert app.entered.acquire(timeout=30)
    _request(gate, "/socket.io/", out)  # would block forever behind the page if gated
    _request(gate, "/healthz", out)
    assert out == [b"done", b"done"]
    app.go.set()
    page.join(5)
    assert out == [b"done"] * 3


def test_the_configured_number_of_slots_gates_the_app(tmp_path):
    gated = create_app(app_settings(tmp_path, REQUEST_SLOTS=3))
    assert isinstance(gated.wsgi_app, RequestGate) and gated.wsgi_app.slots == 3
    assert not isinstance(create_app(app_settings(tmp_path, REQUEST_SLOTS=0)).wsgi_app, RequestGate)


def test_gunicorn_gives_each_process_one_slot_unless_told_otherwise(monkeypatch):
    monkeypatch.delenv("AGORA_REQUEST_SLOTS", raising=False)
    assert "AGORA_REQUEST_SLOTS=1" in _gunicorn_settings()["raw_env"]
    monkeypatch.setenv("AGORA_REQUEST_SLOTS", "2")
    assert "AGORA_REQUEST_SLOTS=2" in _gunicorn_settings()["raw_env"]


def _gunicorn_settings() -> dict:
    """deploy/gunicorn.conf.py read the way gunicorn reads it: run as Python."""
    settings: dict = {}
    exec((ROOT / "deploy" / "gunicorn.conf.py").read_text(), settings)
    return settings


def test_a_request_waiting_outside_lets_another_in_and_then_takes_a_slot_back():
    waiting, go_on, order = threading.Event(), threading.Event(), []

    def app(environ, start_response):
        if environ["PATH_INFO"] == "/mail":
            with outside():  # e.g. a slow mail server
                waiting.set()
                go_on.wait(5)
        order.append(environ["PATH_INFO"])
        start_response("200 OK", [])
        return [b""]

    gate = RequestGate(app, slots=1)
    mail = threading.Thread(target=_request, args=(gate, "/mail", []))
    mail.start()
    assert waiting.wait(5)
    _request(gate, "/page", [])  # would wait for the mail to go if the slot were still held
    go_on.set()
    mail.join(5)
    assert order == ["/page", "/mail"]
    again = threading.Thread(target=_request, args=(gate, "/again", []))
    again.start()
    again.join(5)
    assert order[-1] == "/again", "the mail request kept its slot after leaving"
