"""Which language a page speaks: the account's choice, the switcher's cookie, then the browser's."""
from __future__ import annotations

import re

from models import db
from tests.conftest import login


def _html_tag(page: str) -> str:
    return re.search(r"<html[^>]*>", page).group(0)


def test_the_browser_language_is_the_first_guess(client):
    page = client.get("/", headers={"Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5"}).text
    assert 'lang="pl"' in _html_tag(page) and 'dir="ltr"' in _html_tag(page)
    urdu = client.get("/", headers={"Accept-Language": "ur"}).text
    assert 'lang="ur"' in _html_tag(urdu) and 'dir="rtl"' in _html_tag(urdu)
    unknown = client.get("/", headers={"Accept-Language": "xx"}).text
    assert 'lang="en-GB"' in _html_tag(unknown)


def test_the_switcher_sets_a_cookie_for_visitors_and_goes_back(client):
    response = client.post("/language", data={"locale": "es", "next": "/processes"})
    assert response.status_code == 302 and response.headers["Location"] == "/processes"
    assert "agora_lang=es" in response.headers["Set-Cookie"]
    page = client.get("/", headers={"Accept-Language": "pl"}).text
    assert 'lang="es"' in _html_tag(page), "the choice beats the browser's guess"


def test_a_signed_in_choice_is_kept_on_the_account(client, make_user):
    person = make_user()
    login(client, person)
    client.post("/language", data={"locale": "ar", "next": "/"})
    db.session.refresh(person)
    assert person.locale == "ar"
    client.delete_cookie("agora_lang")
    page = client.get("/").text
    assert 'lang="ar"' in _html_tag(page) and 'dir="rtl"' in _html_tag(page)


def test_an_unknown_language_is_refused_and_next_stays_on_the_site(client):
    refused = client.post("/language", data={"locale": "xx", "next": "/"})
    assert refused.status_code == 400 and "That language is not available." in refused.text
    assert "agora_lang" not in refused.headers.get("Set-Cookie", "")
    away = client.post("/language", data={"locale": "pl", "next": "https://evil.example/"})
    assert away.headers["Location"] == "/"


def test_the_switcher_needs_the_csrf_token(app):
    app.config["WTF_CSRF_ENABLED"] = True
    response = app.test_client().post("/language", data={"locale": "pl", "next": "/"})
    assert response.status_code == 400
