"""The language switcher in a real browser, with and without JavaScript."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from models import User, db
from tests.browser_fixtures import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_switching_without_javascript_and_keeping_it_on_the_account(nojs_page, new_context,
                                                                     live_server, make_user):
    person = make_user()
    log_in(nojs_page, person.email, PASSWORD)
    nojs_page.get_by_label("Language").select_option(label="Polski")
    nojs_page.get_by_role("button", name="Change language").click()
    expect(nojs_page.locator("html")).to_have_attribute("lang", "pl")
    db.session.expire_all()
    assert db.session.get(User, person.id).locale == "pl"

    elsewhere = new_context(base_url=live_server.url).new_page()
    log_in(elsewhere, person.email, PASSWORD)
    expect(elsewhere.locator("html")).to_have_attribute("lang", "pl")


def test_with_javascript_choosing_is_enough(page):
    page.goto("/")
    page.get_by_label("Language").select_option(label="العربية")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
