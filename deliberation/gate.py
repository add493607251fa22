"""A cap on page requests running at once in one process, so threads queue instead of thrashing."""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

SOCKET_PATH = "/socket.io"
# The load balancer's health check answers at once, even behind a queue of page requests: a busy
# process is not a dead one.
UNGATED = ("/healthz",)
_inside = threading.local()  # the gate whose slot this thread holds, if any


class RequestGate:
    """WSGI middleware: at most ``slots`` page requests inside the app at a time.

    Threads of one process share one interpreter lock: thirty requests running together each
    wait for it at every database round trip, and a commit costs about twice its CPU alone.
    Queued on a semaphore they cost nothing until a slot frees. Websockets (long-lived, mostly
    idle) and the health check pass straight through, and a response body is sent after the
    slot is given back.
    """

    def __init__(self, app: Callable, slots: int):
        self.app, self.slots = app, slots
        self._free = threading.BoundedSemaphore(slots)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path.startswith(SOCKET_PATH) or path in UNGATED:
            return self.app(environ, start_response)
        with self._free:
            _inside.gate = self
            try:
                return self.app(environ, start_response)
            finally:
                _inside.gate = None


@contextmanager
def outside() -> Iterator[None]:
    """Give this request's slot to another while it waits on something slow elsewhere (a mail
    server), and take one back before going on."""
    gate = getattr(_inside, "gate", None)
    if gate is None:
        yield
        return
    gate._free.release()
    try:
        yield
    finally:
        gate._free.acquire()
