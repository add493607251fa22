"""Reply, edit, flag and delete happen in place over the socket: no page load for anyone."""
import re

import pytest
from playwright.sync_api import expect

from models import Comment, Flag, db
from tests.browser_fixtures import open_live as _open, signed_in_page
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _person(new_context, live_server, user):
    return signed_in_page(new_context, live_server, user, PASSWORD)


def _scene(new_context, live_server, make_user, make_debate, make_comment):
    debate = make_debate()
    area = debate.neighbourhood
    ann = make_user(neighbourhood=area, name="Ann", email="ann@example.org")
    bob = make_user(neighbourhood=area, name="Bob", email="bob@example.org")
    comment = make_comment(debate, ann, "The bus stop needs a shelter.")
    a, b = _person(new_context, live_server, ann), _person(new_context, live_server, bob)
    for page in (a, b):
        _open(page, debate)
        page.evaluate("window.loadedMarker = 'same page'")
    return debate, comment, a, b


def _same_pages(*pages):
    for page in pages:
        assert page.evaluate("window.loadedMarker") == "same page"


def test_reply_in_place_reaches_the_other_person(new_context, live_server, make_user, make_debate, make_comment):
    debate, comment, a, b = _scene(new_context, live_server, make_user, make_debate, make_comment)
    b.get_by_role("link", name="Reply to Ann").click()
    b.get_by_label("Your reply").fill("Agreed, and a bench.")
    b.get_by_role("button", name="Post reply").click()

    replies = f"#replies-{comment.id}"
    expect(b.locator(replies)).to_contain_text("Agreed, and a bench.")
    expect(b.get_by_label("Your reply")).to_have_count(0)
    expect(a.locator(replies)).to_contain_text("Agreed, and a bench.")
    _same_pages(a, b)
    reply = db.session.scalar(db.select(Comment).where(Comment.parent_id == comment.id))
    assert reply.body == "Agreed, and a bench."


def test_edit_in_place_shows_the_new_text_and_the_mark(new_context, live_server, make_user, make_debate, make_comment):
    debate, comment, a, b = _scene(new_context, live_server, make_user, make_debate, make_comment)
    a.get_by_role("link", name="Edit your comment").click()
    field = a.get_by_label("Your comment").last
    expect(field).to_have_value("The bus stop needs a shelter.")
    field.fill("")
    a.get_by_role("button", name="Save changes").click()
    expect(a.locator("[data-live-error]")).to_have_text(re.compile(r"\w+"))  # the refusal, by the field
    expect(field).to_have_attribute("aria-invalid", "true")

    field.fill("The bus stop on Mill Road needs a shelter.")
    a.get_by_role("button", name="Save changes").click()
    item = b.locator(f"#comment-{comment.id}")
    expect(item).to_contain_text("Mill Road")
    expect(item.locator(".badge")).to_have_text("edited")
    _same_pages(a, b)
    db.session.expire_all()
    assert db.session.get(Comment, comment.id).body == "The bus stop on Mill Road needs a shelter."


def test_flag_and_delete_in_place(new_context, live_server, make_user, make_debate, make_comment):
    debate, comment, a, b = _scene(new_context, live_server, make_user, make_debate, make_comment)
    b.get_by_role("link", name="Flag comment by Ann").click()
    b.get_by_label("Why should a moderator look at this?").select_option("off_topic")
    b.get_by_role("button", name="Send to moderators").click()
    expect(b.locator("[data-live-announcer]")).to_have_text("Thank you. The moderators will look at this comment.")
    flags = db.session.scalars(db.select(Flag).where(Flag.subject_id == comment.id)).all()
    assert [(f.subject_type, f.reason.value) for f in flags] == [("comment", "off_topic")]

    b.get_by_role("link", name="Flag comment by Ann").click()
    b.get_by_label("Why should a moderator look at this?").select_option("spam")
    b.get_by_role("button", name="Send to moderators").click()
    expect(b.locator("[data-live-error]")).to_contain_text("already")

    a.get_by_role("button", name="Delete your comment").click()
    expect(b.locator(f"#comment-{comment.id}")).to_contain_text("Comment deleted.")
    expect(a.locator(f"#comment-{comment.id}")).to_contain_text("Comment deleted.")
    _same_pages(a, b)
