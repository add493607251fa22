"""Client threads for bench.soak: page views, ballots, Socket.IO comments and survey answers.

Each thread round-robins over the app processes and records every attempt in a shared Tally:
what was served, what failed (a refused connection while a process is known to be down is
counted apart, as expected), latencies with their time, and what each server acknowledged.
"""
from __future__ import annotations

import http.client
import threading
import time
import urllib.error
import uuid
from collections import Counter

import simple_websocket

from bench.live import Watcher
from tests.scale.resident import Resident

THINK = 0.05  # seconds between one client's operations: steady load, not a flood
TIMEOUT = 60  # per request, generous for a busy 2-core machine


class Tally:
    """Everything the clients saw, shared between threads under one lock."""

    def __init__(self, ports: list[int]):
        self.lock, self.started = threading.Lock(), time.monotonic()
        self.served, self.errors, self.expected = Counter(), Counter(), Counter()
        self.samples: list[tuple[float, float]] = []  # (seconds since start, latency)
        self.by_port: dict[int, list[float]] = {p: [] for p in ports}
        self.down: set[int] = set()  # ports killed on purpose, until they answer again
        self.receipts: dict[str, str] = {}  # email -> receipt code shown
        self.comments: dict[int, str] = {}  # comment id acknowledged -> body
        self.answers: dict[str, str] = {}  # email -> text answer acknowledged

    def ok(self, kind: str, port: int, began: float) -> None:
        now = time.monotonic()
        with self.lock:
            self.served[kind] += 1
            self.samples.append((now - self.started, now - began))
            self.by_port[port].append(now - self.started)

    def failed(self, kind: str, port: int, error: BaseException | str) -> None:
        cut = isinstance(error, (ConnectionError, http.client.RemoteDisconnected,
                                 simple_websocket.ConnectionClosed)) or "refused" in str(error).lower()
        with self.lock:
            if cut and port in self.down:  # refused or cut off by the kill
                self.expected[kind] += 1
            else:
                self.errors[f"{kind}: {type(error).__name__ if not isinstance(error, str) else error}"] += 1


def _call(tally: Tally, kind: str, port: int, action):
    """Run one timed request; None (and an error recorded) when it did not succeed."""
    began = time.monotonic()
    try:
        result = action()
    except urllib.error.URLError as error:
        tally.failed(kind, port, error.reason if isinstance(error.reason, BaseException) else error)
        return None
    except (OSError, AssertionError, simple_websocket.ConnectionError) as error:
        tally.failed(kind, port, error)
        return None
    if result is None or result is False:
        tally.failed(kind, port, "not acknowledged")
        return None
    tally.ok(kind, port, began)
    return result


def pages(tally: Tally, ports: list[int], paths: list[str], stop: threading.Event) -> None:
    """An anonymous reader going through processes, debates and results pages."""
    n = 0
    while not stop.wait(THINK):
        port, path = ports[n % len(ports)], paths[n % len(paths)]
        client = Resident(f"http://127.0.0.1:{port}", timeout=TIMEOUT)
        _call(tally, "page", port, lambda: client.get(path)[0] == 200)
        n += 1


def _logged_in(tally: Tally, port: int, email: str, password: str) -> Resident | None:
    client = Resident(f"http://127.0.0.1:{port}", timeout=TIMEOUT)
    return _call(tally, "login", port, lambda: client.log_in(email, password) or client)


def ballots(tally: Tally, ports: list[int], voters: list[str], password: str, process_id: int,
            choices: list[int], stop: threading.Event) -> None:
    """Each voter logs in once and casts one ballot; the receipt shown is kept."""
    for n, email in enumerate(voters):
        if stop.wait(THINK):
            return
        port = ports[n % len(ports)]
        client = _logged_in(tally, port, email, password)
        chosen = [choices[n % len(choices)]]
        code = client and _call(tally, "ballot", port, lambda: client.vote(process_id, chosen))
        if code:
            with tally.lock:
                tally.receipts[email] = code


def surveys(tally: Tally, ports: list[int], people: list[str], password: str, survey_id: int,
            questions: list[tuple[int, str]], stop: threading.Event) -> None:
    """Each respondent answers the survey once, with a unique street name to find it by."""
    for n, email in enumerate(people):
        if stop.wait(THINK):
            return
        port = ports[n % len(ports)]
        client = _logged_in(tally, port, email, password)
        street = f"Street {uuid.uuid4().hex[:12]}"
        form = [(f"q-{qid}", street if kind == "short_text" else value) for qid, kind, value in questions]

        def answer():
            status, page = client.post_form(f"/surveys/{survey_id}/answer", form)
            return status == 200 and "your answers are saved" in page
        if client and _call(tally, "survey", port, answer):
            with tally.lock:
                tally.answers[email] = street


def comments(tally: Tally, ports: list[int], cookie: str, thread_id: int, stop: threading.Event) -> None:
    """A resident posting in the debate thread over Socket.IO (websocket), each process in turn.

    bench.live's Watcher, as python-socketio's client needs websocket-client for websockets and
    the app accepts no long-polling. A dropped socket is opened again on the next turn."""
    sockets: dict[int, Watcher | None] = {p: None for p in ports}
    n = 0
    while not stop.wait(THINK):
        port, body = ports[n % len(ports)], f"Soak comment {n} {uuid.uuid4().hex[:8]}"
        n += 1

        if port in tally.down:  # opening a websocket to a dead port would leak its socket
            tally.failed("comment", port, ConnectionRefusedError("process down"))
            continue

        def post():
            if sockets[port] is None:
                sockets[port] = Watcher(f"ws://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket",
                                        thread_id, cookie)
            ack = sockets[port].call(n + 10, "post_comment", {"thread_id": thread_id, "body": body})
            if not ack:
                sockets[port].close()
                sockets[port] = None
            return ack if ack and ack.get("ok") else None
        try:
            ack = _call(tally, "comment", port, post)
        except Exception as error:  # noqa: BLE001 - a socket dying mid-frame: counted, reopened
            tally.failed("comment", port, error)
            sockets[port], ack = None, None
        if ack:
            with tally.lock:
                tally.comments[ack["comment_id"]] = body
    for watcher in sockets.values():
        if watcher is not None:
            try:
                watcher.close()
            except simple_websocket.ConnectionClosed:
                pass  # the server closed it first
