"""Results benchmark: from the close of voting to the results page, for a city-sized election.

Imports a real election with ~130,000 ballots from ../shared/pabulib into the app's database,
then times close-of-voting (reading every ballot, tallying, storing the result) and rendering the
results page, on SQLite and, when AGORA_TEST_POSTGRES is set, on PostgreSQL in the same run.
Baseline: the same tally on the same ballots read straight from the .pb file (no database).
"""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from bench.postgres import fresh_database


FILE = Path(__file__).resolve().parents[1].parent / "shared" / "pabulib" / "Poland_Wroclaw_2015_150_-_500.pb"


def _settings(url: str, folder: str) -> dict:
    return {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "MAIL_BACKEND": "memory",
            "UPLOAD_FOLDER": folder, "RATELIMIT_ENABLED": False}


def _measure(url: str, data: bytes) -> dict:
    from app import create_app
    from deliberation.budgeting.exchange import import_pb
    from deliberation.budgeting.results import compute_results
    from models import Neighbourhood, Phase, Process, User, db

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(_settings(url, folder))
        with app.test_request_context():
            db.create_all()
            area = Neighbourhood(name="Bench", slug="bench", description="")
            db.session.add(area)
            db.session.flush()
            admin = User(email="bench@example.org", display_name="Bench", neighbourhood_id=area.id,
                         session_token="bench")
            db.session.add(admin)
            db.session.flush()
            started = time.perf_counter()
            process = import_pb(admin, data, FILE.name, None)
            db.session.commit()
            imported = time.perf_counter() - started
            process = db.session.get(Process, process.id)
            process.phase = Phase.VOTING
            db.session.commit()
            started = time.perf_counter()
            process.phase = Phase.RESULTS
            result = compute_results(process)
            db.session.commit()
            closed = time.perf_counter() - started
            ballots, process_id = result.ballots_counted, process.id
        client = app.test_client()
        started = time.perf_counter()
        page = client.get(f"/processes/{process_id}/results")
        rendered = time.perf_counter() - started
        assert page.status_code == 200, page.status_code
        with app.app_context():
            db.drop_all()
            db.session.remove()
            db.engine.dispose()
    return {"ballots": ballots, "import": imported, "close": closed, "render": rendered}


def main() -> None:
    if not FILE.exists():
        print(f"results: skipped, {FILE} is not there")
        return
    from deliberation.tallying.pabulib import read_pb
    from deliberation.tallying.registry import tally

    data = FILE.read_bytes()
    started = time.perf_counter()
    instance, profile = read_pb(data, name=FILE.name)
    tally(instance, profile)
    baseline = time.perf_counter() - started
    print(f"\n== Results from close of voting to page ({os.cpu_count()} cores), {FILE.name}")
    print(f"baseline: parse + tally from the file, no database: {baseline:.2f} s")
    with tempfile.TemporaryDirectory() as folder:
        runs = {"SQLite": f"sqlite:///{folder}/bench.db"}
        if (pg := fresh_database("agora_bench")) is not None:
            runs["PostgreSQL"] = pg
        for name, url in runs.items():
            m = _measure(url, data)
            total = m["close"] + m["render"]
            print(f"{name:>10}: {m['ballots']:,} ballots; close (read + tally + store) {m['close']:.2f} s, "
                  f"results page {m['render'] * 1000:.0f} ms, total {total:.2f} s "
                  f"({total / baseline:.1f}x the file-only baseline; goal < 2 s); import took {m['import']:.1f} s")


if __name__ == "__main__":
    main()
