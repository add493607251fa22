"""Live-layer benchmark: comment-to-screen latency for many watchers, and thread render cost.

Run with `python -m bench.live` (or through `python -m bench`, which calls main()).
The server runs in its own process, as in production; watchers speak Engine.IO v4 over
simple-websocket, so the benchmark needs nothing beyond the app's own dependencies.
"""
from __future__ import annotations

import http.cookiejar
import json
import logging
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path

import simple_websocket
from wsproto.utilities import LocalProtocolError

from bench.crowd import CrowdProcess, latencies
from tests.scale.servers import free_port

WATCHER_COUNTS = (100, 500, 1000)
POSTS_PER_ROUND = 20
EMAIL, PASSWORD = "bench@example.org", "bench password 123"


def _settings(db_path: Path) -> dict:
    return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}", "SECRET_KEY": "bench",
            "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False, "MAIL_BACKEND": "memory",
            "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 1024,
            "LIVE_EVENTS_PER_WINDOW": 10**9, "LIVE_WINDOW_SECONDS": 1.0}


def _raise_file_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 20_000), hard))


def _seed(db_path: Path) -> int:
    """A neighbourhood, one resident and an open debate; returns the debate's thread id."""
    from app import create_app
    from deliberation.accounts.services import set_password
    from deliberation.debates.services import debate_thread
    from models import Debate, Neighbourhood, User, VerificationMethod, db, utcnow

    app = create_app(_settings(db_path))
    with app.app_context():
        db.create_all()
        area = Neighbourhood(name="Bench", slug="bench")
        db.session.add(area)
        db.session.flush()
        user = User(email=EMAIL, display_name="Bench", neighbourhood_id=area.id,
                    verified_at=utcnow(), verification_method=VerificationMethod.IN_PERSON)
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


def serve(db_path: str, port: int) -> None:
    """The server process: the real app and Socket.IO on werkzeug's threaded server."""
    from werkzeug.serving import make_server

    from app import create_app
    from deliberation.live import NoDelayRequestHandler, tune_threads
    _raise_file_limit()
    tune_threads()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = make_server("127.0.0.1", port, create_app(_settings(Path(db_path))), threaded=True,
                         request_handler=NoDelayRequestHandler)
    server.serve_forever()


class Watcher:
    """A minimal Socket.IO client: connect, join a thread, timestamp every new comment."""

    def __init__(self, url: str, thread_id: int, cookie: str | None = None):
        headers = {"Cookie": cookie} if cookie else None
        self.ws = simple_websocket.Client.connect(url, headers=headers)
        self.arrivals: list[float] = []
        self.acks: dict[int, object] = {}
        self.ready = threading.Event()
        self.ws.receive()  # Engine.IO open packet
        self.ws.send("40")
        threading.Thread(target=self._read, daemon=True).start()
        self.ready.wait(10)
        self.call(1, "join", {"thread_id": thread_id})

    def call(self, ack_id: int, event: str, data: dict) -> object:
        self.ws.send(f"42{ack_id}" + json.dumps([event, data]))
        deadline = time.monotonic() + 30
        while ack_id not in self.acks and time.monotonic() < deadline:
            time.sleep(0.001)
        return self.acks.get(ack_id)

    def _read(self) -> None:
        try:
            while True:
                message = self.ws.receive()
                if message == "2":
                    self.ws.send("3")
                elif message.startswith("40"):
                    self.ready.set()
                elif message.startswith("43"):
                    body = message[2:]
                    split = body.index("[")
                    self.acks[int(body[:split])] = json.loads(body[split:])[0]
                elif message.startswith('42["thread_event"'):
                    if json.loads(message[2:])[1]["kind"] == "comment_posted":
                        self.arrivals.append(time.perf_counter())
        except (simple_websocket.ConnectionClosed, OSError, LocalProtocolError):
            return  # closed by us or by the server: the reader simply ends

    def close(self) -> None:
        self.ws.close()


def _login_cookie(base: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    data = urllib.parse.urlencode({"email": EMAIL, "password": PASSWORD}).encode()
    opener.open(f"{base}/login", data=data, timeout=10).read()
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("The benchmark server did not start.")


def _percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure_latency(counts=WATCHER_COUNTS, posts: int = POSTS_PER_ROUND,
                    env: dict[str, str] | None = None) -> dict[int, tuple]:
    """p50 and p95 milliseconds from posting to arrival, per number of watchers."""
    _raise_file_limit()
    workdir = Path(tempfile.mkdtemp(prefix="agora-bench-"))
    thread_id = _seed(workdir / "bench.db")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "bench.live", "--serve",
                               str(workdir / "bench.db"), str(port)],
                              cwd=Path(__file__).resolve().parent.parent,
                              env=os.environ | (env or {}))
    results = {}
    try:
        _wait_for(port)
        url = f"ws://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket"
        poster = Watcher(url, thread_id, _login_cookie(f"http://127.0.0.1:{port}"))
        ack_id = 100
        for count in counts:
            crowd = CrowdProcess(thread_id, count, [url])
            starts = {}
            for n in range(posts):
                ack_id += 1
                start = time.perf_counter()
                ack = poster.call(ack_id, "post_comment", {"thread_id": thread_id, "body": f"Post {n}"})
                starts[ack["comment_id"]] = start
                crowd.wait_complete()
            samples = latencies(starts, crowd.finish())
            results[count] = (_percentile(samples, 0.5), _percentile(samples, 0.95), len(samples))
        poster.close()
    finally:
        server.terminate()
        server.wait(10)
    return results


def measure_render(sizes=(50, 5000), repeats: int = 5) -> dict[int, tuple[int, float]]:
    """SQL statements and median milliseconds to render a debate page with N comments."""
    from sqlalchemy import event

    from app import create_app
    from models import Comment, Debate, User, db, utcnow

    results = {}
    for size in sizes:
        workdir = Path(tempfile.mkdtemp(prefix="agora-bench-render-"))
        thread_id = _seed(workdir / "render.db")
        app = create_app(_settings(workdir / "render.db"))
        with app.app_context():
            author = db.session.scalar(db.select(User))
            now = utcnow()
            db.session.execute(db.insert(Comment), [
                {"thread_id": thread_id, "author_id": author.id, "body": f"Comment {i} *text*",
                 "depth": 1, "created_at": now + timedelta(seconds=i)} for i in range(size)])
            db.session.commit()
            debate_id = db.session.scalar(db.select(Debate.id))
            engine = db.engine
        # Requests outside that context, as in production: each gets a fresh session.
        statements: list[str] = []
        event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        client = app.test_client()
        timings = []
        for _ in range(repeats):
            statements.clear()
            start = time.perf_counter()
            assert client.get(f"/debates/{debate_id}").status_code == 200
            timings.append((time.perf_counter() - start) * 1000)
        results[size] = (len(statements), statistics.median(timings))
        engine.dispose()
    return results


def main() -> None:
    """Print latency percentiles and render costs, each as a ratio to a baseline from this run."""
    print(f"Live delivery: posting a comment to its arrival at every watcher "
          f"(one server process, {os.cpu_count()} cores)")
    latency = measure_latency()
    base_p50, base_p95, _ = latency[min(latency)]
    for count, (p50, p95, samples) in latency.items():
        print(f"  {count:>5} watchers: p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  "
              f"(x{p50 / base_p50:.2f} / x{p95 / base_p95:.2f} of {min(latency)}; "
              f"{samples} samples; goal p95 < 100 ms at 1,000)")
    most = max(latency)
    for label, env in (("through engineio's writer thread per socket (the previous approach)",
                        {"AGORA_DIRECT_WRITES": "0"}),
                       ("with Python's default 5 ms thread switch", {"AGORA_SWITCH_INTERVAL": "0.005"})):
        old = measure_latency(counts=(most,), env=env)[most]
        print(f"  {most:>5} watchers {label}: p50 {old[0]:.1f} ms  p95 {old[1]:.1f} ms; "
              f"shipped p95 is x{latency[most][1] / old[1]:.2f}")
    print("Thread page: SQL statements and render time")
    render = measure_render()
    small = render[min(render)]
    for size, (statements, ms) in render.items():
        print(f"  {size:>5} comments: {statements:3d} statements  {ms:7.1f} ms  "
              f"(x{statements / small[0]:.2f} statements, x{ms / small[1]:.2f} time)")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--serve":
        serve(sys.argv[2], int(sys.argv[3]))
    else:
        os.environ.setdefault("AGORA_ENV", "development")
        main()
