"""Stored XSS in a real browser: payloads in every user-supplied field, every page visited.

Also the CSP check of class 6: the app itself never needs inline script, so no page logs a
Content-Security-Policy violation.
"""
from __future__ import annotations

import pytest

from models import Process, Phase, db
from tests.browser_fixtures import log_in
from tests.security.conftest import PASSWORD, fill, path_values, rules
from tests.security.payloads import SCRIPT, poison_everything

pytestmark = pytest.mark.browser

SKIP = {"static", "health.healthz", "accounts.reset_password", "budgeting.upload",
        "budgeting.receipt_download", "outcomes.dashboard_csv", "surveys.export",
        "budgeting.export_ballots", "budgeting.export_pb", "budgeting.export_projects"}
HTML_CHECK = """() => ({
  xss: window.__xss,
  handlers: document.querySelectorAll(
    '[onerror],[onload],[onclick],iframe,script:not([src])').length,
  jsLinks: [...document.querySelectorAll('a[href],iframe[src],form[action]')]
           .filter(e => /^\\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src')
                                                   || e.getAttribute('action') || '')).length,
})"""


def _urls(app) -> list[str]:
    values = path_values()
    results = db.session.scalar(db.select(Process).where(Process.phase == Phase.RESULTS).limit(1))
    later = dict(values, process_id=results.id)
    urls = []
    for rule in rules(app, "GET"):
        if rule.endpoint in SKIP:
            continue
        for v in (values, later) if "process_id" in rule.arguments else (values,):
            url = fill(rule, v)
            if url not in urls:
                urls.append(url)
    return urls


def test_no_stored_payload_runs_anywhere(seeded, live_server, page):
    poison_everything()
    dialogs, violations, errors = [], [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: violations.append(m.text) if (
        "Content Security Policy" in m.text or "Refused to" in m.text) else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_content('<img src=x onerror="window.__xss=1">')  # the detector itself works
    page.wait_for_function("window.__xss === 1")
    log_in(page, "admin@agora.example", PASSWORD)
    problems = []
    urls = _urls(seeded)
    assert len(urls) > 60
    for url in urls:
        response = page.goto(url)
        if response is None or response.status >= 500:
            problems.append(f"{url}: {response and response.status}")
            continue
        found = page.evaluate(HTML_CHECK)
        if found["xss"] is not None or found["handlers"] or found["jsLinks"]:
            problems.append(f"{url}: {found}")
    assert not problems, "\n".join(problems)
    assert not dialogs, dialogs
    assert not violations, violations


def test_payloads_show_as_text(seeded, live_server, page):
    poison_everything()
    values = path_values()
    for url in [f"/proposals/{values['proposal_id']}", f"/debates/{values['debate_id']}",
                "/processes"]:
        page.goto(url)
        assert SCRIPT in page.inner_text("main"), url
        assert page.evaluate("window.__xss") is None
