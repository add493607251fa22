"""A resident registers, logs in and out, and recovers a forgotten password, in a real browser."""
import re

import pytest
from playwright.sync_api import expect

from deliberation.mail import outbox
from models import User, db
from tests.browser_fixtures import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_register_then_log_out_and_in(page, make_neighbourhood):
    make_neighbourhood("Riverside", description="Canal-side streets.")
    make_neighbourhood("Old Town")
    page.goto("/register")
    page.get_by_label("Display name").fill("Rosa")
    page.get_by_label("Email").fill("Rosa@Example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_label("Neighbourhood").select_option(label="Riverside")
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside")
    expect(page.get_by_text("Canal-side streets.")).to_be_visible()
    expect(page.get_by_text("You are not verified yet.")).to_be_visible()
    user = db.session.scalar(db.select(User).where(User.email == "rosa@example.org"))
    assert user is not None and user.neighbourhood.name == "Riverside" and not user.is_verified

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You have logged out on every device.")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in")).to_be_visible()

    log_in(page, "rosa@example.org", PASSWORD)
    expect(page.get_by_text("Welcome back, Rosa.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside")


def test_wrong_password_keeps_email_and_says_why(page, make_user):
    user = make_user(email="sam@example.org")
    log_in(page, user.email, "not the password")
    expect(page.get_by_text("That email and password do not match an account.")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_value("sam@example.org")
    expect(page.get_by_label("Password")).to_have_value("")
    expect(page.get_by_label("Password")).to_have_attribute("aria-invalid", "true")


def test_duplicate_email_is_refused_next_to_the_field(page, make_user, make_neighbourhood):
    area = make_neighbourhood("Hillcrest")
    make_user(email="taken@example.org", neighbourhood=area)
    page.goto("/register")
    page.get_by_label("Display name").fill("Second Sam")
    page.get_by_label("Email").fill("taken@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    error = page.locator("#email-error")
    expect(error).to_contain_text("An account with this email already exists.")
    expect(page.get_by_label("Display name")).to_have_value("Second Sam")
    expect(page.get_by_label("Email")).to_have_value("taken@example.org")
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1


def test_password_reset_link_works_once(page, make_user, live_server):
    user = make_user(email="forgetful@example.org")
    page.goto("/login")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.get_by_label("Email").fill("forgetful@example.org")
    page.get_by_role("button", name="Send reset link").click()
    expect(page.get_by_text("a reset link is on its way")).to_be_visible()

    mails = outbox()
    assert len(mails) == 1 and mails[0]["To"] == "forgetful@example.org"
    link = re.search(r"http://\S+", mails[0].get_content()).group(0)
    new_password = "a brand new passphrase"

    page.goto(link)
    page.get_by_label("New password", exact=True).fill(new_password)
    page.get_by_label("Repeat new password").fill(new_password)
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_text("Your new password is set")).to_be_visible()

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Something was wrong with that request")
    expect(page.get_by_text("This reset link has already been used.")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    log_in(page, user.email, PASSWORD)
    expect(page.get_by_text("That email and password do not match an account.")).to_be_visible()
    log_in(page, user.email, new_password)
    expect(page.get_by_text(f"Welcome back, {user.display_name}.")).to_be_visible()
