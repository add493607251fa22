"""Live fan-out across processes: a comment reaching 1,000 watchers split over two processes.

Two gunicorn processes share PostgreSQL and Redis (the Socket.IO message queue); half the
watchers connect to each, and a resident posts through the first. Baseline from the same run:
the same watchers on one process. Prints p50/p95 milliseconds from post to arrival.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.crowd import CrowdProcess, latencies  # noqa: E402
from bench.live import _percentile, _raise_file_limit  # noqa: E402
from bench.postgres import fresh_database  # noqa: E402
from tests.scale.resident import Resident  # noqa: E402
from tests.scale.servers import free_port, start_server, stop_server  # noqa: E402

WATCHERS = int(os.environ.get("AGORA_BENCH_WATCHERS", "1000"))
POSTS = 10
EMAIL, PASSWORD = "poster@example.org", "bench password 123"


def _seed(url: str, folder: str) -> int:
    """A resident and an open debate on a fresh database; returns the debate's thread id."""
    from app import create_app
    from deliberation.accounts.services import set_password
    from deliberation.debates.services import debate_thread
    from models import Debate, Neighbourhood, User, VerificationMethod, db, utcnow

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test-secret-key",
                      "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 1024, "UPLOAD_FOLDER": folder})
    with app.test_request_context():
        db.drop_all()
        db.create_all()
        area = Neighbourhood(name="Bench", slug="bench", description="")
        db.session.add(area)
        db.session.flush()
        user = User(email=EMAIL, display_name="Poster", neighbourhood_id=area.id, verified_at=utcnow(),
                    verification_method=VerificationMethod.IN_PERSON)
        set_password(user, PASSWORD)
        now = utcnow()
        debate = Debate(neighbourhood_id=area.id, title="Bench", question="Fast?",
                        starts_at=now - timedelta(hours=1), ends_at=now + timedelta(days=1))
        db.session.add_all([user, debate])
        db.session.flush()
        thread_id = debate_thread(debate).id
        db.session.commit()
        db.engine.dispose()
    return thread_id


def _round(url: str, redis: str, processes: int, folder: str) -> tuple[float, float, int]:
    thread_id = _seed(url, folder)
    ports = [free_port() for _ in range(processes)]
    servers = [start_server(url, port, folder, SOCKETIO_MESSAGE_QUEUE=redis,
                            AGORA_THREADS=str(WATCHERS // processes + 50),
                            AGORA_WORKER_CONNECTIONS=str(WATCHERS // processes + 100)) for port in ports]
    crowd = None
    try:
        urls = [f"ws://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket" for port in ports]
        crowd = CrowdProcess(thread_id, WATCHERS, urls)
        poster = Resident(f"http://127.0.0.1:{ports[0]}")
        poster.log_in(EMAIL, PASSWORD)
        starts = []
        for n in range(POSTS):
            start = time.perf_counter()
            poster.post_form(f"/threads/{thread_id}/comments", [("body", f"Post {n}")], reuse_token=n > 0)
            starts.append(start)
            crowd.wait_complete()
        arrivals = crowd.finish()
        samples = latencies(dict(zip(sorted(arrivals), starts)), arrivals)
        return _percentile(samples, 0.5), _percentile(samples, 0.95), len(samples)
    finally:
        if crowd is not None and crowd.process.poll() is None:
            crowd.process.kill()
        for server in servers:
            stop_server(server)


def main() -> None:
    redis = os.environ.get("AGORA_TEST_REDIS")
    url = fresh_database("agora_bench_fanout")
    if not redis or url is None:
        print("fanout: skipped, needs the PostgreSQL and Redis that `make bench` starts")
        return
    _raise_file_limit()
    print(f"\n== Live fan-out across processes ({os.cpu_count()} cores, {WATCHERS} watchers, {POSTS} posts)")
    with tempfile.TemporaryDirectory() as folder:
        base = _round(url, redis, 1, folder)
        two = _round(url, redis, 2, folder)
    for name, (p50, p95, n) in (("1 process (baseline)", base), ("2 processes via Redis", two)):
        print(f"{name:>24}: p50 {p50:.0f} ms, p95 {p95:.0f} ms over {n:,} arrivals "
              f"({p95 / base[1]:.2f}x baseline p95; goal p95 < 200 ms)")


if __name__ == "__main__":
    main()
