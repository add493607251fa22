"""Playwright on Debian's Chromium: one browser per run, a fresh context per person."""
from __future__ import annotations

import os

import pytest

CHROMIUM = os.environ.get("AGORA_CHROMIUM", "/usr/bin/chromium")
# Generous, for a busy 2-core machine: an action or an expectation waits this long for its
# condition (Playwright's own defaults are 30 s for actions and 5 s for expectations).
ACTION_TIMEOUT_MS = 30_000
EXPECT_TIMEOUT_MS = 30_000
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is missing at {CHROMIUM}; `make test` installs Debian's chromium.")
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser):
    """Open independent browser contexts (separate people); all are closed afterwards."""
    contexts = []

    def make(**options):
        context = browser.new_context(**options)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        contexts.append(context)
        return context
    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context, live_server):
    """A page whose relative URLs go to the live server."""
    return new_context(base_url=live_server.url).new_page()


@pytest.fixture
def nojs_page(new_context, live_server):
    """A page in a browser with JavaScript turned off."""
    return new_context(base_url=live_server.url, java_script_enabled=False).new_page()


def log_in(page, email: str, password: str) -> None:
    """Log in the way a person does: labelled fields and the Log in button."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def signed_in_page(new_context, live_server, user, password: str):
    """A person in a browser of their own, logged in."""
    page = new_context(base_url=live_server.url).new_page()
    log_in(page, user.email, password)
    return page


def open_live(page, debate) -> None:
    """Open a debate and wait until its live connection is up."""
    from playwright.sync_api import expect
    page.goto(f"/debates/{debate.id}")
    expect(page.locator("[data-live-status]")).to_have_text("Live updates on")
