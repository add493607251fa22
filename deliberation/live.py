"""Live-layer plumbing: emit after commit, rooms per user, disconnects and event rate limits."""
from __future__ import annotations

import os
import socket
import sys
import threading
import time
from typing import Callable

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session
from werkzeug.serving import WSGIRequestHandler

from deliberation import fanout
from deliberation.extensions import socketio
from models import db

_PENDING = "agora_after_commit"


def thread_room(thread_id: int) -> str:
    return f"thread:{thread_id}"


def user_room(user_id: int) -> str:
    return f"user:{user_id}"


def after_commit(callback: Callable[[], None]) -> None:
    """Run ``callback`` once the transaction commits, so nobody hears of a rolled-back change."""
    db.session.info.setdefault(_PENDING, []).append(callback)


@event.listens_for(Session, "after_commit")
def _run_pending(session: Session) -> None:
    for callback in session.info.pop(_PENDING, []):
        try:
            callback()
        except Exception:  # a live hiccup must never undo or hide a committed change
            current_app.logger.exception("Live callback failed")


def has_pending_callbacks(session: Session) -> bool:
    """Whether a change waits to be announced (its transaction must not end quietly)."""
    return bool(session.info.get(_PENDING))


@event.listens_for(Session, "after_transaction_end")
def _forget_pending(session: Session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_PENDING, None)


def emit_to_thread(thread_id: int, name: str, data: dict) -> None:
    """Send to everyone watching a thread, in this process and (with a queue) all others."""
    socketio.emit(name, data, to=thread_room(thread_id))


def disconnect_user(user_id: int, reason: str = "Your session has ended.") -> None:
    """End a person's live connections: tell every process's clients, cut this process's sockets."""
    socketio.emit("live_stopped", {"reason": reason}, to=user_room(user_id))
    server = getattr(socketio, "server", None)
    if server is None:
        return
    # Rooms are per process; other processes' clients got 'live_stopped', and every write
    # event re-checks the session token, so a socket left open elsewhere cannot act.
    try:
        sockets = list(server.manager.get_participants("/", user_room(user_id)))
    except KeyError:  # the room emptied while we looked: nobody left to cut off
        return
    for sid, _eio_sid in sockets:
        server.disconnect(sid, namespace="/")


def disconnect_user_after_commit(user_id: int, reason: str = "Your session has ended.") -> None:
    """Disconnect once the change that ends the session is committed."""
    after_commit(lambda: disconnect_user(user_id, reason))


SWITCH_INTERVAL = 0.02  # seconds; Python's default is 0.005


def tune_threads() -> None:
    """Let the thread fanning out a broadcast (a request's, or Redis's listener when several
    processes share a queue) finish before other threads take the interpreter: with Python's
    5 ms interval, bench/fanout.py saw the two-process p95 grow (130 ms against 57 ms)."""
    sys.setswitchinterval(float(os.environ.get("AGORA_SWITCH_INTERVAL", SWITCH_INTERVAL)))


_handling = threading.local()  # the responses NoDelayRequestHandler's thread must close


class NoDelayRequestHandler(WSGIRequestHandler):
    """Werkzeug's handler with Nagle off, as gunicorn sets it: otherwise a small write that
    follows another (the Socket.IO connect after the upgrade) waits for a delayed ACK, ~40 ms."""

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def run_wsgi(self) -> None:
        """Close every response: werkzeug skips it when the client resets while the server
        drains an unread request body, leaving a static file open."""
        _handling.responses = responses = []
        try:
            super().run_wsgi()
        finally:
            _handling.responses = None
            for response in responses:
                response.close()


class _ClosesOnce:
    """A response body whose close() runs once, whoever calls it first."""

    def __init__(self, body):
        self.body, self.closed = body, False

    def __iter__(self):
        return iter(self.body)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            getattr(self.body, "close", lambda: None)()


def close_responses(app: Callable) -> Callable:
    """WSGI middleware: under NoDelayRequestHandler, hand it each response to close."""
    def respond(environ, start_response):
        body = app(environ, start_response)
        responses = getattr(_handling, "responses", None)
        if responses is None:  # gunicorn, or a test client: they close what they serve
            return body
        responses.append(once := _ClosesOnce(body))
        return once
    return respond


class RateLimiter:
    """A token bucket per key (user id or socket id), held in this process's memory."""

    def __init__(self, capacity: int, window_seconds: float):
        self.capacity, self.rate = capacity, capacity / window_seconds
        self._buckets: dict[object, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: object) -> bool:
        """Take one token for ``key``; False when the bucket is empty."""
        now = time.monotonic()
        with self._lock:
            tokens, stamp = self._buckets.get(key, (float(self.capacity), now))
            tokens = min(self.capacity, tokens + (now - stamp) * self.rate)
            allowed = tokens >= 1
            self._buckets[key] = (tokens - 1 if allowed else tokens, now)
            if len(self._buckets) > 50_000:
                self._buckets.clear()
            return allowed


def rate_limiter() -> RateLimiter:
    return current_app.extensions["agora_live_limiter"]


def init_app(app: Flask) -> None:
    """Live settings, overridable from the environment or a test's config."""
    fanout.install()
    env = os.environ
    app.config.setdefault("LIVE_EVENTS_PER_WINDOW", int(env.get("LIVE_EVENTS_PER_WINDOW", "20")))
    app.config.setdefault("LIVE_WINDOW_SECONDS", float(env.get("LIVE_WINDOW_SECONDS", "10")))
    app.config.setdefault("AUTO_HIDE_FLAGS", int(env.get("AUTO_HIDE_FLAGS", "3")))
    app.extensions["agora_live_limiter"] = RateLimiter(app.config["LIVE_EVENTS_PER_WINDOW"],
                                                       app.config["LIVE_WINDOW_SECONDS"])
