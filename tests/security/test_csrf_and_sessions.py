"""CSRF on every state-changing route, open redirects through `next`, and session fixation."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from models import Follow, db
from tests.conftest import login
from tests.security.conftest import PASSWORD, demo_user, fill, path_values, rules


def _row_counts() -> dict[str, int]:
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def _logged_in_admin(app):
    client = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False
    login(client, demo_user("admin"), PASSWORD)
    app.config["WTF_CSRF_ENABLED"] = True
    return client


def test_every_post_route_without_a_token_is_refused_and_changes_nothing(seeded):
    assert seeded.config.get("WTF_CSRF_ENABLED", True)
    client = _logged_in_admin(seeded)
    values = path_values()
    before = _row_counts()
    post_rules = rules(seeded, "POST")
    assert len(post_rules) > 40
    for rule in post_rules:
        url = fill(rule, values)
        response = client.post(url, data={"title": "forged", "body": "forged", "role": "admin",
                                          "action": "approve", "next": "/"})
        assert response.status_code == 400, (url, response.status_code)
        assert "expired or was sent from elsewhere" in response.get_data(as_text=True) or \
            rule.endpoint == "notifications.follow", url
    assert _row_counts() == before


def test_a_token_from_another_session_is_refused(seeded):
    attacker = seeded.test_client()
    page = attacker.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                      r'name="csrf_token" value="([^"]+)"', page)
    assert token, "the login form carries a CSRF token"
    stolen = next(g for g in token.groups() if g)
    victim = _logged_in_admin(seeded)
    before = _row_counts()
    response = victim.post(f"/admin/users/{demo_user('resident').id}/block",
                           data={"csrf_token": stolen, "reason": "forged"})
    assert response.status_code == 400
    assert _row_counts() == before


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example/", "/\\evil.example",
                                    "\\\\evil.example", "javascript:alert(1)", "http:evil.example",
                                    "/%2F%2Fevil.example", " //evil.example"])
def test_login_next_never_leaves_the_site(client, make_user, target):
    user = make_user()
    response = client.post("/login", query_string={"next": target},
                           data={"email": user.email, "password": "correct horse battery"})
    assert response.status_code == 302
    location = response.headers["Location"]
    path = location.split("?")[0]
    assert "evil.example" not in path.replace("%2F", "/") or path.startswith("/%2F")
    assert not location.startswith(("//", "http", "javascript", "\\", " "))


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example/", "/\\evil.example"])
def test_follow_next_never_leaves_the_site(client, make_user, make_process, target):
    process = make_process()
    login(client, make_user(neighbourhood=process.neighbourhood))
    response = client.post(f"/follow/process/{process.id}", data={"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert db.session.scalar(select(func.count(Follow.id))) == 1


def test_session_values_planted_before_login_are_gone_after(client, make_user):
    user = make_user()
    with client.session_transaction() as session:
        session["_user_id"] = "planted-token"
        session["planted"] = "by an attacker"
        session["_fresh"] = True
    login(client, user)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("_user_id") not in (None, "planted-token")
        assert session["_user_id"] == db.session.get(type(user), user.id).session_token
    client.post("/logout")
    with client.session_transaction() as session:
        assert "_user_id" not in session


# Logout and blocking end live sockets: tests/threads/test_events.py and
# tests/admin (test_block_*) cover it; not duplicated here.
