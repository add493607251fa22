"""Translated content in Chromium: a volunteer offers Polish, staff approve, a Polish reader reads it."""
import pytest
from playwright.sync_api import expect

from models import ContentTranslation, TranslationStatus, db
from tests.browser_fixtures import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser
TIMEOUT = 20_000  # ms: a busy 2-core machine


def _as(new_context, live_server, user, javascript=True, locale_cookie=None):
    context = new_context(base_url=live_server.url, java_script_enabled=javascript)
    if locale_cookie:
        context.add_cookies([{"name": "agora_lang", "value": locale_cookie, "url": live_server.url}])
    page = context.new_page()
    if user is not None:
        log_in(page, user.email, PASSWORD)
    return page


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_offer_review_and_read_a_translation(new_context, live_server, make_process, make_user,
                                             make_neighbourhood, javascript):
    area = make_neighbourhood("Riverside")
    process = make_process(phase="proposals", neighbourhood=area)
    proposal = process.proposals[0]
    proposal.title, proposal.description = "Benches by the canal", "Six benches to rest on."
    db.session.commit()
    volunteer = make_user(neighbourhood=area, name="Wanda Volunteer")
    staff = make_user("facilitator", neighbourhood=area)

    page = _as(new_context, live_server, volunteer, javascript)
    page.goto(f"/proposals/{proposal.id}")
    page.get_by_role("link", name="Add or improve a translation").click()
    page.get_by_label("Language of the translation").select_option("pl")
    page.get_by_role("button", name="Choose language").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Polish", timeout=TIMEOUT)
    page.get_by_label("Title").fill("Ławki nad kanałem")
    page.get_by_label("Description").fill("Sześć ławek do odpoczynku.")
    page.get_by_role("button", name="Save translation").click()
    expect(page.get_by_text("Staff will check your translation")).to_be_visible(timeout=TIMEOUT)

    reviewer = _as(new_context, live_server, staff, javascript)
    reviewer.goto("/translations/review")
    expect(reviewer.get_by_role("cell", name="Ławki nad kanałem")).to_be_visible(timeout=TIMEOUT)
    reviewer.get_by_role("button", name="Approve").click()
    expect(reviewer.get_by_text("Nothing is waiting for review.")).to_be_visible(timeout=TIMEOUT)
    db.session.expire_all()
    assert {r.status for r in db.session.scalars(db.select(ContentTranslation))} == {
        TranslationStatus.APPROVED}

    reader = _as(new_context, live_server, None, javascript, locale_cookie="pl")
    reader.goto(f"/proposals/{proposal.id}")
    heading = reader.get_by_role("heading", level=1)
    expect(heading).to_have_text("Ławki nad kanałem", timeout=TIMEOUT)
    assert heading.get_attribute("lang") == "pl"
    reader.locator(".translation-note a").click()
    expect(heading).to_have_text("Benches by the canal", timeout=TIMEOUT)
    assert heading.get_attribute("lang") == "en"
    reader.locator(".translation-note a").click()
    expect(heading).to_have_text("Ławki nad kanałem", timeout=TIMEOUT)
