"""After the vote, in real browsers: the council publishes, projects are tracked, residents rate and help."""
import pytest
from playwright.sync_api import expect

from deliberation.budgeting.processes import advance_phase
from deliberation.budgeting.voting import cast_ballot
from deliberation.outcomes.delivery import post_update, set_community_lead
from deliberation.outcomes.services import publish_outcome
from models import Delivery, DeliveryStatus, Phase, Volunteer, db
from tests.browser_fixtures import log_in
from tests.budgeting_factories import project_ids
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def counted(make_user, make_process):
    process = make_process(costs=(400, 300, 200, 100), budget=600)
    a, b, c, _ = project_ids(process)
    for picks in ([a, c], [a, b], [a, c]):
        cast_ballot(make_user(neighbourhood=process.neighbourhood), process, picks)
    advance_phase(None, process, Phase.RESULTS)
    db.session.commit()
    return process


def test_councillor_publishes_and_a_departure_needs_a_reason(page, make_user, counted):
    councillor = make_user("councillor")
    log_in(page, councillor.email, PASSWORD)
    page.goto(f"/processes/{counted.id}")
    page.get_by_role("link", name="Publish the outcome").click()
    expect(page.get_by_label("Council decision on Project 1")).to_have_value("fund")
    page.get_by_label("Council decision on Project 1").select_option("reject")
    page.get_by_label("Summary for residents").fill("We follow the vote but one.")
    page.get_by_role("button", name="Publish outcome").click()
    expect(page.locator(f"#rationale-{project_ids(counted)[0]}-error")).to_contain_text(
        "departs from the vote: give the council's reason")
    expect(page.get_by_label("Council decision on Project 1")).to_have_value("reject")
    expect(page.get_by_label("Summary for residents")).to_have_value("We follow the vote but one.")
    page.get_by_label("Reason for Project 1", exact=False).fill("The land is being sold.")
    page.get_by_role("button", name="Publish outcome").click()
    expect(page.get_by_text("The outcome is published")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Project 1")
    expect(row).to_contain_text("Funded")
    expect(row).to_contain_text("Not funded")
    expect(row).to_contain_text("The land is being sold.")
    db.session.expire_all()
    assert counted.phase is Phase.IMPLEMENTATION
    assert db.session.scalar(db.select(db.func.count(Delivery.id))) == 1


@pytest.fixture
def delivered(counted, make_user):
    councillor = make_user("councillor")
    publish_outcome(councillor, counted, {p: (p in counted.result.selected, "") for p in project_ids(counted)}, "")
    db.session.commit()
    first, second = db.session.scalars(db.select(Delivery).order_by(Delivery.id)).all()
    post_update(councillor, first, "Started", DeliveryStatus.IN_PROGRESS, 50, 100)
    post_update(councillor, first, "Done", DeliveryStatus.DELIVERED, 100, 390)
    db.session.commit()
    return first, second, councillor


def test_resident_rates_a_delivered_project_and_sees_it_in_the_league_table(page, make_user, delivered, counted):
    first, _, _ = delivered
    resident = make_user(neighbourhood=counted.neighbourhood)
    log_in(page, resident.email, PASSWORD)
    page.goto(f"/neighbourhoods/{counted.neighbourhood.slug}/projects")
    expect(page.get_by_role("heading", name="Delivered (1)")).to_be_visible()
    page.get_by_role("link", name="Project 1").click()
    page.get_by_role("button", name="Save rating").click()
    expect(page.locator("#stars-error")).to_have_text("Choose from 1 to 5 stars.")
    page.get_by_label("4 stars").check()
    page.get_by_label("How well does this serve you? (optional)").fill("Kids love it")
    page.get_by_role("button", name="Save rating").click()
    expect(page.get_by_text("Your rating: 4 stars.")).to_be_visible()
    page.get_by_role("link", name="Ratings").click()
    row = page.get_by_role("row").filter(has_text="Project 1")
    expect(row).to_contain_text("4.0")
    expect(row).to_contain_text("few ratings")


def test_lead_sees_a_volunteer_without_their_email(new_context, live_server, make_user, delivered, counted):
    _, second, councillor = delivered
    area = counted.neighbourhood
    lead = make_user(neighbourhood=area, name="Lena Lead")
    set_community_lead(councillor, second, "Friends of the Park", lead)
    db.session.commit()
    helper = make_user(neighbourhood=area, name="Hugo Helper", email="hugo.private@example.org")

    resident = new_context(base_url=live_server.url).new_page()
    log_in(resident, helper.email, PASSWORD)
    resident.goto(f"/projects/{second.id}")
    resident.get_by_label("What can you offer?").fill("I can dig and plant.")
    resident.get_by_label("When are you free?").fill("Saturdays")
    resident.get_by_role("button", name="Volunteer").click()
    expect(resident.get_by_text("The project's lead can now contact you")).to_be_visible()

    leader = new_context(base_url=live_server.url).new_page()
    log_in(leader, lead.email, PASSWORD)
    leader.goto(f"/projects/{second.id}")
    expect(leader.get_by_label("Hugo Helper: I can dig and plant. (Saturdays)")).to_be_checked()
    expect(leader.locator("main")).not_to_contain_text("hugo.private@example.org")
    leader.get_by_label("Message to volunteers").fill("Meet at the gate at 10.")
    leader.get_by_role("button", name="Send message").click()
    expect(leader.get_by_text("Message sent to 1 volunteer.")).to_be_visible()
    assert db.session.scalar(db.select(db.func.count(Volunteer.id))) == 1
    from deliberation.mail import outbox
    with live_server.app.app_context():
        assert outbox()[-1]["To"] == "hugo.private@example.org"


def test_councillor_dashboard_shows_participation(page, make_user, counted):
    log_in(page, make_user("councillor").email, PASSWORD)
    page.get_by_role("link", name="Dashboard").click()
    row = page.get_by_role("row").filter(has_text=counted.neighbourhood.name)
    expect(row).to_contain_text("3")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    from pathlib import Path
    text = Path(download.value.path()).read_text()
    assert text.splitlines()[0].startswith("neighbourhood,verified residents,Proposals,Online ballots")
    assert counted.neighbourhood.name in text


def test_a_follower_sees_progress_notified_live(new_context, live_server, make_user, delivered, counted):
    _, second, councillor = delivered
    follower = make_user(neighbourhood=counted.neighbourhood)
    fan = new_context(base_url=live_server.url).new_page()
    log_in(fan, follower.email, PASSWORD)
    fan.goto(f"/projects/{second.id}")
    fan.get_by_role("button", name="Follow this project").click()
    expect(fan.get_by_role("button", name="Unfollow this project")).to_be_visible()
    fan.goto("/processes")
    expect(fan.locator('#notifications-link[data-live="connected"]')).to_have_count(1)

    staff = new_context(base_url=live_server.url).new_page()
    log_in(staff, councillor.email, PASSWORD)
    staff.goto(f"/projects/{second.id}")
    staff.get_by_label("What happened").fill("Diggers arrived on site.")
    staff.get_by_label("Status").select_option("in_progress")
    staff.get_by_label("Progress (%)").fill("20")
    staff.get_by_label("Money spent so far").fill("50")
    staff.get_by_role("button", name="Post update").click()
    expect(staff.get_by_text("Update posted.")).to_be_visible()

    expect(fan.locator("#notifications-link .badge")).to_contain_text("1")
    expect(fan.locator("#notify-announcer")).to_contain_text("In progress, 20% done")
    fan.get_by_role("link", name="Notifications").click()
    expect(fan.get_by_text("“Project 3”: In progress, 20% done.")).to_be_visible()
