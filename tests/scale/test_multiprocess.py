"""Two app processes sharing PostgreSQL and Redis: live events reach browsers on either process."""
import pytest
from playwright.sync_api import expect

from deliberation.budgeting.processes import advance_phase
from deliberation.budgeting.voting import cast_ballot
from deliberation.outcomes.services import publish_outcome
from models import Delivery, Phase, db
from tests.browser_fixtures import log_in
from tests.budgeting_factories import project_ids
from tests.conftest import PASSWORD
from tests.scale.resident import Resident
from tests.scale.servers import free_port, start_server, stop_server

pytestmark = [pytest.mark.postgres, pytest.mark.browser]


@pytest.fixture
def app_config(pg_app_config):
    return pg_app_config


@pytest.fixture
def two_processes(app_config, redis_url, tmp_path):
    ports = [free_port(), free_port()]
    servers = [start_server(app_config["SQLALCHEMY_DATABASE_URI"], port, tmp_path,
                            SOCKETIO_MESSAGE_QUEUE=redis_url) for port in ports]
    yield [f"http://127.0.0.1:{port}" for port in ports]
    for server in servers:
        stop_server(server)


def test_a_notice_posted_on_one_process_reaches_a_browser_on_the_other(
        new_context, two_processes, make_user, make_process):
    process = make_process(costs=(100, 200), budget=1000)
    a, b = project_ids(process)
    cast_ballot(make_user(neighbourhood=process.neighbourhood), process, [a, b])
    advance_phase(None, process, Phase.RESULTS)
    councillor = make_user("councillor")
    publish_outcome(councillor, process, {a: (True, ""), b: (True, "")}, "")
    db.session.commit()
    delivery_id = db.session.scalars(db.select(Delivery.id).order_by(Delivery.id)).first()
    follower = make_user(neighbourhood=process.neighbourhood)
    first, second = two_processes

    page = new_context(base_url=first).new_page()
    log_in(page, follower.email, PASSWORD)
    page.goto(f"/projects/{delivery_id}")
    page.get_by_role("button", name="Follow this project").click()
    expect(page.locator('#notifications-link[data-live="connected"]')).to_have_count(1)

    staff = Resident(second)
    staff.log_in(councillor.email, PASSWORD)
    status, _ = staff.post_form(f"/projects/{delivery_id}/updates", [
        ("body", "Posted through the other process."), ("status", "in_progress"),
        ("progress", "10"), ("spent", "5"), ("cancel_reason", "")])
    assert status == 200
    expect(page.locator("#notifications-link .badge")).to_contain_text("1")
    expect(page.locator("#notify-announcer")).to_contain_text("In progress, 10% done")
