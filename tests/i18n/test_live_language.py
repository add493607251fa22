"""Live updates speak each reader's language: a Polish reader and an English one watch the same thread."""
import pytest
from playwright.sync_api import expect

from deliberation.debates.services import debate_thread
from tests.browser_fixtures import open_live, signed_in_page
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_a_live_comment_is_announced_in_each_readers_language(new_context, live_server, make_user,
                                                               make_debate, app):
    debate = make_debate()
    area = debate.neighbourhood
    writer = make_user(neighbourhood=area, name="Ann")
    reader = make_user(neighbourhood=area, name="Piotr")
    reader.locale = "pl"
    app.extensions["sqlalchemy"].session.commit()
    english = signed_in_page(new_context, live_server, writer, PASSWORD)
    polish = signed_in_page(new_context, live_server, reader, PASSWORD)
    open_live(english, debate)
    polish.goto(f"/debates/{debate.id}")
    expect(polish.locator("html")).to_have_attribute("lang", "pl")
    expect(polish.locator("[data-live-status]")).to_have_text("Aktualizacje na żywo włączone")
    expect(polish.locator("[data-presence]")).to_have_text("2 osoby są tu teraz")
    expect(english.locator("[data-presence]")).to_have_text("2 people here now")

    english.get_by_label("Your comment").fill("Lights would help.")
    english.get_by_role("button", name="Post comment").click()
    thread = debate_thread(debate)
    expect(polish.locator(f"#thread-{thread.id} .comment").filter(has_text="Lights would help.")) \
        .to_be_visible()
    expect(polish.locator("[data-live-announcer]")).to_have_text("Nowy komentarz od: Ann.")
