"""Direct websocket writes: never blocked by a client that stops reading, never out of order."""
import json
import socket
import threading
import time

import engineio.socket

from bench.crowd import Connection, _frame
from deliberation.extensions import socketio
from deliberation.fanout import HEADROOM, DirectWriteSocket, Writes, send_buffer_room


class FakeConnection:
    """simple-websocket's connection, reduced to what Writes touches."""

    def __init__(self, sock):
        self.sock, self.connected = sock, True

    def send(self, message: str) -> None:
        self.sock.sendall(message.encode())


class FakeWrapper:
    """engineio's websocket wrapper around it."""

    def __init__(self, sock):
        self.ws = FakeConnection(sock)

    def send(self, message: str) -> None:
        self.ws.send(message)


def _tcp_pair() -> tuple[socket.socket, socket.socket]:
    """Two ends of a loopback TCP connection (the kernel accounts TCP buffers, not Unix ones)."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        ours = socket.create_connection(listener.getsockname())
        theirs, _ = listener.accept()
    return ours, theirs


def test_a_write_goes_straight_out_only_when_nothing_is_ahead_of_it_and_there_is_room():
    ours, theirs = _tcp_pair()
    with ours, theirs:
        writes = Writes(FakeWrapper(ours), queued=0)
        assert writes.send_now("first") and theirs.recv(100) == b"first"
        writes.will_queue()  # a packet waits in engineio's queue: the next must not overtake it
        assert not writes.send_now("second")
        writes.send("queued")  # engineio's writer thread sends it, and the way is clear again
        assert writes.queued == 0 and writes.send_now("third")
        assert theirs.recv(100) == b"queuedthird"
        with writes.lock:  # the writer thread is mid-write
            assert not writes.send_now("fourth")
        ours.setblocking(False)
        try:
            while True:
                ours.send(b"x" * 65536)
        except BlockingIOError:
            pass  # the reader stopped reading: the kernel's buffers are full
        assert send_buffer_room(ours) < HEADROOM and not writes.send_now("fifth")


def _connect(url: str) -> Connection:
    """A hand-spoken Socket.IO client that reads only when told to."""
    client = Connection(url)
    client.expect(b"0")
    client.sock.sendall(_frame("40"))
    client.expect(b"40")
    return client


def test_a_stalled_client_holds_up_nobody_and_a_slow_one_gets_everything_in_order(live_server):
    assert engineio.socket.Socket is DirectWriteSocket
    url = live_server.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    stalled, slow = _connect(url), _connect(url)  # neither reads for now
    count, pad = 1500, "x" * 32_000  # 48 MB: more than the kernel buffers either client

    def send_for_three_seconds() -> None:
        for n in range(count):
            socketio.emit("bulk", {"n": n, "pad": pad})
            time.sleep(0.002)

    sender = threading.Thread(target=send_for_three_seconds, daemon=True)
    sender.start()
    time.sleep(1)  # the slow client's buffers fill and packets queue; it then reads while the
    # sender still sends, so a new packet could overtake the queued ones if it were let
    received: list[int] = []
    slow.sock.settimeout(30)
    while len(received) < count:
        for message in slow.messages(slow.sock.recv(1 << 20)):
            if message.startswith(b'42["bulk"'):
                received.append(json.loads(message[2:])[1]["n"])
    sender.join(30)
    assert not sender.is_alive(), "broadcasting blocked on the client that stopped reading"
    assert received == list(range(count))
    for client in (stalled, slow):
        client.sock.close()
