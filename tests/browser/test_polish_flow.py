"""In real Chromium a resident does everything in Polish: registers, is verified, proposes, votes
and comments.

Every label and button is looked up through the Polish catalogue (the compiled .mo the app reads),
never typed in by hand, and each message must really be translated: if the Polish for one of them
is missing, the test fails saying which.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.support import Translations
from playwright.sync_api import expect

from deliberation.budgeting.discussion import proposal_thread
from deliberation.budgeting.voting import own_ballot
from models import Comment, Participation, Proposal, User, db
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
_catalogue = Translations.load(str(TRANSLATIONS), ["pl"])

# Generous waits for a busy 2-core machine; no fixed sleeps anywhere.
PAGE_WAIT_MS = 45_000  # a page or a flashed message to appear after a click
LIVE_WAIT_MS = 60_000  # the Socket.IO connection and a live comment

RESIDENT_NAME, RESIDENT_EMAIL = "Zofia Kowalska", "zofia@example.org"
# On the knapsack ballot, costing £400, £300, £200 and £100.
PROJECTS = ["Ławki nad kanałem", "Nowe drzewa", "Plac zabaw", "Stojaki na rowery"]
NEW_PROJECT = "Ogród społeczny przy szkole"
COMMENT = "Czy ławki będą zwrócone w stronę wody?"


def pl(msgid: str, **values) -> str:
    """The Polish for a msgid, formatted like Flask-Babel does; fails if it is not translated."""
    text = _catalogue.gettext(msgid)
    assert text != msgid, f"no Polish translation for {msgid!r} in {TRANSLATIONS}/pl"
    return text % values if values else text


def pl_prefix(msgid: str) -> str:
    """The Polish before the first placeholder or tag, for messages holding markup or amounts."""
    return re.split(r"%\(|<", pl(msgid), maxsplit=1)[0].strip()


def _wait_visible(locator) -> None:
    expect(locator).to_be_visible(timeout=PAGE_WAIT_MS)


def _polish_log_in(page, email: str, name: str) -> None:
    page.goto("/login")
    page.get_by_label(pl("Email"), exact=True).fill(email)
    page.get_by_label(pl("Password"), exact=True).fill(PASSWORD)
    page.get_by_role("button", name=pl("Log in"), exact=True).click()
    _wait_visible(page.get_by_text(pl("Welcome back, %(display_name)s.", display_name=name)))


@pytest.fixture
def places(make_neighbourhood, make_process, make_user):
    """A neighbourhood with a facilitator, a process taking proposals and a knapsack vote."""
    area = make_neighbourhood("Nadrzecze", description="Ulice nad kanałem.")
    facilitator = make_user("facilitator", neighbourhood=area, name="Fatima Nowak")
    proposing = make_process(phase="proposals", neighbourhood=area, costs=(),
                             title="Budżet obywatelski 2027",
                             categories="Zieleń\nBezpieczeństwo\nInne")
    voting = make_process(phase="voting", kind="knapsack", budget=600, neighbourhood=area,
                          costs=(400, 300, 200, 100), title="Fundusz Nadrzecza 2026")
    for proposal, title in zip(sorted(voting.proposals, key=lambda p: p.id), PROJECTS):
        proposal.title, proposal.description, proposal.language = title, f"{title}.", "pl"
    db.session.commit()
    return area, facilitator, proposing, voting


def test_a_resident_does_everything_in_polish(new_context, live_server, places):
    area, facilitator, proposing, voting = places

    # 1. A fresh browser in English; the resident picks their own language's name in the switcher.
    resident = new_context(base_url=live_server.url).new_page()
    resident.goto("/")
    expect(resident.locator("html")).to_have_attribute("lang", "en-GB", timeout=PAGE_WAIT_MS)
    resident.locator("[data-language-switcher] select").select_option(label="Polski")
    expect(resident.locator("html")).to_have_attribute("lang", "pl", timeout=PAGE_WAIT_MS)
    _wait_visible(resident.get_by_text(pl("Agora now speaks %(language)s.", language="Polski")))
    expect(resident.get_by_label(pl("Language"), exact=True)).to_have_value("pl")

    # 2. Register, in Polish.
    resident.get_by_role("navigation").get_by_role("link", name=pl("Register"), exact=True).click()
    _wait_visible(resident.get_by_role("heading", level=1, name=pl("Create an account")))
    resident.get_by_label(pl("Display name"), exact=True).fill(RESIDENT_NAME)
    resident.get_by_label(pl("Email"), exact=True).fill(RESIDENT_EMAIL)
    resident.get_by_label(pl("Password"), exact=True).fill(PASSWORD)
    resident.get_by_label(pl("Repeat password"), exact=True).fill(PASSWORD)
    resident.get_by_label(pl("Neighbourhood"), exact=True).select_option(label="Nadrzecze")
    resident.get_by_role("button", name=pl("Create account"), exact=True).click()
    _wait_visible(resident.get_by_text(pl(
        "Welcome to Agora! Your account is ready. Staff will verify where you live before you can "
        "vote or propose.")))
    _wait_visible(resident.get_by_text(pl("You are not verified yet.")))
    expect(resident.locator("html")).to_have_attribute("lang", "pl")
    db.session.expire_all()
    person = db.session.scalar(db.select(User).where(User.email == RESIDENT_EMAIL))
    assert person is not None and person.display_name == RESIDENT_NAME
    assert person.neighbourhood_id == area.id and not person.is_verified

    # 3. The facilitator, also reading Polish (the locale cookie), verifies her in person.
    staff_context = new_context(base_url=live_server.url)
    staff_context.add_cookies([{"name": "agora_lang", "value": "pl", "url": live_server.url}])
    staff = staff_context.new_page()
    _polish_log_in(staff, facilitator.email, facilitator.display_name)
    staff.get_by_role("navigation").get_by_role("link", name=pl("Verification"), exact=True).click()
    _wait_visible(staff.get_by_role("heading", level=1, name=pl("Verification desk")))
    staff.get_by_label(pl("What did you check for %(display_name)s? (in person)",
                          display_name=RESIDENT_NAME), exact=True).fill("Dowód osobisty")
    staff.get_by_role("button", name=pl("Verify %(display_name)s in person",
                                        display_name=RESIDENT_NAME), exact=True).click()
    _wait_visible(staff.get_by_text(pl("%(display_name)s is verified.",
                                       display_name=RESIDENT_NAME)))
    _wait_visible(staff.get_by_text(pl("Everyone in your neighbourhoods is verified.")))
    db.session.expire_all()
    person = db.session.get(User, person.id)
    assert person.is_verified and person.verified_by_id == facilitator.id

    # 4. She proposes a project in the process that is collecting proposals.
    resident.goto(f"/processes/{proposing.id}")
    resident.get_by_role("link", name=pl("Propose a project"), exact=True).click()
    _wait_visible(resident.get_by_role("heading", level=1, name=pl("Propose a project")))
    resident.get_by_label(pl("Title"), exact=True).fill(NEW_PROJECT)
    resident.get_by_label(pl("Description"), exact=True).fill(
        "**Grządki** dla uczniów i sąsiadów.")
    resident.get_by_label(pl("Estimated cost"), exact=True).fill("350")
    resident.get_by_label(pl("Category"), exact=True).select_option(label="Zieleń")
    resident.get_by_role("button", name=pl("Submit proposal"), exact=True).click()
    expect(resident.get_by_role("heading", level=1)).to_have_text(NEW_PROJECT, timeout=PAGE_WAIT_MS)
    _wait_visible(resident.get_by_text(pl(
        "Your proposal is submitted. Facilitators will review it after the proposal phase.")))
    db.session.expire_all()
    proposal = db.session.scalar(db.select(Proposal).where(Proposal.title == NEW_PROJECT))
    assert proposal is not None and proposal.process_id == proposing.id
    assert proposal.author_id == person.id and proposal.estimated_cost == 350
    assert proposal.category == "Zieleń" and proposal.language == "pl"

    # 5. She votes on the knapsack ballot: £400 + £200 fills the £600 budget exactly.
    resident.goto(f"/processes/{voting.id}")
    resident.get_by_role("link", name=pl("Vote now"), exact=True).click()
    _wait_visible(resident.get_by_role("heading", level=1, name=pl("Your ballot")))
    _wait_visible(resident.get_by_role("group", name=pl("Projects on the ballot")))
    basket = resident.locator("#basket-total")
    resident.get_by_label(PROJECTS[0], exact=False).check()
    resident.get_by_label(PROJECTS[2], exact=False).check()
    expect(basket).to_contain_text(
        pl_prefix("Your basket: %(total)s of %(budget)s (%(left)s left)"), timeout=PAGE_WAIT_MS)
    resident.get_by_role("button", name=pl("Cast my vote"), exact=True).click()
    _wait_visible(resident.get_by_role("heading", level=1, name=pl("Your vote is recorded")))
    _wait_visible(resident.get_by_text(pl(
        "Your vote is recorded. Keep your receipt code to check it was counted.")))
    receipt = resident.locator(".receipt-code")
    expect(receipt).to_contain_text(pl_prefix("Receipt code: <strong>%(code)s</strong>"))
    code = receipt.locator("strong").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    _wait_visible(resident.get_by_role("heading", level=2, name=pl("Your choices")))
    for title in (PROJECTS[0], PROJECTS[2]):
        _wait_visible(resident.get_by_role("listitem").filter(has_text=title))
    _wait_visible(resident.get_by_role("link", name=pl("Change my vote"), exact=True))
    db.session.expire_all()
    person = db.session.get(User, person.id)
    taken = db.session.scalars(db.select(Participation).where(
        Participation.user_id == person.id)).all()
    assert [(p.process_id, p.channel.value) for p in taken] == [(voting.id, "online")]
    ballot = own_ballot(person, voting)
    assert ballot is not None and ballot.receipt_code == code
    assert [c.proposal.title for c in ballot.choices] == [PROJECTS[0], PROJECTS[2]]

    # 6. She joins the discussion of a project on the ballot.
    benches = min(voting.proposals, key=lambda p: p.id)
    resident.goto(f"/proposals/{benches.id}")
    expect(resident.locator("[data-live-status]")).to_have_text(pl("Live updates on"),
                                                               timeout=LIVE_WAIT_MS)
    resident.get_by_label(pl("Your comment"), exact=True).fill(COMMENT)
    resident.get_by_role("button", name=pl("Post comment"), exact=True).click()
    expect(resident.locator(".comment").filter(has_text=COMMENT)).to_be_visible(
        timeout=LIVE_WAIT_MS)
    db.session.expire_all()
    comments = db.session.scalars(db.select(Comment).where(Comment.author_id == person.id)).all()
    assert [c.body for c in comments] == [COMMENT]
    assert comments[0].thread_id == proposal_thread(db.session.get(Proposal, benches.id)).id
    expect(resident.locator("html")).to_have_attribute("lang", "pl")
