"""Live fan-out without a thread hop per socket: write each packet straight to an idle websocket.

python-engineio gives every websocket a writer thread and hands it each packet through a queue,
so a comment broadcast to a thousand watchers wakes a thousand threads, and each takes the
interpreter lock twice: bench/live.py measured p95 110-127 ms at 1,000 watchers, of which the
work per socket was 6 µs. Here the sending thread writes the frame itself when no earlier packet
for that socket is queued or being written and the kernel's send buffer has room, so the write
cannot block on a slow reader; otherwise the packet takes engineio's queue as before. One lock per
socket orders the two paths. ``AGORA_DIRECT_WRITES=0`` turns it off (the benchmark's baseline).
"""
from __future__ import annotations

import os
import socket
import struct
import threading

import engineio.socket

SO_MEMINFO = getattr(socket, "SO_MEMINFO", 55)  # Linux: the socket's memory accounting
_MEMINFO = struct.Struct("9I")  # ..., SNDBUF at 3, WMEM_QUEUED at 5
HEADROOM = 16 * 1024  # bytes left free beyond the frame, for the kernel's own overhead


def send_buffer_room(sock: socket.socket) -> int:
    """Bytes the kernel will still take without blocking; 0 where that cannot be known."""
    try:
        info = _MEMINFO.unpack(sock.getsockopt(socket.SOL_SOCKET, SO_MEMINFO, _MEMINFO.size))
    except (OSError, struct.error):
        return 0
    return info[3] - info[5]


class Writes:
    """One websocket's writes: a lock around them and the packets still in engineio's queue.

    It stands in for engineio's websocket wrapper (anything else, like wait() and close(), goes
    to the wrapper), so engineio's writer thread sends through it.
    """

    def __init__(self, wsgi_ws, queued: int):
        self.wsgi_ws, self.queued = wsgi_ws, queued
        self.lock, self._count = threading.Lock(), threading.Lock()

    def __getattr__(self, name: str):
        return getattr(self.wsgi_ws, name)

    def send(self, message) -> None:
        """engineio's writer thread: in queue order, blocking if the client reads slowly."""
        with self.lock:
            try:
                self.wsgi_ws.send(message)
            finally:
                with self._count:
                    self.queued = max(0, self.queued - 1)

    def will_queue(self) -> None:
        with self._count:
            self.queued += 1

    def send_now(self, message) -> bool:
        """Write from this thread if that cannot block or overtake a queued packet."""
        if self.queued or not self.lock.acquire(blocking=False):
            return False
        try:
            ws = self.wsgi_ws.ws  # simple-websocket's connection
            if self.queued or not ws.connected:
                return False
            if send_buffer_room(ws.sock) < 4 * len(message) + HEADROOM:
                return False
            ws.send(message)
            return True
        except Exception:  # let the writer thread meet the error and close the connection
            return False
        finally:
            self.lock.release()


class DirectWriteSocket(engineio.socket.Socket):
    """An Engine.IO socket that sends without the writer thread when it can."""

    writes: Writes | None = None

    def send(self, pkt) -> None:
        writes = self.writes
        if writes is None:
            return super().send(pkt)
        if not self.check_ping_timeout():
            return None
        if not writes.send_now(pkt.encode()):
            writes.will_queue()
            self.queue.put(pkt)
        return None

    def _websocket_handler(self, ws):
        if not self.connected:  # a new websocket; an upgrade from polling keeps engineio's path
            self.writes = ws = Writes(ws, queued=self.queue.qsize())
        return super()._websocket_handler(ws)


def install() -> None:
    """Make engineio build these sockets (once per process; off with AGORA_DIRECT_WRITES=0)."""
    if os.environ.get("AGORA_DIRECT_WRITES", "1") != "0":
        engineio.socket.Socket = DirectWriteSocket
