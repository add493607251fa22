"""A resident using only a keyboard registers, votes and comments; live news never moves focus."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from deliberation.budgeting.voting import own_ballot
from deliberation.verification.services import verify_resident
from models import Comment, User, VerificationMethod, db
from tests.browser_fixtures import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

# The focused element's accessible name, enough for links, buttons and labelled fields.
FOCUSED_NAME = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) { return ""; }
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  const text = label || el.getAttribute("aria-label") || el.innerText || el.value || "";
  return text.trim().replace(/\\s+/g, " ");
}"""


def focused_name(page) -> str:
    return page.evaluate(FOCUSED_NAME)


def tab_to(page, name: str, *, limit: int = 80) -> None:
    """Press Tab until the element named ``name`` has focus, as a person would."""
    pattern = re.compile(rf"^{re.escape(name)}\b")
    passed = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        current = focused_name(page)
        if pattern.match(current):
            expect(page.locator(":focus")).to_have_accessible_name(
                re.compile(rf"^{re.escape(name)}"))
            return
        passed.append(current)
    raise AssertionError(f"{name!r} never had focus; Tab went through {passed}")


def skip_to_main(page) -> None:
    """The skip link is the first Tab stop and moves focus to the main content."""
    page.keyboard.press("Tab")
    assert focused_name(page) == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page):
    page.goto("/")
    skip_to_main(page)
    page.keyboard.press("Tab")  # the next stop is inside main, not the header's navigation
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")


def test_a_resident_registers_votes_and_comments_with_the_keyboard_only(
        page, make_neighbourhood, make_user, make_process, make_debate):
    area = make_neighbourhood("Riverside")
    make_neighbourhood("Hillcrest")
    process = make_process(kind="knapsack", budget=600, neighbourhood=area)
    debate = make_debate(neighbourhood=area)
    staff = make_user("facilitator", neighbourhood=area)

    page.goto("/register")
    skip_to_main(page)
    for label, text in [("Display name", "Kim Keys"), ("Email", "kim@example.org"),
                        ("Password", PASSWORD), ("Repeat password", PASSWORD)]:
        tab_to(page, label)
        page.keyboard.type(text)
    tab_to(page, "Neighbourhood")
    page.keyboard.type("Riverside")  # a closed select picks the option whose name is typed
    expect(page.get_by_label("Neighbourhood")).to_have_value(str(area.id))
    tab_to(page, "Create account")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside")
    kim = db.session.scalar(select(User).where(User.email == "kim@example.org"))
    assert kim.display_name == "Kim Keys" and kim.neighbourhood_id == area.id
    verify_resident(staff, kim, VerificationMethod.IN_PERSON, "Met at the library")
    db.session.commit()

    page.goto(f"/processes/{process.id}/vote")
    skip_to_main(page)
    tab_to(page, "Project 1")
    page.keyboard.press("Space")
    tab_to(page, "Project 2")
    page.keyboard.press("Space")
    expect(page.locator("#basket-total")).to_contain_text("over the budget by £100")
    page.keyboard.press("Shift+Tab")
    assert focused_name(page).startswith("Project 1")
    page.keyboard.press("Tab")
    assert focused_name(page).startswith("Project 2")
    page.keyboard.press("Space")  # untick Project 2
    tab_to(page, "Project 3")
    page.keyboard.press("Space")
    expect(page.locator("#basket-total")).to_have_text("Your basket: £600 of £600 (£0 left)")
    tab_to(page, "Cast my vote")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Your vote is recorded")).to_be_visible()
    db.session.expire_all()
    ballot = own_ballot(kim, process)
    assert sorted(c.proposal.title for c in ballot.choices) == ["Project 1", "Project 3"]

    page.goto(f"/debates/{debate.id}")
    expect(page.locator("[data-live-status]")).to_have_text("Live updates on")
    skip_to_main(page)
    tab_to(page, "Your comment")
    page.keyboard.type("Typed without a mouse.")
    tab_to(page, "Post comment")
    page.keyboard.press("Enter")
    expect(page.locator(".comment").filter(has_text="Typed without a mouse.")).to_be_visible()
    expect(page.locator("[data-live-announcer]")).to_have_text(
        re.compile(r"Your comment is posted\.|New comment by Kim Keys\."))
    db.session.expire_all()
    assert list(db.session.scalars(select(Comment.body))) == ["Typed without a mouse."]


def test_a_new_comment_is_announced_without_moving_focus(new_context, live_server, make_user,
                                                        make_debate):
    debate = make_debate()
    ann = make_user(neighbourhood=debate.neighbourhood, name="Ann")
    bob = make_user(neighbourhood=debate.neighbourhood, name="Bob")
    a, b = (new_context(base_url=live_server.url).new_page() for _ in range(2))
    for page, person in [(a, ann), (b, bob)]:
        log_in(page, person.email, PASSWORD)
        page.goto(f"/debates/{debate.id}")
        expect(page.locator("[data-live-status]")).to_have_text("Live updates on")
    skip_to_main(b)
    tab_to(b, "Your comment")
    b.keyboard.type("Half-written thought")

    skip_to_main(a)
    tab_to(a, "Your comment")
    a.keyboard.type("The path needs lights.")
    tab_to(a, "Post comment")
    a.keyboard.press("Enter")

    expect(b.locator(".comment").filter(has_text="The path needs lights.")).to_be_visible()
    expect(b.locator("[data-live-announcer]")).to_have_text("New comment by Ann.")
    assert focused_name(b) == "Your comment"
    expect(b.get_by_label("Your comment")).to_be_focused()
    expect(b.get_by_label("Your comment")).to_have_value("Half-written thought")
