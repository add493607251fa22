"""With Redis down, pages and ballots still work and the page says live updates are paused."""
import subprocess
import time

import pytest
from playwright.sync_api import expect

from models import Ballot, db
from tests.browser_fixtures import log_in
from tests.conftest import PASSWORD
from tests.scale.servers import free_port, start_server, stop_server

pytestmark = [pytest.mark.postgres, pytest.mark.browser]

# The server re-checks Redis at most every 5 seconds; on a busy machine give it far longer.
PAUSE_NOTICED_WITHIN = 90
REDIS_START_TIMEOUT = 60


@pytest.fixture
def app_config(pg_app_config):
    return pg_app_config


def _redis(port: int) -> subprocess.Popen:
    redis = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no"], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + REDIS_START_TIMEOUT
    while time.monotonic() < deadline:
        if subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).stdout.strip() == b"PONG":
            return redis
        time.sleep(0.1)
    raise RuntimeError("redis did not start")


def _open_until(page, path: str, paused: bool) -> None:
    """Open the page again until it says whether live updates are paused as expected."""
    deadline = time.monotonic() + PAUSE_NOTICED_WITHIN
    while True:
        page.goto(path)
        if (page.locator(".live-paused").count() > 0) == paused or time.monotonic() > deadline:
            return
        time.sleep(0.5)


def test_live_updates_pause_and_recover_while_votes_commit(new_context, app_config, make_user,
                                                           make_process, tmp_path):
    process = make_process()
    voter = make_user(neighbourhood=process.neighbourhood)
    choice = process.proposals[0]
    redis_port, port = free_port(), free_port()
    redis = _redis(redis_port)
    server = start_server(app_config["SQLALCHEMY_DATABASE_URI"], port, tmp_path,
                          SOCKETIO_MESSAGE_QUEUE=f"redis://127.0.0.1:{redis_port}/0")
    try:
        page = new_context(base_url=f"http://127.0.0.1:{port}").new_page()
        log_in(page, voter.email, PASSWORD)
        expect(page.locator(".live-paused")).to_have_count(0)

        redis.terminate()
        redis.wait()
        _open_until(page, f"/processes/{process.id}/vote", paused=True)
        expect(page.locator(".live-paused")).to_contain_text("Live updates are paused")
        page.get_by_label(choice.title, exact=False).check()
        page.get_by_role("button", name="Cast my vote").click()
        expect(page.get_by_role("heading", name="Your vote is recorded")).to_be_visible()
        assert db.session.scalar(db.select(db.func.count(Ballot.id))) == 1

        redis = _redis(redis_port)
        _open_until(page, f"/processes/{process.id}", paused=False)
        expect(page.locator(".live-paused")).to_have_count(0)
    finally:
        stop_server(server)
        redis.terminate()
        redis.wait()
