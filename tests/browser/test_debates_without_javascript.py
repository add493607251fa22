"""With JavaScript off, a resident still reads, comments, replies, reacts and flags."""
import re

import pytest
from playwright.sync_api import expect

from models import Comment, Flag, Reaction, db
from tests.browser_fixtures import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_read_comment_reply_react_and_flag_without_javascript(nojs_page, make_user, make_debate,
                                                              make_comment):
    page = nojs_page
    debate = make_debate()
    area = debate.neighbourhood
    bob = make_user(neighbourhood=area, name="Bob")
    make_comment(debate, bob, "Lights cost too much.")
    ann = make_user(neighbourhood=area, name="Ann", email="ann@example.org")

    page.goto(f"/debates/{debate.id}")
    expect(page.get_by_role("heading", level=1)).to_have_text(debate.title)
    expect(page.get_by_text("Lights cost too much.")).to_be_visible()
    expect(page.get_by_role("link", name="Log in").last).to_be_visible()

    log_in(page, ann.email, PASSWORD)
    page.goto(f"/debates/{debate.id}")
    page.get_by_label("Your comment").fill("I would pay for **safety**.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Your comment is posted.")).to_be_visible()
    expect(page.locator(".comment strong").filter(has_text="safety")).to_be_visible()

    page.get_by_role("link", name="Reply to Bob").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reply to Bob")
    page.get_by_label("Your reply").fill("Solar lamps are cheaper.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("Your reply is posted.")).to_be_visible()
    bobs = page.locator(".comment-item").filter(has_text="Lights cost too much.").first
    expect(bobs.locator(".replies").first).to_contain_text("Solar lamps are cheaper.")

    bobs.locator("article").first.get_by_role("button", name=re.compile(r"^Agree")).click()
    expect(page.get_by_text("Your reaction is saved.")).to_be_visible()
    expect(bobs.locator("article").first.get_by_role("button", name=re.compile(r"^Agree"))).to_have_attribute(
        "aria-pressed", "true")

    page.get_by_role("link", name="Flag comment by Bob").click()
    page.get_by_label("Why should a moderator look at this?").select_option(label="Off topic")
    page.get_by_role("button", name="Send to moderators").click()
    expect(page.get_by_text("Thank you. Moderators will look at this comment.")).to_be_visible()

    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 3
    assert db.session.scalar(db.select(db.func.count(Reaction.id))) == 1
    assert db.session.scalar(db.select(Flag.reason)).value == "off_topic"


def test_debate_pages_render_without_javascript(nojs_page, make_user, make_debate):
    debate = make_debate()
    facilitator = make_user("facilitator", neighbourhood=debate.neighbourhood)
    log_in(nojs_page, facilitator.email, PASSWORD)
    slug = debate.neighbourhood.slug
    for url in [f"/debates/{debate.id}", f"/neighbourhoods/{slug}/debates",
                f"/neighbourhoods/{slug}/debates?show=closed", f"/neighbourhoods/{slug}/debates/new",
                "/staff/flags", "/staff/moderation-log", "/notifications"]:
        response = nojs_page.goto(url)
        assert response.status == 200, url
        expect(nojs_page.get_by_role("heading", level=1)).to_have_count(1)
        expect(nojs_page.get_by_role("main")).to_be_visible()
