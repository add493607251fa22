"""The development server closes every response, even when the client leaves mid-cleanup."""
import os
import socket
import struct
import sys
import time


def _open_files_named(name: str) -> int:
    """How many of this process's file descriptors point at a file called ``name``."""
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            count += os.readlink(f"/proc/self/fd/{fd}").endswith(name)
        except OSError:
            pass
    return count


def test_a_client_resetting_after_the_response_leaks_no_open_file(live_server, monkeypatch):
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    host, port = live_server.url.removeprefix("http://").split(":")
    client = socket.create_connection((host, int(port)))
    # A body the app never reads keeps werkzeug draining it after the response, until the reset.
    client.sendall(b"GET /static/css/agora.css HTTP/1.1\r\nHost: x\r\n"
                   b"Content-Length: 10000000\r\n\r\n" + b"x" * 300_000)
    response = b""
    while b"\r\n\r\n" not in response or len(response.split(b"\r\n\r\n", 1)[1]) < 100:
        response += client.recv(65536)
    assert b" 200 " in response.split(b"\r\n", 1)[0]
    time.sleep(0.3)  # the whole body is out: the server is now draining the socket
    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    client.close()  # a reset, as a phone losing its signal sends
    deadline = time.monotonic() + 5
    while _open_files_named("agora.css") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _open_files_named("agora.css") == 0
    assert not [u for u in unraisable if "agora.css" in repr(u.object) + repr(u.exc_value)]
