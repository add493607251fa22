"""A flood of socket events from one person is refused, with a message, before it reaches a service."""
import pytest

from deliberation.debates.services import debate_thread
from deliberation.extensions import socketio
from tests.conftest import app_settings, login


@pytest.fixture
def app_config(tmp_path):
    return app_settings(tmp_path, LIVE_EVENTS_PER_WINDOW=3, LIVE_WINDOW_SECONDS=60)


def test_rate_limit_refuses_a_flood(app, client, make_user, make_debate):
    debate = make_debate()
    thread = debate_thread(debate)
    login(client, make_user(neighbourhood=debate.neighbourhood))
    sock = socketio.test_client(app, flask_test_client=client)
    acks = [sock.emit("join", {"thread_id": thread.id}, callback=True) for _ in range(5)]
    assert [a["ok"] for a in acks] == [True, True, True, False, False]
    assert "too often" in acks[-1]["error"]
