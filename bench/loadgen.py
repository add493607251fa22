"""A light load generator for bench.ballots: one process, one thread, keep-alive HTTP/1.1.

Threads with urllib open a TCP connection per request and share the GIL with whatever else runs,
so on a small machine the generator eats the CPU it is meant to measure the server with. Here
each voter is one coroutine on one kept-alive connection; requests are built by hand and only the
status line, headers (Set-Cookie, Location, Content-Length, chunked) and body are parsed.

Run as ``python -m bench.loadgen`` with the job as JSON on stdin (ports, process_id, projects,
emails, password, seconds, server_pids); it prints JSON: latencies, the last receipt per voter,
and the CPU seconds this process and the servers spent in the timed window.

With ``"kind": "reaction"`` (bench.opinion_votes) the job names an opinion map instead (form_path,
vote_path, statements, saved: the success message, mode: what counts as acknowledged, see
``react``) and each voter reacts to the statements in turn; the output then lists every
attempt, in order per voter, with whether it was acknowledged.
"""
from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import sys
import time
import zlib
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.scale.resident import RECEIPT, TOKEN  # noqa: E402  (the same patterns as the tests)

TOKEN_B, RECEIPT_B = re.compile(TOKEN.pattern.encode()), re.compile(RECEIPT.pattern.encode())
TIMEOUT, MAX_FAILURES = 30.0, 5


class Connection:
    """One kept-alive connection with its cookies: a browser tab without JavaScript."""

    opened = 0  # TCP connections opened in all: with keep-alive working, one per voter

    def __init__(self, port: int):
        self.port, self.cookies, self.reader, self.writer = port, {}, None, None

    async def request(self, method: str, path: str, form: list | None = None,
                      extra: dict | None = None) -> tuple:
        """Send one request and read its whole response (reconnecting if the server closed)."""
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            Connection.opened += 1
        body = urlencode(form).encode() if form is not None else b""
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
        if self.cookies:
            head += "Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()) + "\r\n"
        for name, value in (extra or {}).items():
            head += f"{name}: {value}\r\n"
        if form is not None:
            head += ("Content-Type: application/x-www-form-urlencoded\r\n"
                     f"Content-Length: {len(body)}\r\n")
        self.writer.write(head.encode() + b"\r\n" + body)
        async with asyncio.timeout(TIMEOUT):
            status, headers, payload = await self._response()
        if headers.get(b"connection", b"").lower() == b"close":
            self.close()
        return status, headers, payload

    async def _response(self) -> tuple[int, dict, bytes]:
        """Status line, headers (cookies applied), then a Content-Length or chunked body."""
        lines = (await self.reader.readuntil(b"\r\n\r\n")).split(b"\r\n")
        status, headers = int(lines[0].split(b" ", 2)[1]), {}
        for line in lines[1:-2]:
            name, _, value = line.partition(b":")
            name, value = name.strip().lower(), value.strip()
            if name == b"set-cookie":
                self._remember(value)
            headers[name] = value
        if b"content-length" in headers:
            return status, headers, await self.reader.readexactly(int(headers[b"content-length"]))
        if headers.get(b"transfer-encoding", b"").lower() == b"chunked":
            return status, headers, await self._chunked()
        headers[b"connection"] = b"close"  # the body runs to the end of the connection
        return status, headers, await self.reader.read()

    async def _chunked(self) -> bytes:
        """A streamed body (gunicorn sends one when the app gives no length)."""
        parts = []
        while size := int((await self.reader.readline()).split(b";")[0], 16):
            parts.append((await self.reader.readexactly(size + 2))[:-2])
        while await self.reader.readline() not in (b"\r\n", b""):
            pass  # trailers
        return b"".join(parts)

    def _remember(self, value: bytes) -> None:
        """Keep a cookie, or forget it when the server clears it."""
        pair = value.split(b";", 1)[0].decode()
        name, _, content = pair.partition("=")
        expired = b"max-age=0" in value.lower() or b"1970" in value
        if content and not expired:
            self.cookies[name.strip()] = content
        else:
            self.cookies.pop(name.strip(), None)

    def close(self) -> None:
        """Drop the connection; the next request opens a new one."""
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU of processes and their children (gunicorn's worker), from /proc."""
    total, ticks = 0, os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            for one in [pid, *map(int, children)]:
                fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
        except (OSError, ValueError):
            pass  # not on Linux, or the process has just ended
    return total / ticks


def _token(page: bytes) -> str:
    """The form's CSRF token, found the way tests.scale.resident finds it."""
    match = TOKEN_B.search(page)
    return next(g for g in match.groups() if g).decode() if match else ""


async def log_in(port: int, email: str, password: str, vote_path: str) -> tuple[Connection, str]:
    """Log in through the form, then fetch the ballot form's CSRF token for the new session."""
    conn = Connection(port)
    _, _, page = await conn.request("GET", "/login")
    form = [("csrf_token", _token(page)), ("email", email), ("password", password)]
    status, _, _ = await conn.request("POST", "/login", form)
    assert status == 302, f"login failed with {status}"
    status, _, page = await conn.request("GET", vote_path)
    assert status == 200 and _token(page), f"the ballot form answered {status}"
    return conn, _token(page)


async def vote(conn: Connection, path: str, token: str, chosen: list[int]) -> str | None:
    """Post a ballot, follow the redirect to the receipt and return the code it shows."""
    form = [("csrf_token", token)] + [("choice", str(c)) for c in chosen]
    status, headers, _ = await conn.request("POST", path, form)
    if status != 302:
        return None
    status, _, page = await follow(conn, headers)
    match = RECEIPT_B.search(page) if status == 200 else None
    return match.group(1).decode() if match else None


async def follow(conn: Connection, headers: dict) -> tuple:
    """GET the page a redirect points to, as a browser does after a form post."""
    location = headers[b"location"].decode().split("#")[0]
    return await conn.request("GET", location[location.find("/", 8):]
                              if "://" in location else location)


def session_data(cookie: str) -> bytes:
    """The JSON inside Flask's session cookie, which is signed but not encrypted."""
    payload = cookie.lstrip(".").split(".")[0]
    data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    return zlib.decompress(data) if cookie.startswith(".") else data


async def react(conn: Connection, path: str, token: str, statement: int, value: str,
                saved: bytes, mode: str = "page") -> tuple[bool, float]:
    """Post one reaction: (whether it was acknowledged, seconds until the post was answered).
    Mode "page": the redirect is followed and the page must say it was saved, as a person without
    JavaScript sees it. Mode "card": sent as opinion-card.js sends it, the answer is the next card,
    which must say it was saved. Mode "post": the 302 must carry the success message in its
    session cookie, and the session goes back to what it was (a client that never shows it)."""
    form = [("csrf_token", token), ("statement_id", str(statement)), ("value", value)]
    kept = dict(conn.cookies)
    started = time.perf_counter()
    extra = {"X-Requested-With": "live"} if mode == "card" else None
    status, headers, body = await conn.request("POST", path, form, extra)
    answered = time.perf_counter() - started
    if mode == "card":
        return status == 200 and saved in body, answered
    if status != 302:
        return False, answered
    if mode == "post":
        flashed = saved in session_data(conn.cookies.get("session", ""))
        conn.cookies = kept
        return flashed, answered
    status, _, body = await follow(conn, headers)
    return status == 200 and saved in body, answered


async def voter(n: int, session: tuple, job: dict, deadline: float, out: dict) -> None:
    """Vote (changing the ballot) until the deadline; stop only on an acknowledged ballot."""
    conn, token = session
    projects, path = job["projects"], f"/processes/{job['process_id']}/vote"
    k, failures, acknowledged = n, 0, True
    while time.perf_counter() < deadline or not acknowledged:
        chosen = [projects[k % 4], projects[(k + 1) % 4]]
        started = time.perf_counter()
        try:
            code = await vote(conn, path, token, chosen)
        except (OSError, EOFError, TimeoutError, asyncio.IncompleteReadError, ValueError):
            conn.close()
            code = None
        acknowledged = code is not None
        if acknowledged:
            out["latencies"].append(time.perf_counter() - started)
            out["last"][job["emails"][n]] = (code, chosen)
            failures = 0
        else:
            out["errors"] += 1
            failures += 1
            assert failures < MAX_FAILURES, f"voter {n}: {failures} unacknowledged votes in a row"
        k += 1


REACTIONS = ("agree", "disagree", "pass")


async def reactor(n: int, session: tuple, job: dict, deadline: float, out: dict) -> None:
    """React to the map's statements in turn, each visit with another value than the last one
    (so every acknowledged visit is a change); stop only on an acknowledged reaction."""
    conn, token = session
    statements, saved = job["statements"], job["saved"].encode()
    k, failures, acknowledged = n, 0, True
    while time.perf_counter() < deadline or not acknowledged:
        statement = statements[k % len(statements)]
        value = REACTIONS[(n + k // len(statements)) % len(REACTIONS)]
        started = time.perf_counter()
        try:
            acknowledged, answered = await react(conn, job["vote_path"], token, statement, value,
                                                 saved, job.get("mode", "page"))
        except (OSError, EOFError, TimeoutError, asyncio.IncompleteReadError, ValueError):
            conn.close()
            acknowledged = False
        out["attempts"].append((n, statement, value, acknowledged))
        if acknowledged:
            out["latencies"].append(time.perf_counter() - started)
            out["post_latencies"].append(answered)
            failures = 0
        else:
            out["errors"] += 1
            failures += 1
            assert failures < MAX_FAILURES, f"voter {n}: {failures} unacknowledged votes in a row"
        k += 1


async def run(job: dict) -> dict:
    """Every voter logs in first; then the timed window, in which they all vote at once."""
    ports, emails = job["ports"], job["emails"]
    path = job.get("form_path") or f"/processes/{job['process_id']}/vote"
    cast = reactor if job.get("kind") == "reaction" else voter
    sessions = await asyncio.gather(*(log_in(ports[n % len(ports)], email, job["password"], path)
                                      for n, email in enumerate(emails)))
    out = {"latencies": [], "last": {}, "errors": 0, "attempts": [], "post_latencies": []}
    servers, cpu = cpu_seconds(job["server_pids"]), time.process_time()
    started = time.perf_counter()
    await asyncio.gather(*(cast(n, s, job, started + job["seconds"], out)
                           for n, s in enumerate(sessions)))
    out["wall"], out["cpu"] = time.perf_counter() - started, time.process_time() - cpu
    out["server_cpu"] = cpu_seconds(job["server_pids"]) - servers
    out["connections"] = Connection.opened
    for conn, _ in sessions:
        conn.close()
    return out


def main() -> None:
    job = json.load(sys.stdin)
    json.dump(asyncio.run(run(job)), sys.stdout)


if __name__ == "__main__":
    main()
