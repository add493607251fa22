"""A health endpoint for load balancers: is the database answering, is the live queue reachable."""
from __future__ import annotations

import time

import redis
from flask import Blueprint, current_app, jsonify
from sqlalchemy import text

from deliberation.extensions import csrf, db, limiter

bp = Blueprint("health", __name__)


_LAST_CHECK: dict[str, tuple[float, bool | None]] = {}


def live_paused() -> bool:
    """Whether pages should say live updates are paused (checked at most every 5 seconds)."""
    url = current_app.config.get("SOCKETIO_MESSAGE_QUEUE")
    if not url:
        return False
    checked_at, ok = _LAST_CHECK.get(url, (0.0, None))
    if time.monotonic() - checked_at > 5:
        ok = _queue_ok()
        _LAST_CHECK[url] = (time.monotonic(), ok)
    return ok is False


def _queue_ok() -> bool | None:
    """None when there is no message queue (one process), else whether Redis answers a ping."""
    url = current_app.config.get("SOCKETIO_MESSAGE_QUEUE")
    if not url:
        return None
    try:
        return bool(redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@bp.get("/healthz")
@limiter.exempt
@csrf.exempt
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
        database = True
    except Exception:  # noqa: BLE001 - any failure means unhealthy
        current_app.logger.exception("Health check: database unreachable")
        database = False
    queue = _queue_ok()
    _LAST_CHECK[current_app.config.get("SOCKETIO_MESSAGE_QUEUE") or ""] = (time.monotonic(), queue)
    body = {"database": "ok" if database else "down",
            "live": {None: "single process", True: "ok", False: "paused"}[queue]}
    # Live updates are an enhancement: a missing queue degrades the site but does not take it down.
    body["status"] = "ok" if database else "down"
    return jsonify(body), 200 if database else 503
