"""Two people in two browsers: what one does, the other sees without reloading."""
import re

import pytest
from playwright.sync_api import expect

from deliberation.debates.services import debate_thread
from models import Comment, db
from tests.browser_fixtures import log_in, open_live as _open, signed_in_page
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _person(new_context, live_server, user):
    return signed_in_page(new_context, live_server, user, PASSWORD)


def _comment(page, text):
    page.get_by_label("Your comment").fill(text)
    page.get_by_role("button", name="Post comment").click()


def test_a_comment_appears_for_the_other_person_without_reloading(new_context, live_server, make_user, make_debate):
    debate = make_debate()
    area = debate.neighbourhood
    ann = make_user(neighbourhood=area, name="Ann", email="ann@example.org")
    bob = make_user(neighbourhood=area, name="Bob", email="bob@example.org")
    a, b = _person(new_context, live_server, ann), _person(new_context, live_server, bob)
    _open(a, debate)
    _open(b, debate)
    expect(b.locator("[data-presence]")).to_have_text("2 people here now")
    b.evaluate("window.loadedMarker = 'same page'")

    _comment(a, "Lights would make the path *safer*.")
    comment = b.locator("#thread-{} .comment".format(debate_thread(debate).id)).filter(has_text="safer")
    expect(comment).to_be_visible()
    expect(comment.locator("em")).to_have_text("safer")
    expect(b.locator("[data-live-announcer]")).to_have_text("New comment by Ann.")
    assert b.evaluate("window.loadedMarker") == "same page"
    expect(a.get_by_label("Your comment")).to_have_value("")

    b.get_by_role("button", name=re.compile(r"^Agree")).first.click()
    expect(a.locator(".comment").filter(has_text="safer").locator('[data-count="agree"]')).to_have_text("1")
    assert db.session.scalar(db.select(Comment.body)) == "Lights would make the path *safer*."


def _scene(make_user, make_debate):
    debate = make_debate()
    area = debate.neighbourhood
    return debate, {
        "ann": make_user(neighbourhood=area, name="Ann", email="ann@example.org"),
        "bob": make_user(neighbourhood=area, name="Bob", email="bob@example.org"),
        "fay": make_user("facilitator", neighbourhood=area, name="Fay", email="fay@example.org")}


def test_hidden_comment_disappears_for_readers_and_author_sees_why(new_context, live_server, make_user,
                                                                  make_debate, make_comment):
    debate, people = _scene(make_user, make_debate)
    comment = make_comment(debate, people["ann"], "You are all idiots")
    a, b, f = (_person(new_context, live_server, people[k]) for k in ("ann", "bob", "fay"))
    _open(a, debate)
    _open(b, debate)
    expect(b.get_by_text("You are all idiots")).to_be_visible()

    f.goto(f"/debates/{debate.id}")
    f.get_by_role("link", name="Hide comment by Ann").click()
    f.get_by_label("Reason for hiding").fill("Insults other residents")
    f.get_by_role("button", name="Hide comment").click()
    expect(f.get_by_text("The comment is hidden")).to_be_visible()

    item = b.locator(f"#comment-{comment.id}")
    expect(item).to_contain_text("Hidden by a moderator: Insults other residents")
    expect(b.get_by_text("You are all idiots")).to_be_hidden()
    expect(a.locator(f"#comment-{comment.id}")).to_contain_text("Hidden by a moderator: Insults other residents")
    expect(a.get_by_role("link", name="Appeal this decision")).to_be_visible()
    expect(b.get_by_role("link", name="Appeal this decision")).to_have_count(0)


def test_slow_mode_refuses_a_second_comment_with_the_seconds_left(page, make_user, make_debate):
    from deliberation.threads.facilitation import set_slow_mode
    debate, people = _scene(make_user, make_debate)
    set_slow_mode(people["fay"], debate_thread(debate), 120)
    db.session.commit()
    log_in(page, people["ann"].email, PASSWORD)
    _open(page, debate)
    expect(page.get_by_text("Slow mode is on: one comment per person every 120 seconds.")).to_be_visible()
    _comment(page, "First thought")
    expect(page.locator(".comment").filter(has_text="First thought")).to_be_visible()
    _comment(page, "Second thought")
    error = page.locator(f"#comment-body-{debate_thread(debate).id}-error")
    expect(error).to_have_text(re.compile(r"Slow mode is on: please wait 1[12]\d seconds"))
    expect(page.get_by_label("Your comment")).to_have_value("Second thought")
    expect(page.get_by_label("Your comment")).to_have_attribute("aria-invalid", "true")
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 1


def test_raise_hand_queue_updates_for_everyone(new_context, live_server, make_user, make_debate):
    debate, people = _scene(make_user, make_debate)
    a, b, f = (_person(new_context, live_server, people[k]) for k in ("ann", "bob", "fay"))
    for page in (a, b, f):
        _open(page, debate)
    queue = lambda page: page.get_by_role("list", name="Raised hands, first called first")  # noqa: E731
    a.get_by_role("button", name="Raise my hand").click()
    expect(a.get_by_text("Your hand is raised.")).to_be_visible()
    expect(queue(b)).to_have_text("Ann")
    expect(queue(f)).to_have_text("Ann")
    b.get_by_role("button", name="Raise my hand").click()
    expect(queue(f).get_by_role("listitem")).to_have_text(["Ann", "Bob"])
    f.get_by_role("button", name="Call next").click()
    expect(a.get_by_text("Now speaking: Ann")).to_be_visible()
    expect(queue(a).get_by_role("listitem")).to_have_text(["Bob"])
    expect(b.locator("[data-live-announcer]")).to_have_text("Ann, it is your turn to speak.")


def test_blocked_persons_open_page_loses_its_live_connection_and_cannot_post(
        new_context, live_server, make_user, make_debate):
    from deliberation.admin.services import block_user
    debate, people = _scene(make_user, make_debate)
    a = _person(new_context, live_server, people["ann"])
    _open(a, debate)
    block_user(make_user("admin"), people["ann"], "Spam")
    db.session.commit()
    expect(a.locator("[data-live-status]")).to_contain_text("Live updates stopped")
    expect(a.get_by_role("button", name="Post comment")).to_be_disabled()
    expect(a.get_by_label("Your comment")).to_be_disabled()
    assert a.evaluate("window.agoraLive.socket.connected") is False
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 0


def test_a_dropped_client_catches_up_after_reconnecting(new_context, live_server, make_user, make_debate):
    debate, people = _scene(make_user, make_debate)
    a, b = _person(new_context, live_server, people["ann"]), _person(new_context, live_server, people["bob"])
    _open(a, debate)
    _open(b, debate)
    a.evaluate("window.agoraLive.socket.io.engine.close()")  # the network drops
    a.evaluate("window.agoraLive.socket.disconnect()")       # and stays down while Bob writes
    _comment(b, "Posted while Ann was away")
    _comment(b, "And another one")
    expect(b.locator(".comment").filter(has_text="And another one")).to_be_visible()
    expect(a.get_by_text("Posted while Ann was away")).to_have_count(0)
    a.evaluate("window.agoraLive.socket.connect()")
    expect(a.locator("[data-live-status]")).to_have_text("Live updates on")
    expect(a.locator(".comment").filter(has_text="Posted while Ann was away")).to_be_visible()
    expect(a.locator(".comment").filter(has_text="And another one")).to_be_visible()
    texts = a.locator(".comment-body").all_inner_texts()
    assert texts == ["Posted while Ann was away", "And another one"]


def test_announcements_and_locks_reach_everyone_live(new_context, live_server, make_user, make_debate):
    debate, people = _scene(make_user, make_debate)
    a, f = _person(new_context, live_server, people["ann"]), _person(new_context, live_server, people["fay"])
    _open(a, debate)
    _open(f, debate)
    f.get_by_text("Facilitator tools").click()
    f.get_by_label("Announcement").fill("Ten-minute break, back at 7:40")
    f.get_by_role("button", name="Announce to everyone").click()
    expect(a.get_by_role("region", name="Announcements")).to_contain_text("Ten-minute break, back at 7:40")
    expect(a.locator("[data-live-announcer]")).to_have_text("Announcement: Ten-minute break, back at 7:40")

    a.get_by_label("Your comment").fill("Half-written thought")
    f.get_by_text("Discussion tools").click()
    f.get_by_label("Reason for locking").fill("Break time")
    f.get_by_role("button", name="Lock discussion").click()
    expect(a.get_by_text("This discussion is locked: Break time")).to_be_visible()
    expect(a.get_by_role("button", name="Post comment")).to_have_count(0)
