"""Soak: two app processes on PostgreSQL with Redis as message queue, mixed load for minutes.

Page views, ballots (one distinct voter each, receipt kept), Socket.IO comments and survey
answers run from a few client threads against both gunicorn processes. In the middle Redis is
shut down and started again, then one app process is SIGKILLed and started again. Afterwards
everything acknowledged must be in the database. Baselines from the same run: the last minute's
p95 against the first minute's, and each process's RSS at the end against the start.
Duration: env SOAK_SECONDS (default 600). Exits non-zero when something acknowledged was lost.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import soak_clients as clients  # noqa: E402
from bench.live import _percentile  # noqa: E402
from bench.postgres import ensure_services, fresh_database  # noqa: E402
from tests.scale.resident import Resident  # noqa: E402
from tests.scale.servers import free_port, kill_server, start_server, stop_server  # noqa: E402

PASSWORD = "agora-demo"
REDIS_TIMEOUT = 60  # seconds for redis-server to answer PING
SERVED_AFTER_RESTART_TIMEOUT = 180  # the run is extended until both processes served again
SERVER_ENV = {"LIVE_EVENTS_PER_WINDOW": str(10**9), "AGORA_THREADS": "32"}


def _seed(url: str, folder: str, voters: int) -> dict:
    """The demo data plus generated verified Riverside residents; the ids the clients need."""
    from app import create_app
    from deliberation.accounts.services import set_password
    from deliberation.debates.services import debate_thread
    from deliberation.demo import load_demo
    from models import (Debate, Neighbourhood, Phase, Process, Survey, User, VerificationMethod, db,
                        utcnow)

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test-secret-key",
                      "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 1024, "UPLOAD_FOLDER": folder,
                      "MAIL_BACKEND": "memory",
                      # The demo draws its opinion map itself; a background recompute would
                      # outlive this seeding app and leave a connection in its engine's pool.
                      "OPINION_RECOMPUTE": "off"})
    with app.test_request_context():
        db.drop_all()
        db.create_all()
        load_demo()
        area = db.session.scalar(db.select(Neighbourhood).where(Neighbourhood.name == "Riverside"))
        template = User(email="x@example.org", display_name="x", neighbourhood_id=area.id)
        set_password(template, PASSWORD)
        emails = [f"soak{i}@example.org" for i in range(voters)]
        db.session.execute(db.insert(User), [
            {"email": e, "display_name": f"Soak {i}", "neighbourhood_id": area.id,
             "password_hash": template.password_hash, "verified_at": utcnow(),
             "verification_method": VerificationMethod.IN_PERSON} for i, e in enumerate(emails)])
        process = db.session.scalar(db.select(Process).where(Process.phase == Phase.VOTING))
        done = db.session.scalar(db.select(Process).where(Process.phase == Phase.RESULTS))
        debate = db.session.scalar(db.select(Debate).where(Debate.neighbourhood_id == area.id))
        survey = db.session.scalar(db.select(Survey))
        values = {"single_choice": "Fairly safe", "multiple_choice": "The underpass", "scale": "3",
                  "short_text": "", "long_text": ""}
        seed = {"process": process.id, "choices": [p.id for p in process.proposals
                                                   if p.status.value == "feasible"][:4],
                "thread": debate_thread(debate).id, "survey": survey.id,
                "questions": [(q.id, q.kind.value, values[q.kind.value]) for q in survey.questions],
                "paths": [f"/processes/{process.id}", f"/debates/{debate.id}",
                          f"/processes/{done.id}/results", f"/surveys/{survey.id}"],
                "voters": emails[: voters // 2], "respondents": emails[voters // 2:]}
        db.session.commit()
        db.engine.dispose()
    return seed


def _redis(port: int) -> None:
    """A Redis of the soak's own (the shared test Redis is never restarted)."""
    subprocess.run(["redis-server", "--daemonize", "yes", "--port", str(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no"], check=True, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + REDIS_TIMEOUT
    while subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).stdout.strip() != b"PONG":
        if time.monotonic() > deadline:
            raise RuntimeError("redis-server did not start")
        time.sleep(0.1)


def _redis_stop(port: int) -> None:
    subprocess.run(["redis-cli", "-p", str(port), "shutdown", "nosave"], capture_output=True)


def rss_mb(server: subprocess.Popen) -> float:
    """Resident memory of gunicorn's master and worker, from /proc (psutil is not needed)."""
    pids = [server.pid]
    try:
        pids += map(int, Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split())
    except OSError:
        return 0.0
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def _lost(url: str, tally: clients.Tally) -> dict[str, int]:
    """Acknowledged receipts, comments and survey answers missing from the database."""
    from sqlalchemy import create_engine, text
    engine = create_engine(url)
    with engine.connect() as db:
        codes = {r[0] for r in db.execute(text("SELECT receipt_code FROM ballots"))}
        bodies = dict(db.execute(text("SELECT id, body FROM comments")).all())
        texts = {r[0] for r in db.execute(text("SELECT text FROM survey_answers WHERE text IS NOT NULL"))}
    engine.dispose()
    return {"receipts": sum(c not in codes for c in tally.receipts.values()),
            "comments": sum(bodies.get(i) != b for i, b in tally.comments.items()),
            "survey answers": sum(s not in texts for s in tally.answers.values())}


def _p95(tally: clients.Tally, start: float, end: float) -> float:
    window = [s for t, s in tally.samples if start <= t < end]
    return _percentile(window, 0.95) * 1000 if window else float("nan")


def run_soak(url: str, seconds: float, out=print) -> dict:
    """The whole soak; returns the figures and the losses (also printed through `out`)."""
    folder, redis_port = tempfile.mkdtemp(prefix="agora-soak-"), free_port()
    seed = _seed(url, folder, voters=int(max(200, 24 * seconds)))
    _redis(redis_port)
    env = SERVER_ENV | {"SOCKETIO_MESSAGE_QUEUE": f"redis://127.0.0.1:{redis_port}/0"}
    ports = [free_port(), free_port()]
    servers = [start_server(url, port, folder, **env) for port in ports]
    tally, stop = clients.Tally(ports), threading.Event()
    try:
        for port in ports:  # warm up each process before the first RSS reading
            for path in seed["paths"]:
                Resident(f"http://127.0.0.1:{port}", timeout=clients.TIMEOUT).get(path)
        rss_start = [rss_mb(s) for s in servers]
        cookie_client = Resident(f"http://127.0.0.1:{ports[0]}", timeout=clients.TIMEOUT)
        cookie_client.log_in("resident@agora.example", PASSWORD)
        cookie = _cookie(cookie_client)
        tally.started = time.monotonic()
        threads = [threading.Thread(target=clients.pages, args=(tally, ports, seed["paths"], stop)),
                   threading.Thread(target=clients.pages, args=(tally, ports[::-1], seed["paths"], stop)),
                   threading.Thread(target=clients.ballots, args=(tally, ports, seed["voters"], PASSWORD,
                                                                  seed["process"], seed["choices"], stop)),
                   threading.Thread(target=clients.surveys, args=(tally, ports, seed["respondents"], PASSWORD,
                                                                  seed["survey"], seed["questions"], stop)),
                   threading.Thread(target=clients.comments, args=(tally, ports, cookie, seed["thread"], stop))]
        for t in threads:
            t.start()
        elapsed = lambda: time.monotonic() - tally.started  # noqa: E731
        stop.wait(max(0.0, 0.35 * seconds - elapsed()))
        _redis_stop(redis_port)
        out(f"  {elapsed():5.0f} s: Redis shut down")
        _redis(redis_port)
        out(f"  {elapsed():5.0f} s: Redis started again")
        stop.wait(max(0.0, 0.55 * seconds - elapsed()))
        tally.down.add(ports[1])
        kill_server(servers[1])
        out(f"  {elapsed():5.0f} s: app process 2 killed with SIGKILL")
        servers[1] = start_server(url, ports[1], folder, **env)
        restarted = elapsed()
        tally.down.discard(ports[1])
        rss_restart = rss_mb(servers[1])
        out(f"  {restarted:5.0f} s: app process 2 answering again")
        deadline = max(time.monotonic(), tally.started + seconds) + SERVED_AFTER_RESTART_TIMEOUT
        while elapsed() < seconds or not all(
                any(t > restarted for t in tally.by_port[p]) for p in ports):
            if time.monotonic() > deadline:
                break
            stop.wait(0.2)
        total = elapsed()
        rss_end = [rss_mb(s) for s in servers]
        stop.set()
        for t in threads:
            t.join(clients.TIMEOUT + 30)
    finally:
        stop.set()
        for server in servers:
            stop_server(server)
        _redis_stop(redis_port)
        shutil.rmtree(folder, ignore_errors=True)
    after = {p: sum(t > restarted for t in tally.by_port[p]) for p in ports}
    window = min(60.0, total / 4)
    result = {"tally": tally, "lost": _lost(url, tally), "served_after_restart": after,
              "seconds": total, "window": window,
              "p95_first": _p95(tally, 0, window), "p95_last": _p95(tally, total - window, total),
              "rss": [(rss_start[0], rss_end[0]), (rss_restart, rss_end[1])], "rss_first": rss_start[1]}
    _report(result, out)
    return result


def _cookie(client: Resident) -> str:
    for handler in client.opener.handlers:
        if hasattr(handler, "cookiejar"):
            return "; ".join(f"{c.name}={c.value}" for c in handler.cookiejar)
    return ""


def _report(r: dict, out) -> None:
    tally = r["tally"]
    samples = [s for _, s in tally.samples]
    out(f"  {r['seconds']:.0f} s in all; requests served by kind: "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(tally.served.items())))
    out("  errors by kind: " + (", ".join(f"{k} {v}" for k, v in sorted(tally.errors.items())) or "none")
        + "; refused or cut off while a process was down (expected): "
        + (", ".join(f"{k} {v}" for k, v in sorted(tally.expected.items())) or "none"))
    if samples:
        out(f"  latency p50 {_percentile(samples, 0.5) * 1000:.0f} ms, p95 {_percentile(samples, 0.95) * 1000:.0f} ms;"
            f" p95 last {r['window']:.0f} s {r['p95_last']:.0f} ms / first {r['window']:.0f} s "
            f"{r['p95_first']:.0f} ms = x{r['p95_last'] / r['p95_first']:.2f}")
    growths = []
    for n, (start, end) in enumerate(r["rss"], 1):
        growths.append((end - start) / start * 100 if start else float("nan"))
        since = "start" if n == 1 else f"its restart (first start {r['rss_first']:.0f} MB)"
        out(f"  process {n} RSS {start:.0f} MB at {since}, {end:.0f} MB at the end ({growths[-1]:+.1f}%)")
    out(f"  memory growth ≤ 20%: {'yes' if all(g <= 20 for g in growths) else 'no'}")
    out("  served after the restart: " + ", ".join(
        f"process {n} {c:,}" for n, c in enumerate(r["served_after_restart"].values(), 1)))
    out(f"  acknowledged and kept: {len(tally.receipts):,} receipts, {len(tally.comments):,} comments, "
        f"{len(tally.answers):,} survey answers; lost: "
        + ", ".join(f"{k} {v}" for k, v in r["lost"].items()))


def main() -> None:
    seconds = float(os.environ.get("SOAK_SECONDS", "600"))
    reason = ensure_services()
    if reason:
        print(f"soak: skipped, {reason}")
        return
    if shutil.which("redis-server") is None:
        print("soak: skipped, redis-server is not installed")
        return
    print(f"\n== Soak: 2 processes on PostgreSQL + Redis, {seconds:.0f} s of mixed load "
          f"({os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start)")
    result = run_soak(fresh_database("agora_bench_soak"), seconds)
    if any(result["lost"].values()):
        print("soak: FAILED, something acknowledged was lost")
        sys.exit(1)


if __name__ == "__main__":
    main()
