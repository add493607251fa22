"""A crowd of Socket.IO watchers on one selector loop, in its own process.

A thread per watcher (and simple-websocket's reader thread each) made the load generator,
not the server, the slowest part of the measurement: 2,000 client threads fought the server
for the same two cores. Here one loop holds every connection and reads raw websocket frames,
so receiving a message costs a few microseconds and the figures are the server's.

Protocol with the parent: argv = thread id, watcher count, then the websocket URLs (watchers are
spread over them in turn). The crowd prints "ready" once all have joined, "complete <comment id>"
when every watcher has received that comment, and on "quit" from stdin prints one JSON line:
{comment id: [arrival times from time.perf_counter(), which on Linux is the system-wide
monotonic clock, so the parent can subtract its own send times]}.
"""
from __future__ import annotations

import base64
import json
import os
import queue
import re
import selectors
import socket
import struct
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

POSTED = re.compile(rb'"kind": ?"comment_posted", ?"payload": ?\{"comment_id": ?(\d+)')


def _frame(text: str) -> bytes:
    """A masked client text frame (clients must mask; a zero mask keeps it cheap)."""
    data = text.encode()
    size = len(data)
    head = struct.pack("!BB", 0x81, 0x80 | size) if size < 126 else struct.pack("!BBH", 0x81, 0xFE, size)
    return head + b"\0\0\0\0" + data


class Connection:
    """One watcher: a websocket spoken by hand, with a buffer of unparsed bytes."""

    def __init__(self, url: str):
        parts = urlsplit(url)
        self.sock = socket.create_connection((parts.hostname, parts.port), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {parts.path}?{parts.query} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
                           f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                           "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self.sock.recv(4096)
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise RuntimeError(f"websocket refused: {head[:80]!r}")

    def messages(self, data: bytes) -> list[bytes]:
        """Whole text messages from the bytes received so far; answers pings on the way."""
        self.buffer += data
        found = []
        while len(self.buffer) >= 2:
            opcode, size, start = self.buffer[0] & 0x0F, self.buffer[1] & 0x7F, 2
            if size == 126:
                size, start = struct.unpack("!H", self.buffer[2:4])[0], 4
            elif size == 127:
                size, start = struct.unpack("!Q", self.buffer[2:10])[0], 10
            if len(self.buffer) < start + size:
                break
            payload, self.buffer = self.buffer[start:start + size], self.buffer[start + size:]
            if opcode == 0x9:
                self.sock.sendall(struct.pack("!BB", 0x8A, 0x80 | len(payload)) + b"\0\0\0\0" + payload)
            elif payload == b"2":
                self.sock.sendall(_frame("3"))  # Engine.IO ping
            else:
                found.append(payload)
        return found

    def expect(self, prefix: bytes) -> bytes:
        """Block until a message starting with ``prefix`` arrives (used while joining)."""
        for message in self.messages(b""):
            if message.startswith(prefix):
                return message
        while True:
            for message in self.messages(self.sock.recv(65536)):
                if message.startswith(prefix):
                    return message

    def join(self, thread_id: int) -> None:
        """Engine.IO open, Socket.IO connect, then join the thread's room."""
        self.expect(b"0")
        self.sock.sendall(_frame("40"))
        self.expect(b"40")
        self.sock.sendall(_frame("421" + json.dumps(["join", {"thread_id": thread_id}])))
        if not json.loads(self.expect(b"431")[3:])[0].get("ok"):
            raise RuntimeError("join refused")
        self.sock.setblocking(False)


def run(thread_id: int, size: int, urls: list[str]) -> None:
    """Join everyone, then timestamp each comment's arrival until told to quit."""
    selector = selectors.DefaultSelector()
    for n in range(size):
        connection = Connection(urls[n % len(urls)])
        connection.join(thread_id)
        selector.register(connection.sock, selectors.EVENT_READ, connection)
    selector.register(sys.stdin, selectors.EVENT_READ, None)
    arrivals: dict[int, list[float]] = defaultdict(list)
    print("ready", flush=True)
    while True:
        for key, _ in selector.select():
            if key.data is None:
                print(json.dumps(arrivals), flush=True)
                return
            data = key.fileobj.recv(65536)
            now = time.perf_counter()
            for message in key.data.messages(data):
                match = POSTED.search(message)
                if match:
                    times = arrivals[int(match.group(1))]
                    times.append(now)
                    if len(times) == size:
                        print(f"complete {match.group(1).decode()}", flush=True)


class CrowdProcess:
    """The parent's handle on a crowd: start it, wait for each comment to reach everyone."""

    def __init__(self, thread_id: int, size: int, urls: list[str]):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.crowd", str(thread_id), str(size), *urls],
            cwd=Path(__file__).resolve().parent.parent, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        if self._next(timeout=300) != "ready":
            raise RuntimeError("the crowd did not connect")

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.strip())
        self.lines.put("")

    def _next(self, timeout: float) -> str:
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            return ""

    def wait_complete(self, timeout: float = 30) -> int | None:
        """The id of the next comment that reached every watcher, or None after the timeout."""
        line = self._next(timeout)
        return int(line.split()[1]) if line.startswith("complete ") else None

    def finish(self) -> dict[int, list[float]]:
        """Arrival times per comment id, and the crowd process ended."""
        self.process.stdin.write("quit\n")
        self.process.stdin.flush()
        line = self._next(timeout=60)
        while line.startswith("complete "):
            line = self._next(timeout=60)
        self.process.wait(30)
        return {int(k): v for k, v in json.loads(line or "{}").items()}


def latencies(starts: dict[int, float], arrivals: dict[int, list[float]]) -> list[float]:
    """Milliseconds from each post to each of its arrivals."""
    return [(t - starts[cid]) * 1000 for cid, times in arrivals.items() if cid in starts for t in times]


if __name__ == "__main__":
    run(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:])
