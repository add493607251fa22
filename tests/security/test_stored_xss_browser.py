"""Stored XSS in a real browser: payloads in every user-supplied field, every page visited.

Each page is visited by the people who see it in real life, since pages differ by role:
anonymous (public pages), a verified Riverside resident (their notifications, ballot, receipt,
their own hidden comment and mute), Riverside's facilitator (flag queue, appeals, moderation
log) and an admin (everything else). Also the CSP check of class 6: the app itself never needs
inline script, so no page logs a Content-Security-Policy violation.
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from models import Comment, Flag, Mute, Notification, Phase, Process, db
from tests.browser_fixtures import log_in
from tests.security.access_world import moderated, targets
from tests.security.conftest import PASSWORD, demo_user, fill, path_values, rules
from tests.security.payloads import SCRIPT, poison_everything

pytestmark = pytest.mark.browser

SKIP = {"static", "health.healthz", "accounts.reset_password", "budgeting.upload",
        "budgeting.receipt_download", "outcomes.dashboard_csv", "surveys.export",
        "budgeting.export_ballots", "budgeting.export_pb", "budgeting.export_projects",
        "opinions.export"}
HTML_CHECK = """() => ({
  xss: window.__xss,
  handlers: document.querySelectorAll(
    /* The page's JSON data block (the scripts' translations, escaped by tojson) never runs. */
    '[onerror],[onload],[onclick],iframe,script:not([src]):not([type="application/json"])').length,
  jsLinks: [...document.querySelectorAll('a[href],iframe[src],form[action]')]
           .filter(e => /^\\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src')
                                                   || e.getAttribute('action') || '')).length,
})"""
VIEWERS = {"anonymous": None, "resident": "resident", "facilitator": "facilitator",
           "admin": "admin"}


def _urls(app) -> list[str]:
    """Every GET page, for the first of everything, Riverside's things and a counted vote."""
    values = path_values()
    results = db.session.scalar(db.select(Process).where(Process.phase == Phase.RESULTS).limit(1))
    value_sets = [values, targets(), dict(values, process_id=results.id)]
    urls = []
    for rule in rules(app, "GET"):
        if rule.endpoint in SKIP:
            continue
        for url in dict.fromkeys(fill(rule, v) for v in value_sets):
            if url not in urls:
                urls.append(url)
    return urls


@pytest.fixture
def poisoned(seeded) -> tuple[list[str], dict[str, int]]:
    """Moderation in Riverside's debate, then payloads everywhere; the pages and the world."""
    world = moderated()
    urls = _urls(seeded)  # before poisoning: Riverside's things are found by their titles
    poison_everything()
    return urls, world


def _must_see(role: str, world: dict[str, int]) -> list[tuple[str, str]]:
    """(page, text) this role is shown: proof the visits above saw their version of the pages."""
    debate = f"/debates/{world['debate_id']}"
    hidden = db.session.get(Comment, world["comment_id"])
    resident = demo_user("resident")
    notice = db.session.scalar(db.select(Notification.message).where(
        Notification.user_id == resident.id).order_by(Notification.id.desc()).limit(1))
    flag_details = db.session.scalar(db.select(Flag.details))
    return {
        "anonymous": [(debate, hidden.hidden_reason)],
        "resident": [(debate, "Show the hidden text"), (debate, db.session.scalar(
            db.select(Mute.reason))), ("/notifications", notice)],
        "facilitator": [("/staff/flags", flag_details), ("/staff/flags", hidden.appeal_text)],
        "admin": [("/staff/flags", flag_details)],
    }[role]


def _watch(page) -> dict[str, list[str]]:
    """Collect the dialogs and CSP violations the page raises from now on."""
    seen = {"dialogs": [], "violations": []}
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("console", lambda m: seen["violations"].append(m.text) if (
        "Content Security Policy" in m.text or "Refused to" in m.text) else None)
    return seen


def _visit(page, url: str) -> str | None:
    """Open a page; say what went wrong if it crashed or any payload became live HTML."""
    response = page.goto(url)
    if response is None or response.status >= 500:
        return f"{url}: {response and response.status}"
    found = page.evaluate(HTML_CHECK)
    if found["xss"] is not None or found["handlers"] or found["jsLinks"]:
        return f"{url}: {found}"
    return None


@pytest.mark.parametrize("role", VIEWERS)
def test_no_stored_payload_runs_anywhere(poisoned, live_server, page, role):
    urls, world = poisoned
    seen = _watch(page)
    page.set_content('<img src=x onerror="window.__xss=1">')  # the detector itself works
    page.wait_for_function("window.__xss === 1")
    if VIEWERS[role]:
        log_in(page, f"{VIEWERS[role]}@agora.example", PASSWORD)
        expect(page.get_by_role("button", name="Log out")).to_be_visible()
    assert len(urls) > 60
    problems = [problem for url in urls if (problem := _visit(page, url))]
    assert not problems, "\n".join(problems)
    assert not seen["dialogs"], seen["dialogs"]
    assert not seen["violations"], seen["violations"]
    for url, text in _must_see(role, world):
        page.goto(url)
        assert text in page.text_content("main"), f"{role} was not shown {text!r} on {url}"


def test_payloads_show_as_text(seeded, live_server, page):
    poison_everything()
    values = path_values()
    for url in [f"/proposals/{values['proposal_id']}", f"/debates/{values['debate_id']}",
                "/processes"]:
        page.goto(url)
        assert SCRIPT in page.inner_text("main"), url
        assert page.evaluate("window.__xss") is None
