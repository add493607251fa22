"""A facilitator edits a debate; a resident already reading it sees the change without reloading."""
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from models import AuditEntry, Debate, db, utcnow
from tests.browser_fixtures import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
FORMAT = "%Y-%m-%dT%H:%M"


def _person(new_context, live_server, user):
    page = new_context(base_url=live_server.url).new_page()
    log_in(page, user.email, PASSWORD)
    return page


def test_an_edited_question_reaches_an_open_page_live(new_context, live_server, make_user,
                                                      make_debate):
    debate = make_debate()
    area = debate.neighbourhood
    ann = make_user(neighbourhood=area, name="Ann", email="ann@example.org")
    fay = make_user("facilitator", neighbourhood=area, name="Fay", email="fay@example.org")
    reader, editor = (_person(new_context, live_server, p) for p in (ann, fay))
    reader.goto(f"/debates/{debate.id}")
    expect(reader.locator("[data-live-status]")).to_have_text("Live updates on")
    expect(reader.get_by_role("link", name="Edit debate")).to_have_count(0)
    reader.evaluate("window.loadedMarker = 'same page'")

    editor.goto(f"/debates/{debate.id}")
    editor.get_by_role("link", name="Edit debate").click()
    expect(editor.get_by_label("Starts (UTC)")).to_have_attribute("readonly", "")
    editor.get_by_label("The question", exact=True).fill("Should the canal path get solar lamps?")
    new_end = (utcnow() + timedelta(hours=5, minutes=30)).replace(second=0, microsecond=0)
    editor.get_by_label("Ends (UTC)").fill(new_end.strftime(FORMAT))
    editor.get_by_role("button", name="Save changes").click()
    expect(editor.get_by_text("The debate is updated.")).to_be_visible()

    status = reader.locator('[data-region="status"]')
    expect(status.get_by_text("Should the canal path get solar lamps?")).to_be_visible()
    expect(status.get_by_text("Details changed on")).to_be_visible()
    countdown = status.locator("[data-countdown]")
    expect(countdown).to_have_attribute("data-countdown", new_end.isoformat())
    expect(countdown).to_have_text("Closes in 5 hours")
    expect(reader.locator("[data-live-announcer]")).to_have_text(
        "The facilitator changed this debate's details.")
    assert reader.evaluate("window.loadedMarker") == "same page"
    db.session.expire_all()
    assert db.session.get(Debate, debate.id).question == "Should the canal path get solar lamps?"
    assert db.session.scalar(db.select(AuditEntry.actor_id).where(
        AuditEntry.action == "debate.edit")) == fay.id


def test_a_bad_end_time_is_shown_next_to_the_field(page, make_user, make_debate):
    debate = make_debate()
    fay = make_user("facilitator", neighbourhood=debate.neighbourhood, email="fay@example.org")
    log_in(page, fay.email, PASSWORD)
    page.goto(f"/debates/{debate.id}/edit")
    page.get_by_label("Title", exact=True).fill("Canal lights, revisited")
    page.get_by_label("Ends (UTC)").fill((debate.starts_at - timedelta(hours=1)).strftime(FORMAT))
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#ends_at-error")).to_have_text("The end must be after the start.")
    expect(page.get_by_label("Ends (UTC)")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Title", exact=True)).to_have_value("Canal lights, revisited")
    db.session.expire_all()
    assert db.session.get(Debate, debate.id).title == "Should the canal path get lights?"
