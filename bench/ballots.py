"""Ballot commits per second through HTTP, on SQLite and PostgreSQL, with one and two processes.

Each configuration runs real gunicorn processes (as in production) and 32 client threads that log
in as different residents and vote (changing their ballots) for a fixed time. Afterwards the
database must hold exactly one ballot per voter who saw a receipt, with the last receipt's
choices: no lost or doubled ballot. Baseline: one process on SQLite, in the same run.
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.postgres import fresh_database  # noqa: E402
from tests.scale.resident import Resident  # noqa: E402
from tests.scale.servers import free_port, start_server, stop_server  # noqa: E402

CLIENTS, SECONDS, VOTERS = 32, 10.0, 32
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


def _run(url: str, processes: int, folder: str) -> dict:
    process_id, projects, emails = _prepare(url, folder)
    ports = [free_port() for _ in range(processes)]
    servers = [start_server(url, port, folder) for port in ports]
    latencies: list[float] = []
    last: dict[str, tuple[str, list[int]]] = {}
    lock, stop = threading.Lock(), threading.Event()

    def client(n: int) -> None:
        person = Resident(f"http://127.0.0.1:{ports[n % processes]}")
        person.log_in(emails[n], PASSWORD)
        k = n
        while not stop.is_set():
            chosen = [projects[k % 4], projects[(k + 1) % 4]]
            started = time.perf_counter()
            code = person.vote(process_id, chosen)
            elapsed = time.perf_counter() - started
            if code:
                with lock:
                    latencies.append(elapsed)
                    last[emails[n]] = (code, chosen)
            k += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    time.sleep(SECONDS)
    stop.set()
    for t in threads:
        t.join()
    for server in servers:
        stop_server(server)
    ballots, voters = _check(url, last)
    q = statistics.quantiles(latencies, n=100)
    return {"rate": len(latencies) / SECONDS, "p50": q[49] * 1000, "p95": q[94] * 1000,
            "ballots": ballots, "voters": voters}


def main() -> None:
    print(f"\n== Ballot commits through HTTP ({os.cpu_count()} cores, {CLIENTS} clients, {SECONDS:.0f} s each)")
    with tempfile.TemporaryDirectory() as folder:
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


if __name__ == "__main__":
    main()
