"""Ballot commits per second through HTTP, on SQLite and PostgreSQL, with one and two processes.

Each configuration runs real gunicorn processes (as in production) and a light load generator in
its own process (bench.loadgen: one thread, one kept-alive connection per voter). 32 residents log
in, then vote (changing their ballots) for a fixed time; a commit counts when the voter has read
its receipt code. Afterwards the database must hold exactly one ballot per voter who saw a
receipt, with the last receipt's choices: no lost or doubled ballot. Baseline: one process on
SQLite, in the same run. The generator's and the servers' CPU time are printed beside the rates.
The servers run deploy/gunicorn.conf.py as production does (one page request at a time per
process); the test PostgreSQL runs with fsync off, as in CI, so commits do not wait for a disk.
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, event, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.postgres import fresh_database  # noqa: E402
from tests.scale.resident import RECEIPT, TOKEN  # noqa: E402
from tests.scale.servers import ROOT, free_port, start_server, stop_server  # noqa: E402

SECONDS, VOTERS, ROUNDS = 10.0, 32, 200
PASSWORD = "bench password 123"


def _prepare(url: str, folder: str) -> tuple[int, list[int], list[str]]:
    """A voting process with four projects and one verified voter per client."""
    from app import create_app
    from deliberation.accounts.services import set_password
    from models import (BallotKind, Neighbourhood, Phase, Process, Proposal, ProposalStatus, User,
                        VerificationMethod, db, utcnow)

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test-secret-key",
                      "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 1024, "UPLOAD_FOLDER": folder})
    with app.test_request_context():
        db.drop_all()
        db.create_all()
        area = Neighbourhood(name="Bench", slug="bench", description="")
        db.session.add(area)
        db.session.flush()
        process = Process(title="Bench", budget=1000, neighbourhood_id=area.id, phase=Phase.VOTING,
                          ballot_kind=BallotKind.APPROVAL)
        db.session.add(process)
        db.session.flush()
        projects = [Proposal(process_id=process.id, title=f"P{i}", estimated_cost=100, category="Other",
                             status=ProposalStatus.FEASIBLE) for i in range(4)]
        db.session.add_all(projects)
        emails = [f"voter{i}@example.org" for i in range(VOTERS)]
        template = User(email="x@example.org", display_name="x", neighbourhood_id=area.id)
        set_password(template, PASSWORD)
        for email in emails:
            user = User(email=email, display_name=email, neighbourhood_id=area.id,
                        password_hash=template.password_hash, verified_at=utcnow(),
                        verification_method=VerificationMethod.IN_PERSON)
            db.session.add(user)
        db.session.commit()
        result = process.id, [p.id for p in projects], emails
        db.session.remove()
        db.engine.dispose()
    return result


def _check(url: str, last: dict[str, tuple[str, list[int]]]) -> tuple[int, int]:
    """Ballots in the database versus voters who saw a receipt; raise on any loss or double."""
    engine = create_engine(url)
    with engine.connect() as connection:
        ballots = connection.execute(text("SELECT receipt_code, id FROM ballots")).all()
        choices = connection.execute(text("SELECT ballot_id, proposal_id FROM ballot_choices")).all()
    engine.dispose()
    by_ballot: dict[int, list[int]] = {}
    for ballot_id, proposal_id in choices:
        by_ballot.setdefault(ballot_id, []).append(proposal_id)
    stored = {code: sorted(by_ballot.get(bid, [])) for code, bid in ballots}
    assert len(stored) == len(last), f"{len(stored)} ballots for {len(last)} voters"
    for code, chosen in last.values():
        assert stored.get(code) == sorted(chosen), "a ballot lost its last acknowledged choices"
    return len(stored), len(last)


def _form_token(page: str) -> str:
    """The CSRF token, found as the scale tests find it."""
    return next(g for g in TOKEN.search(page).groups() if g)


def _voting_client(folder: str):
    """A logged-in voter in Flask's test client on a fresh SQLite file: (vote, the engine)."""
    from app import create_app
    from models import db

    url = f"sqlite:///{folder}/in-process.db"
    process_id, projects, emails = _prepare(url, folder)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test-secret-key",
                      "RATELIMIT_ENABLED": False, "UPLOAD_FOLDER": folder})
    client, path = app.test_client(), f"/processes/{process_id}/vote"
    client.post("/login", data={"csrf_token": _form_token(client.get("/login").text),
                                "email": emails[0], "password": PASSWORD})
    token = _form_token(client.get(path).text)

    def vote_and_read_receipt(k: int) -> None:
        posted = client.post(path, data={"csrf_token": token,
                                         "choice": [projects[k % 4], projects[(k + 1) % 4]]})
        assert RECEIPT.search(client.get(posted.headers["Location"]).text), "no receipt in process"

    with app.app_context():
        return vote_and_read_receipt, db.engine


def _in_process(folder: str) -> tuple[float, float]:
    """SQL statements and CPU ms per vote + receipt inside one process: the server's own cost,
    without HTTP, the generator or other processes in the way."""
    vote_and_read_receipt, engine = _voting_client(folder)
    for k in range(20):  # warm up: templates compiled, SQL cached
        vote_and_read_receipt(k)
    statements: list[int] = []
    event.listen(engine, "before_cursor_execute", lambda *_: statements.append(1))
    started = time.process_time()
    for k in range(ROUNDS):
        vote_and_read_receipt(k)
    cpu = time.process_time() - started
    engine.dispose()
    return len(statements) / ROUNDS, cpu / ROUNDS * 1000


def _generate(job: dict) -> dict:
    """Run bench.loadgen in its own process, so it shares no GIL with anything here."""
    done = subprocess.run([sys.executable, "-m", "bench.loadgen"], input=json.dumps(job), text=True,
                          capture_output=True, cwd=ROOT, check=False)
    if done.returncode:
        raise RuntimeError(f"the load generator failed:\n{done.stderr}")
    return json.loads(done.stdout)


def _run(url: str, processes: int, folder: str) -> dict:
    """One configuration: fresh data, real servers, the generator, then the strict check."""
    process_id, projects, emails = _prepare(url, folder)
    ports = [free_port() for _ in range(processes)]
    servers = [start_server(url, port, folder) for port in ports]
    try:
        out = _generate({"ports": ports, "process_id": process_id, "projects": projects,
                         "emails": emails, "password": PASSWORD, "seconds": SECONDS,
                         "server_pids": [s.pid for s in servers]})
    finally:
        for server in servers:
            stop_server(server)
    last = {email: (code, chosen) for email, (code, chosen) in out["last"].items()}
    ballots, voters = _check(url, last)
    q, count = statistics.quantiles(out["latencies"], n=100), len(out["latencies"])
    return out | {"rate": count / out["wall"], "p50": q[49] * 1000, "p95": q[94] * 1000,
                  "ballots": ballots, "voters": voters,
                  "server_ms": out["server_cpu"] / count * 1000}


def main() -> None:
    print(f"\n== Ballot commits through HTTP ({os.cpu_count()} cores, {VOTERS} voters on "
          f"kept-alive connections, {SECONDS:.0f} s each; load average "
          f"{os.getloadavg()[0]:.1f} at the start)")
    with tempfile.TemporaryDirectory() as folder:
        queries, ms = _in_process(folder)
        print(f"{'In process':>24}: {queries:.0f} SQL statements and {ms:.1f} ms CPU per vote + "
              "receipt (Flask test client, SQLite)")
        configs = [("SQLite, 1 process", f"sqlite:///{folder}/bench.db", 1)]
        if (pg := fresh_database("agora_bench_ballots")) is not None:
            configs += [("PostgreSQL, 1 process", pg, 1), ("PostgreSQL, 2 processes", pg, 2)]
        baseline = None
        for name, url, count in configs:
            m = _run(url, count, folder)
            baseline = baseline or m["rate"]
            print(f"{name:>24}: {m['rate']:6.0f} commits/s ({m['rate'] / baseline:.2f}x baseline), "
                  f"p50 {m['p50']:.0f} ms, p95 {m['p95']:.0f} ms; {m['ballots']} ballots for "
                  f"{m['voters']} voters, none lost or doubled (goal: >= 200/s, p95 < 300 ms)")
            share = m["cpu"] / m["wall"]
            print(f"{'':>26}servers' CPU {m['server_ms']:.1f} ms per commit; generator CPU "
                  f"{m['cpu']:.2f} s in {m['wall']:.1f} s ({share:.0%} of one core); "
                  f"{m['connections']} connections, {m['errors']} unacknowledged votes")


if __name__ == "__main__":
    main()
