"""Urdu and Arabic pages mirror: they start on the right, nest replies from the right, and fit a phone."""
import pytest
from playwright.sync_api import expect

from deliberation.demo import DEMO_PASSWORD
from tests.a11y.test_layout import OVERFLOW, _demo_pages

pytestmark = pytest.mark.browser

SIZES = {"320px": {"width": 320, "height": 640}, "desktop": {"width": 1280, "height": 800}}


def log_in(page, email: str, password: str) -> None:
    """Log in on a page already in Urdu or Arabic: the fields by name, the labels are translated."""
    page.goto("/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form:has(input[name=password]) [type=submit]").click()


def _reader(new_context, live_server, locale: str, size: str):
    context = new_context(base_url=live_server.url, viewport=SIZES[size])
    context.add_cookies([{"name": "agora_lang", "value": locale, "url": live_server.url}])
    return context.new_page()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("locale", ["ur", "ar"])
def test_right_to_left_pages_fit_without_horizontal_scrolling(locale, size, app, live_server,
                                                               new_context):
    public, resident_pages = _demo_pages()
    anonymous = _reader(new_context, live_server, locale, size)
    resident = _reader(new_context, live_server, locale, size)
    log_in(resident, "resident@agora.example", DEMO_PASSWORD)
    problems = []
    for page, urls in [(anonymous, public), (resident, resident_pages)]:
        for url in urls:
            assert page.goto(url).status == 200, url
            expect(page.locator("html")).to_have_attribute("dir", "rtl")
            wide = page.evaluate(OVERFLOW)
            if wide:
                problems.append(f"{locale} {size} {url}: {wide}")
    assert not problems, "\n".join(problems)


def test_the_ballot_and_a_thread_read_from_the_right_in_urdu(app, live_server, new_context):
    _, resident_pages = _demo_pages()
    page = _reader(new_context, live_server, "ur", "320px")
    log_in(page, "resident@agora.example", DEMO_PASSWORD)
    page.goto(next(url for url in resident_pages if url.endswith("/vote")))
    box = page.locator("li.checkbox input").first.bounding_box()
    label = page.locator("li.checkbox label").first.bounding_box()
    assert box["x"] > label["x"], "the tick box stands to the right of its label"

    page.goto(next(url for url in resident_pages if url.startswith("/debates/")))
    reply = page.locator(".replies > li").first
    parent = page.locator(".comment-item:has(> .replies > li)").first
    reply_box, parent_box = reply.bounding_box(), parent.bounding_box()
    assert reply_box["x"] + reply_box["width"] < parent_box["x"] + parent_box["width"] - 10, \
        "a reply is indented from the right edge"
