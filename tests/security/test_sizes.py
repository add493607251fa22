"""Oversized bodies, uploads and socket payloads are refused politely, never with a 500."""
from __future__ import annotations

import io
import json
import re
import time
import urllib.request

import pytest
import simple_websocket
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from models import Comment, Proposal, db
from tests.conftest import login


def test_a_body_over_8_mib_gets_the_friendly_413_page(client):
    assert client.application.config["MAX_CONTENT_LENGTH"] == 8 * 1024 * 1024
    body = b"display_name=" + b"x" * (9 * 1024 * 1024)
    response = client.post("/register", data=body,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert "That was too large" in response.get_data(as_text=True)


def test_a_photo_over_2_mb_is_refused_next_to_its_field(client, make_user, make_process):
    process = make_process(phase="proposals", costs=[])
    login(client, make_user(neighbourhood=process.neighbourhood))
    big_png = b"\x89PNG\r\n\x1a\n" + b"\0" * (2 * 1024 * 1024 + 10)
    # Encoded by hand: the test client would spool a body this size to a file it never closes.
    boundary, body = encode_multipart({
        "title": "Mural", "description": "Paint", "estimated_cost": "500", "category": "Other",
        "image": FileStorage(io.BytesIO(big_png), "mural.png", content_type="image/png")})
    response = client.post(f"/processes/{process.id}/proposals/new", data=body,
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    errors = re.search(r'<ul class="errors" id="image-error">(.*?)</ul>', page, re.S)
    assert errors and "larger than 2 MB" in errors.group(1)
    assert 'aria-describedby="image-error"' in page or 'image-error' in page
    assert db.session.scalar(db.select(db.func.count(Proposal.id))) == 0


CONNECT_TIMEOUT = 60.0  # seconds for the namespace connect on a loaded machine


def _socket(base: str) -> simple_websocket.Client:
    """A raw Engine.IO websocket, as a browser holds it, connected to the default namespace."""
    ws = simple_websocket.Client.connect(
        base.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket")
    opening = json.loads(ws.receive(timeout=30)[1:])
    assert opening["maxPayload"] == 16 * 1024
    ws.send("40")
    deadline = time.monotonic() + CONNECT_TIMEOUT
    while time.monotonic() < deadline:  # a busy server may ping (or broadcast) before it answers
        reply = ws.receive(timeout=max(0.1, deadline - time.monotonic()))
        if reply == "2":
            ws.send("3")
        elif reply and reply.startswith("40"):
            return ws
    raise AssertionError(f"no Socket.IO connect answer within {CONNECT_TIMEOUT} s")


def test_a_socket_payload_over_16_kib_closes_that_connection_only(live_server, make_debate):
    from deliberation.debates.services import debate_thread
    thread = debate_thread(make_debate())
    db.session.commit()
    ws = _socket(live_server.url)
    ws.send("421" + json.dumps(["join", {"thread_id": thread.id}]))
    assert '"ok":true' in ws.receive(timeout=30).replace(" ", "")
    ws.send("422" + json.dumps(["post_comment", {"thread_id": thread.id, "body": "x" * 20_000}]))
    with pytest.raises(simple_websocket.ConnectionClosed):
        for _ in range(10):  # presence and other broadcasts may come first; then the server closes
            ws.receive(timeout=10)
    # The server lives on: a new connection works and the health check answers.
    _socket(live_server.url).close()
    with urllib.request.urlopen(f"{live_server.url}/healthz", timeout=10) as health:
        assert health.status == 200
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 0
