"""Socket.IO speaks websocket only: the long-polling path, where python-engineio would hold a
thread for each oversized message until the next poll, is refused before any session exists."""
import json
import urllib.error
import urllib.request

import simple_websocket


def _status(url: str, data: bytes | None = None) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_long_polling_is_refused_and_websockets_work(live_server):
    base = f"{live_server.url}/socket.io/?EIO=4&transport=polling"
    assert _status(base) == 400
    assert _status(base + "&sid=made-up", data=b"x" * 20_000) == 400
    ws = simple_websocket.Client.connect(
        live_server.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket")
    try:
        opening = json.loads(ws.receive(timeout=30)[1:])
        assert opening["upgrades"] == [] and opening["maxPayload"] == 16 * 1024
    finally:
        ws.close()
