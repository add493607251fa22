"""Opinion maps in a real browser: voting one statement at a time, the live map, no-JS, axe, moderation."""
import re
import time

import pytest
from playwright.sync_api import expect

from deliberation.opinions import scheduler, services, snapshots
from models import Flag, Statement, StatementVote, db
from tests.a11y.test_axe import AXE, RUN_AXE
from tests.browser_fixtures import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

# Generous, for a busy 2-core machine: a vote schedules a background recompute, which stores a map,
# pushes it over the socket, and the page fetches and draws the new region.
MAP_PUSH_TIMEOUT_MS = 60_000
RECOMPUTE_DONE_TIMEOUT_S = 60.0
SEVEN = ["The canal path needs lights.", "Lights would disturb the bats.",
         "The council should pay, not the fund.", "Motion sensors are enough.",
         "The path should close at dusk.", "Solar lamps are cheap to run.",
         "Cyclists need a separate lane."]
VALUE_FOR = {1: "Agree", -1: "Disagree", 0: "Pass / unsure"}


def _person(new_context, live_server, user, **options):
    """A person in a browser of their own, logged in (and the login finished)."""
    page = new_context(base_url=live_server.url, **options).new_page()
    log_in(page, user.email, PASSWORD)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    return page


def _statements(conversation) -> list[Statement]:
    return list(db.session.scalars(db.select(Statement).where(
        Statement.conversation_id == conversation.id).order_by(Statement.id)))


def _side_value(side: bool, index: int) -> int:
    """Two camps: one agrees with the even statements and rejects the odd ones, the other the reverse."""
    return 1 if (index % 2 == 0) == side else -1


def _seed_camps(make_user, react, conversation, sizes):
    """Residents reacting to every statement through the service: `sizes` people per camp."""
    area, statements = conversation.debate.neighbourhood, _statements(conversation)
    people = []
    for side, count in zip((True, False), sizes):
        for _ in range(count):
            person = make_user(neighbourhood=area)
            for j, statement in enumerate(statements):
                react(person, statement, {1: "agree", -1: "disagree"}[_side_value(side, j)])
            people.append(person)
    return people


def _card(page):
    return page.get_by_role("region", name="Your turn")


def _react_to_shown(page, choose) -> str:
    """Read the statement on the card, press the button `choose(text)` names; return the text."""
    card = _card(page)
    text = card.locator("blockquote").inner_text().strip()
    card.get_by_role("button", name=choose(text), exact=True).click()
    return text


def _wait_for(condition, what: str, timeout: float = RECOMPUTE_DONE_TIMEOUT_S):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)  # polling a condition, with a deadline
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def test_two_residents_vote_and_an_open_map_page_redraws_without_reloading(
        new_context, live_server, make_user, make_conversation, react, recompute):
    conversation, _facilitator = make_conversation(seeds=SEVEN)
    debate, area = conversation.debate, conversation.debate.neighbourhood
    _seed_camps(make_user, react, conversation, (4, 4))  # two camps of 4: too small to show
    recompute(conversation)
    texts = [s.text for s in _statements(conversation)]
    ann, bob, cy = (make_user(neighbourhood=area, name=n, email=f"{n.lower()}@example.org")
                    for n in ("Ann", "Bob", "Cy"))
    a, b, c = (_person(new_context, live_server, person) for person in (ann, bob, cy))

    c.goto(f"/debates/{debate.id}/opinions/map")
    live_map = c.locator("#live-map")
    expect(live_map).to_have_attribute("data-marker", "0")  # joined the room and drew once
    expect(live_map).to_contain_text("The map appears once enough people have reacted")
    expect(live_map).to_contain_text("56 reactions so far.")
    bats = c.locator(f"#map-statement-{_statements(conversation)[3].id} td").first
    expect(bats).to_contain_text("50% agree, 50% disagree, 0% pass")
    c.evaluate("window.loadedMarker = 'same page'")
    live_server.app.config.update(OPINION_RECOMPUTE="background", OPINION_RECOMPUTE_DELAY=0.2)

    # Ann sides with the first camp; Bob with the second, except that he passes on statement 3.
    ann_choice = lambda text: VALUE_FOR[_side_value(True, texts.index(text))]  # noqa: E731
    bob_choice = lambda text: VALUE_FOR[0 if texts.index(text) == 3 else  # noqa: E731
                                        _side_value(False, texts.index(text))]
    a.goto(f"/debates/{debate.id}/opinions")
    b.goto(f"/debates/{debate.id}/opinions")
    for answered in range(7):  # one statement at a time, the two of them taking turns
        for page, choose in ((a, ann_choice), (b, bob_choice)):
            expect(_card(page)).to_contain_text(f"You have reacted to {answered} of 7 statements.")
            _react_to_shown(page, choose)
    for page in (a, b):
        expect(_card(page)).to_contain_text("You have reacted to every statement.")

    expect(live_map).to_contain_text(re.compile(r"from 70 reactions by 10 people\."),
                                     timeout=MAP_PUSH_TIMEOUT_MS)
    groups = c.get_by_role("region", name="Groups of opinion").get_by_role("heading", level=3)
    expect(groups).to_have_text(["Group A: 5 people", "Group B: 5 people"],
                                timeout=MAP_PUSH_TIMEOUT_MS)
    expect(c.get_by_role("img", name="Opinion map")).to_be_visible()
    expect(bats).to_contain_text("40% agree, 50% disagree, 10% pass")
    expect(c.locator("[data-map-announcer]")).to_have_text(
        "The opinion map was updated. Reactions counted: 70.", timeout=MAP_PUSH_TIMEOUT_MS)
    assert c.evaluate("window.loadedMarker") == "same page"  # redrawn in place, never reloaded

    _wait_for(lambda: not scheduler.pending(), "the background recompute to finish")
    db.session.expire_all()
    assert snapshots.latest(conversation.id).vote_count == 70
    assert not snapshots.is_stale(conversation.id)
    assert db.session.scalar(db.select(db.func.count(StatementVote.id)).where(
        StatementVote.participant_id.in_([ann.id, bob.id]))) == 14


def test_voting_without_javascript_and_changing_a_reaction(new_context, live_server, make_user,
                                                           make_conversation):
    conversation, _facilitator = make_conversation()
    resident = make_user(neighbourhood=conversation.debate.neighbourhood, name="Dee")
    page = _person(new_context, live_server, resident, java_script_enabled=False)
    statements = {s.text: s for s in _statements(conversation)}
    wanted = dict(zip(statements, ("Agree", "Disagree", "Pass / unsure")))

    page.goto(f"/debates/{conversation.debate_id}/opinions")
    for answered in range(3):
        expect(_card(page)).to_contain_text(f"You have reacted to {answered} of 3 statements.")
        _react_to_shown(page, wanted.get)
    expect(_card(page)).to_contain_text("You have reacted to every statement.")
    expect(_card(page).get_by_role("button")).to_have_count(0)

    mine = page.get_by_role("region", name="Your reactions").get_by_role("listitem")
    expect(mine).to_have_count(3)
    wildlife = mine.filter(has_text="Lights would disturb wildlife.")
    expect(wildlife.get_by_role("button", name="Disagree", exact=True)).to_have_attribute(
        "aria-pressed", "true")
    wildlife.get_by_role("button", name="Agree", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Your reaction is saved.")).to_be_visible()
    expect(wildlife.get_by_role("button", name="Agree", exact=True)).to_have_attribute(
        "aria-pressed", "true")
    expect(wildlife.get_by_role("button", name="Disagree", exact=True)).to_have_attribute(
        "aria-pressed", "false")
    expect(_card(page)).to_contain_text("You have reacted to 3 of 3 statements.")

    db.session.expire_all()
    votes = {v.statement_id: v.value for v in db.session.scalars(
        db.select(StatementVote).where(StatementVote.participant_id == resident.id))}
    assert db.session.scalar(db.select(db.func.count(StatementVote.id))) == 3  # one per statement
    assert votes == {statements["The canal path needs lights."].id: 1,
                     statements["Lights would disturb wildlife."].id: 1,
                     statements["The council should pay, not the fund."].id: 0}


def test_with_javascript_each_reaction_brings_the_next_statement_without_reloading(
        new_context, live_server, make_user, make_conversation):
    conversation, _facilitator = make_conversation()
    resident = make_user(neighbourhood=conversation.debate.neighbourhood, name="Eve")
    page = _person(new_context, live_server, resident)
    statements = {s.text: s for s in _statements(conversation)}
    wanted = dict(zip(statements, ("Disagree", "Pass / unsure", "Agree")))
    page.goto(f"/debates/{conversation.debate_id}/opinions")
    page.evaluate("window.loadedMarker = 'same page'")
    shown = []
    for answered in range(3):
        expect(_card(page)).to_contain_text(f"You have reacted to {answered} of 3 statements.")
        shown.append(_react_to_shown(page, wanted.get))
        expect(_card(page).get_by_role("status")).to_have_text("Your reaction is saved.")
    expect(_card(page)).to_contain_text("You have reacted to every statement.")
    expect(page.get_by_role("heading", name="Your turn")).to_be_focused()
    assert page.evaluate("window.loadedMarker") == "same page"  # the card was swapped in place
    assert sorted(shown) == sorted(statements)  # each statement once, none repeated

    db.session.expire_all()
    votes = {v.statement_id: v.value for v in db.session.scalars(
        db.select(StatementVote).where(StatementVote.participant_id == resident.id))}
    assert votes == {statements["The canal path needs lights."].id: -1,
                     statements["Lights would disturb wildlife."].id: 0,
                     statements["The council should pay, not the fund."].id: 1}


def _axe_problems(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return [f"{page.url}: {v['impact']} {v['rule']} ({v['help']}) at {v['targets']}"
            for v in page.evaluate(RUN_AXE)]


def test_map_and_conversation_pages_pass_axe(new_context, live_server, make_user, make_conversation,
                                            react, recompute):
    conversation, facilitator = make_conversation(seeds=SEVEN)
    debate = conversation.debate
    placed = _seed_camps(make_user, react, conversation, (5, 5))[0]
    recompute(conversation)
    newcomer = make_user(neighbourhood=debate.neighbourhood)
    problems = []

    page = _person(new_context, live_server, placed, bypass_csp=True)  # axe goes in inline
    page.goto(f"/debates/{debate.id}/opinions/map")
    expect(page.locator("#live-map")).to_have_attribute("data-marker", "0")  # live redraw done
    expect(page.get_by_role("heading", name="Group A: 5 people")).to_be_visible()
    expect(page.get_by_role("img", name="Opinion map")).to_contain_text("You")
    expect(page.get_by_text("You are in group")).to_be_visible()
    problems += _axe_problems(page)
    page.goto(f"/debates/{debate.id}/opinions")  # every reaction listed, with its buttons
    expect(page.get_by_role("region", name="Your reactions").get_by_role("listitem")).to_have_count(7)
    problems += _axe_problems(page)

    page = _person(new_context, live_server, newcomer, bypass_csp=True)
    page.goto(f"/debates/{debate.id}/opinions")  # a statement to react to, and the flag link
    expect(_card(page).get_by_role("button", name="Agree", exact=True)).to_be_visible()
    problems += _axe_problems(page)

    page = _person(new_context, live_server, facilitator, bypass_csp=True)
    page.goto(f"/debates/{debate.id}/opinions")  # the facilitator's tools
    expect(page.get_by_text("Facilitator tools")).to_be_visible()
    problems += _axe_problems(page)
    page.goto(f"/debates/{debate.id}/opinions/map")
    expect(page.locator("#live-map")).to_have_attribute("data-marker", "0")
    problems += _axe_problems(page)
    assert not problems, "\n".join(problems)


def test_a_flagged_statement_is_hidden_with_a_reason_the_author_sees(
        new_context, live_server, make_user, make_conversation):
    conversation, facilitator = make_conversation()
    debate, area = conversation.debate, conversation.debate.neighbourhood
    ann, bob = (make_user(neighbourhood=area, name=n, email=f"{n.lower()}@example.org")
                for n in ("Ann", "Bob"))
    a, b, f = (_person(new_context, live_server, person) for person in (ann, bob, facilitator))
    rude = "Ban all cars from the high street."
    reason = "Off topic for this debate"

    a.goto(f"/debates/{debate.id}/opinions")
    a.get_by_label("Your statement").fill(rude)
    a.get_by_role("button", name="Add statement").click()
    expect(a.get_by_text("Your statement is on the map. Others can react to it now.")).to_be_visible()
    expect(a.get_by_role("region", name="Add a statement").get_by_role("listitem")).to_have_text([rude])

    b.goto(f"/debates/{debate.id}/opinions")
    for before in range(4):  # react until Ann's statement comes up
        expect(_card(b)).to_contain_text(f"You have reacted to {before} of 4 statements.")
        if _card(b).locator("blockquote").inner_text().strip() == rude:
            break
        _react_to_shown(b, lambda text: "Agree")
    expect(_card(b).locator("blockquote")).to_have_text(rude)
    _card(b).get_by_role("link", name="Flag this statement").click()
    b.get_by_label("Why should a moderator look at this?").select_option(label="Off topic")
    b.get_by_role("button", name="Send to moderators").click()
    expect(b.get_by_text("Thank you. The moderators will look at this statement.")).to_be_visible()
    expect(_card(b).locator("blockquote")).to_have_text(rude)  # still open in Bob's browser

    f.goto(f"/debates/{debate.id}/opinions")
    tools = f.locator("#facilitator-tools")
    row = tools.get_by_role("row").filter(has_text=rude)
    expect(row.get_by_role("cell")).to_have_text([rude, "Ann", "1", re.compile("^Hide")])
    row.get_by_role("link", name=re.compile(r"^Hide")).click()
    expect(f.get_by_role("heading", level=1)).to_have_text("Hide a statement by Ann")
    f.get_by_label("Reason for hiding").fill(reason)
    f.get_by_role("button", name="Hide statement").click()
    expect(f.get_by_text("The statement is hidden and its author has been told why.")).to_be_visible()
    expect(tools.get_by_role("row").filter(has_text=rude)).to_have_count(0)
    expect(tools.get_by_role("listitem").filter(has_text=rude)).to_contain_text(f"({reason})")

    a.reload()
    expect(a.get_by_role("region", name="Add a statement").get_by_role("listitem")).to_have_text(
        f"{rude} Hidden by a moderator: {reason}")

    _card(b).get_by_role("button", name="Agree", exact=True).click()  # the page Bob had open
    expect(b.get_by_role("alert").filter(has_text="That statement is not on this map.")).to_be_visible()
    seen = []
    for answered in range(before, 3):  # the rest of the seeds, and never Ann's statement again
        expect(_card(b)).to_contain_text(f"You have reacted to {answered} of 3 statements.")
        seen.append(_react_to_shown(b, lambda text: "Disagree"))
    expect(_card(b)).to_contain_text("You have reacted to every statement.")
    expect(_card(b)).to_contain_text("You have reacted to 3 of 3 statements.")
    assert rude not in seen and len(seen) == 3 - before
    expect(b.get_by_text(rude)).to_have_count(0)

    db.session.expire_all()
    statement = db.session.scalar(db.select(Statement).where(Statement.text == rude))
    assert statement.is_hidden and statement.hidden_reason == reason
    assert statement.hidden_by_id == facilitator.id
    assert db.session.scalar(db.select(Flag).where(Flag.subject_id == statement.id)).resolved_at
    assert db.session.scalar(db.select(db.func.count(StatementVote.id)).where(
        StatementVote.statement_id == statement.id)) == 0
    assert len(services.visible_statements(conversation)) == 3
