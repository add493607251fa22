"""Opinion-map reactions per second through HTTP on PostgreSQL, with one and two processes.

Run from the repository root, with PostgreSQL configured (`make bench` or
scripts/test-services.sh):  python -m bench opinion_votes

The ballot benchmark's machinery (bench.ballots, bench.loadgen): real gunicorn processes as in
production, and the light load generator in its own process, one kept-alive connection per voter.
32 verified residents log in, then react to a map's 8 statements in turn for a fixed time, each
visit to a statement with another value than the last (agree, disagree, pass), so most votes
change a row in place. The map recomputes in the background as in production (every 2 s per
process). Four runs, each on a map of its own, against the same two server processes:
  * one process, whole clicks without JavaScript (the baseline): a vote counts when the page the
    POST redirects to says it was saved, as a person sees it; latency is POST and page together;
  * two processes, whole clicks without JavaScript;
  * two processes, whole clicks with JavaScript: the POST is sent as opinion-card.js sends it and
    its answer is the next statement's card, which must say it was saved; one request per click;
  * two processes, the vote alone: a vote counts when the 302 carries the success message in its
    session cookie (the route flashes it only after the commit), and the page is not loaded.
After each run the database must hold exactly one row per (statement, participant), each with its
last acknowledged value and a revision that counts every change: no lost or doubled reaction.
Goal: >= 200 votes/s on two processes.
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.ballots import PASSWORD, _generate  # noqa: E402
from bench.postgres import fresh_database  # noqa: E402
from tests.scale.servers import free_port, start_server, stop_server  # noqa: E402

SECONDS, VOTERS, STATEMENTS = 6.0, 32, 8
SAVED = "Your reaction is saved."  # the route's success message (opinions.routes.vote)
GOAL = 200


def _prepare(url: str, folder: str, maps: int) -> tuple[list[tuple[int, int, list[int]]],
                                                       list[str]]:
    """VOTERS verified residents and ``maps`` open debates, each with an opinion map of
    STATEMENTS statements: ([(debate id, conversation id, statement ids)], emails)."""
    from app import create_app
    from deliberation.accounts.services import set_password
    from deliberation.debates.services import debate_thread
    from deliberation.opinions import services
    from models import (Debate, DebateStatus, Neighbourhood, Role, RoleGrant, User,
                        VerificationMethod, db, utcnow)

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "test-secret-key",
                      "ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 1024, "UPLOAD_FOLDER": folder,
                      "MAIL_BACKEND": "memory"})
    with app.test_request_context():
        db.drop_all()
        db.create_all()
        area = Neighbourhood(name="Bench", slug="bench", description="")
        db.session.add(area)
        db.session.flush()
        template = User(email="x@example.org", display_name="x", neighbourhood_id=area.id)
        set_password(template, PASSWORD)
        verified = {"neighbourhood_id": area.id, "password_hash": template.password_hash,
                    "verified_at": utcnow(), "verification_method": VerificationMethod.IN_PERSON}
        facilitator = User(email="facilitator@example.org", display_name="Facilitator", **verified)
        facilitator.role_grants.append(RoleGrant(role=Role.FACILITATOR, neighbourhood_id=area.id))
        emails = [f"voter{i}@example.org" for i in range(VOTERS)]
        db.session.add(facilitator)
        db.session.execute(db.insert(User), [{"email": e, "display_name": e} | verified
                                             for e in emails])
        now, made = utcnow(), []
        for n in range(maps):
            debate = Debate(neighbourhood_id=area.id, title=f"Bench {n}", question="Lights?",
                            starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(days=1),
                            status=DebateStatus.OPEN)
            db.session.add(debate)
            db.session.flush()
            debate_thread(debate)
            conversation = services.start_conversation(facilitator, debate, [
                f"Statement number {i} about the canal path." for i in range(STATEMENTS)])
            db.session.flush()
            made.append((debate.id, conversation.id,
                         [s.id for s in services.visible_statements(conversation)]))
        result = made, emails
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return result


def _check(url: str, conversation_id: int, emails: list[str], attempts: list) -> dict:
    """Rows in the database versus the reactions the voters saw saved; raise on any loss, double,
    wrong last value or miscounted revision."""
    from deliberation.opinionmaths import AGREE, DISAGREE, PASS
    code = {"agree": AGREE, "disagree": DISAGREE, "pass": PASS}
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT u.email, v.statement_id, v.value, v.revision FROM statement_votes v"
            " JOIN users u ON u.id = v.participant_id WHERE v.conversation_id = :c"),
            {"c": conversation_id}).all()
        doubled = connection.scalar(text(
            "SELECT count(*) FROM (SELECT 1 FROM statement_votes WHERE conversation_id = :c"
            " GROUP BY statement_id, participant_id HAVING count(*) > 1) AS d"),
            {"c": conversation_id})
    engine.dispose()
    assert doubled == 0, f"{doubled} (statement, participant) pairs have more than one row"
    stored = {(email, sid): (value, revision) for email, sid, value, revision in rows}
    assert len(stored) == len(rows), "more than one row for a (statement, participant)"
    tries: dict[tuple[str, int], list[tuple[int, bool]]] = {}
    for n, sid, value, acknowledged in attempts:  # in order for each voter, so for each row
        tries.setdefault((emails[n], sid), []).append((code[value], acknowledged))
    assert set(stored) <= set(tries), "a row for a reaction nobody sent"
    acknowledged_rows = 0
    for key, sent in tries.items():
        acked = [i for i, (_v, ok) in enumerate(sent) if ok]
        if not acked:
            continue  # never acknowledged: it may or may not have been stored
        acknowledged_rows += 1
        assert key in stored, f"{key}: an acknowledged reaction was lost"
        value, revision = stored[key]
        # An unacknowledged try after the last acknowledged one may have committed too.
        allowed = {v for v, _ok in sent[acked[-1]:]}
        assert value in allowed, f"{key}: the row lost its last acknowledged value"
        # Consecutive tries on a row always differ, so each committed one is one revision.
        assert len(acked) <= revision <= len(sent), \
            f"{key}: revision {revision} for {len(acked)} acknowledged changes of {len(sent)} sent"
    return {"rows": len(stored), "acknowledged_rows": acknowledged_rows}


def _run(url: str, ports: list[int], servers: list, chosen: tuple, emails: list[str],
         mode: str) -> dict:
    """One configuration on its own map: the generator, then the strict check."""
    debate_id, conversation_id, statements = chosen
    out = _generate({"kind": "reaction", "ports": ports, "emails": emails, "password": PASSWORD,
                     "seconds": SECONDS, "form_path": f"/debates/{debate_id}/opinions",
                     "vote_path": f"/debates/{debate_id}/opinions/vote", "mode": mode,
                     "statements": statements, "saved": SAVED,
                     "server_pids": [s.pid for s in servers]})
    checked = _check(url, conversation_id, emails, out["attempts"])
    count = len(out["latencies"])
    q, post = (statistics.quantiles(out[k], n=100) for k in ("latencies", "post_latencies"))
    return out | checked | {"rate": count / out["wall"], "votes": count, "p50": q[49] * 1000,
                            "p95": q[94] * 1000, "post_p95": post[94] * 1000,
                            "server_ms": out["server_cpu"] / count * 1000}


CONFIGS = [("1 process, clicks, no JS", 1, "page"), ("2 processes, clicks, no JS", 2, "page"),
           ("2 processes, clicks with JS", 2, "card"), ("2 processes, vote alone", 2, "post")]


def main() -> None:
    print(f"\n== Opinion-map votes through HTTP on PostgreSQL ({os.cpu_count()} cores, {VOTERS} "
          f"voters on kept-alive connections, {STATEMENTS} statements, {SECONDS:.0f} s each; "
          f"load average {os.getloadavg()[0]:.1f} at the start)")
    url = fresh_database("agora_bench_opinion_votes")
    if url is None:
        print("  skipped: no PostgreSQL (set AGORA_TEST_POSTGRES, as `make bench` does with "
              "scripts/test-services.sh)")
        return
    failed, baseline = [], None
    with tempfile.TemporaryDirectory() as folder:
        maps, emails = _prepare(url, folder, len(CONFIGS))
        ports, servers = [free_port() for _ in range(2)], []
        try:
            for port in ports:
                servers.append(start_server(url, port, folder))
            for (name, processes, mode), chosen in zip(CONFIGS, maps):
                m = _run(url, ports[:processes], servers[:processes], chosen, emails, mode)
                baseline = baseline or m["rate"]
                goal = ""
                if processes == 2:
                    goal = f"; goal >= {GOAL}/s {'met' if m['rate'] >= GOAL else 'MISSED'}"
                    if m["rate"] < GOAL:
                        failed.append(name)
                latency = (f"p50 {m['p50']:.0f} ms, p95 {m['p95']:.0f} ms (the POST alone: p95 "
                           f"{m['post_p95']:.0f} ms)" if mode == "page" else
                           f"p50 {m['p50']:.0f} ms, p95 {m['p95']:.0f} ms")
                print(f"{name:>26}: {m['rate']:6.0f} votes/s ({m['rate'] / baseline:.2f}x "
                      f"baseline), {latency}; {m['errors']} errors{goal}")
                print(f"{'':>28}{m['votes']} acknowledged votes, every one stored with its last "
                      f"value: {m['rows']} rows for {m['acknowledged_rows']} (statement, "
                      "participant) pairs, one each, revisions counting every change")
                print(f"{'':>28}servers' CPU {m['server_ms']:.1f} ms per vote; generator CPU "
                      f"{m['cpu']:.2f} s in {m['wall']:.1f} s ({m['cpu'] / m['wall']:.0%} of one "
                      f"core); {m['connections']} connections")
        finally:
            for server in servers:
                stop_server(server)
    if failed:
        print(f"  below {GOAL} votes/s: {', '.join(failed)}")


if __name__ == "__main__":
    main()
