"""A cap on page requests running at once in one process, so threads queue instead of thrashing."""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

SOCKET_PATH = "/socket.io"


class RequestGate:
    """WSGI middleware: at most ``slots`` page requests inside the app at a time.

    Threads of one process share one interpreter lock: thirty requests running together each
    wait for it at every database round trip, and a commit costs about twice its CPU alone.
    Queued on a semaphore they cost nothing until a slot frees. Websockets (long-lived, mostly
    idle) pass straight through, and a response body is sent after the slot is given back.
    """

    def __init__(self, app: Callable, slots: int):
        self.app, self.slots = app, slots
        self._free = threading.BoundedSemaphore(slots)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO", "").startswith(SOCKET_PATH):
            return self.app(environ, start_response)
        with self._free:
            return self.app(environ, start_response)
