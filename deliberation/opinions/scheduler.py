"""Recompute maps in the background, never in a vote's request, at most once per delay per map.

A vote schedules its conversation after it commits. One background task per conversation and
process sleeps for the delay, recomputes (snapshots.recompute is idempotent and ignores stale
work), and loops while the votes changed meanwhile, so a burst of votes costs one recompute per
delay. On several processes each schedules for its own votes; the snapshot markers keep them from
storing the same map twice or an older one over a newer. The new map is pushed to the
conversation's room, for every process's sockets (through the message queue when there is one).
"""
from __future__ import annotations

import threading

from flask import Flask, current_app

from deliberation import live_messages as said
from deliberation.extensions import socketio
from models import db

DEFAULT_DELAY = 2.0  # seconds between two recomputes of one map

_lock = threading.Lock()
_due: set[tuple[int, int]] = set()  # (app, conversation) with a task sleeping or running here


def conversation_room(conversation_id: int) -> str:
    return f"conversation:{conversation_id}"


def mode(app: Flask) -> str:
    """'background' (the default) or 'off'.

    Tests default to 'off': a recompute landing seconds later would change rows under tests that
    compare the database before and after a request; the map's own tests turn it on."""
    return app.config.get("OPINION_RECOMPUTE", "off" if app.testing else "background")


def schedule(conversation_id: int) -> None:
    """Ask for a recompute soon; calls within one delay are folded into one."""
    app = current_app._get_current_object()
    if mode(app) == "off":
        return
    key = (id(app), conversation_id)
    with _lock:
        if key in _due:
            return
        _due.add(key)
    socketio.start_background_task(_work, app, conversation_id)


def _work(app: Flask, conversation_id: int) -> None:
    delay = float(app.config.get("OPINION_RECOMPUTE_DELAY", DEFAULT_DELAY))
    healthy = True
    try:
        while True:
            socketio.sleep(delay)
            with app.app_context():
                run_once(conversation_id)
                if not _stale(conversation_id):
                    break
    except Exception:  # a failed recompute must not kill the process; the next vote retries
        healthy = False
        with app.app_context():
            app.logger.exception("Recomputing the opinion map of conversation %s failed",
                                 conversation_id)
    finally:
        with _lock:
            _due.discard((id(app), conversation_id))
    # A vote committed between the last check and the discard found us due and did not schedule.
    try:
        with app.app_context():
            if healthy and _stale(conversation_id):
                schedule(conversation_id)
    except Exception:  # the database went away (shutdown): nothing left to do
        pass


def _stale(conversation_id: int) -> bool:
    from deliberation.opinions.snapshots import is_stale
    return is_stale(conversation_id)


def run_once(conversation_id: int) -> bool:
    """Recompute now if stale, commit, and push the new map; True if a map was stored."""
    from deliberation.opinions import snapshots, view
    try:
        snapshot = snapshots.recompute(conversation_id)
        if snapshot is None:
            db.session.rollback()
            return False
        payload = view.push_payload(snapshot)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    socketio.emit("opinion_map", payload | said.said(said.MAP_UPDATED, votes=payload["votes"]),
                  to=conversation_room(conversation_id))
    return True


def pending() -> set[int]:
    """Conversations this process will recompute soon (for tests and health checks)."""
    app_id = id(current_app._get_current_object())
    with _lock:
        return {conversation for owner, conversation in _due if owner == app_id}
