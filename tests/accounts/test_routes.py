"""Account routes over HTTP: sessions, redirects, CSRF, rate limits and headers."""
import pytest

from app import create_app
from models import db
from tests.conftest import PASSWORD, login, app_settings


def test_login_redirects_only_to_our_own_paths(client, make_user):
    user = make_user()
    for target, expected in [("/account", "/account"), ("https://evil.example/x", "/"),
                             ("//evil.example", "/"), ("/\\evil.example", "/"),
                             ("javascript:alert(1)", "/")]:
        response = client.post(f"/login?next={target}",
                               data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302
        assert response.headers["Location"] == expected, target
        client.post("/logout")


def test_login_starts_a_new_session(client, make_user):
    user = make_user()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(client, user)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == user.session_token


def test_changing_password_ends_other_sessions(app, make_user):
    app.config["WTF_CSRF_ENABLED"] = False
    user = make_user()
    phone, laptop = app.test_client(), app.test_client()
    login(phone, user)
    login(laptop, user)
    response = laptop.post("/account/password", data={
        "current_password": PASSWORD, "password": "a fresh long password",
        "confirm": "a fresh long password"})
    assert response.status_code == 302
    assert laptop.get("/account").status_code == 200
    assert phone.get("/account").status_code == 302  # sent to log in


def test_logout_is_post_only(client, make_user):
    login(client, make_user())
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/account").status_code == 302


def test_forms_refuse_posts_without_a_csrf_token(app, make_user):
    user = make_user()
    raw = app.test_client()
    response = raw.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert b"This form expired" in response.data


def test_invalid_registration_is_a_400_that_names_the_fields(client, make_neighbourhood):
    area = make_neighbourhood()
    response = client.post("/register", data={
        "display_name": "x", "email": "not-an-email", "password": "short", "confirm": "other",
        "neighbourhood": str(area.id)})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Use between 2 and 80 characters." in page
    assert "Enter an email address like name@example.org." in page
    assert "Use at least 10 characters for your password." in page
    assert 'value="not-an-email"' in page


def test_unknown_neighbourhood_is_refused(client, make_neighbourhood):
    make_neighbourhood()
    response = client.post("/register", data={
        "display_name": "Ann", "email": "ann@example.org", "password": PASSWORD,
        "confirm": PASSWORD, "neighbourhood": "9999"})
    assert response.status_code == 400
    assert "Choose one of the listed neighbourhoods." in response.get_data(as_text=True)


def test_login_is_rate_limited_with_a_friendly_page(client, make_user):
    user = make_user()
    statuses = [client.post("/login", data={"email": user.email, "password": "wrong guess!"}).status_code
                for _ in range(11)]
    assert statuses[:10] == [400] * 10
    assert statuses[10] == 429
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers
    secure = client.get("/", base_url="https://agora.example")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_session_cookie_flags(client, make_user):
    response = login(client, make_user())
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_requires_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("AGORA_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    from deliberation.config import ConfigError, load_config
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config(tmp_path)
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    config = load_config(tmp_path)
    assert config["SECRET_KEY"] == "from-the-environment" and config["SESSION_COOKIE_SECURE"]


def test_development_secret_key_is_generated_once(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("AGORA_ENV", raising=False)
    from deliberation.config import load_config
    first = load_config(tmp_path)["SECRET_KEY"]
    assert len(first) == 64 and load_config(tmp_path)["SECRET_KEY"] == first


def test_sqlite_enforces_foreign_keys(tmp_path):
    app = create_app(app_settings(tmp_path))
    with app.app_context():
        assert db.session.execute(db.text("PRAGMA foreign_keys")).scalar() == 1
        assert db.session.execute(db.text("PRAGMA journal_mode")).scalar() == "wal"
        db.session.remove()
        db.engine.dispose()



def test_a_not_modified_answer_closes_the_file_it_will_not_send(app):
    import io

    from flask import send_file
    from deliberation.security import _close_unsent_file
    with app.test_request_context(headers={"If-None-Match": '"abc"'}):
        source = io.BytesIO(b"<svg/>")
        response = send_file(source, mimetype="image/svg+xml", etag="abc", conditional=True)
        assert response.status_code == 304
        _close_unsent_file(response)
        assert source.closed and list(response.response) == []
