"""With Redis down, pages and ballots still work and the page says live updates are paused."""
import subprocess

import pytest
from playwright.sync_api import expect

from models import Ballot, db
from tests.browser_fixtures import log_in
from tests.conftest import PASSWORD
from tests.scale.servers import free_port, start_server, stop_server

pytestmark = [pytest.mark.postgres, pytest.mark.browser]


@pytest.fixture
def app_config(pg_app_config):
    return pg_app_config


def _redis(port: int) -> subprocess.Popen:
    redis = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no"], stdout=subprocess.DEVNULL)
    for _ in range(50):
        if subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).stdout.strip() == b"PONG":
            return redis
        subprocess.run(["sleep", "0.1"])
    raise RuntimeError("redis did not start")


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
        page.wait_for_timeout(5500)  # the server re-checks the queue every 5 seconds
        page.goto(f"/processes/{process.id}/vote")
        expect(page.locator(".live-paused")).to_contain_text("Live updates are paused")
        page.get_by_label(choice.title, exact=False).check()
        page.get_by_role("button", name="Cast my vote").click()
        expect(page.get_by_role("heading", name="Your vote is recorded")).to_be_visible()
        assert db.session.scalar(db.select(db.func.count(Ballot.id))) == 1

        redis = _redis(redis_port)
        page.wait_for_timeout(5500)
        page.goto(f"/processes/{process.id}")
        expect(page.locator(".live-paused")).to_have_count(0)
    finally:
        stop_server(server)
        redis.terminate()
        redis.wait()
