"""Security headers on every kind of response; HSTS only where the connection is HTTPS."""
from __future__ import annotations

from tests.conftest import login


def _script_sources(csp: str) -> str:
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if " " in part.strip())
    return directives.get("script-src", directives.get("default-src", ""))


def test_pages_errors_and_files_carry_the_headers(client, make_user):
    login(client, make_user())
    for url in ["/", "/login", "/processes", "/no-such-page", "/static/css/app.css", "/healthz"]:
        response = client.get(url)
        headers = response.headers
        response.close()
        csp = headers["Content-Security-Policy"]
        assert "'unsafe-inline'" not in _script_sources(csp) and "'unsafe-eval'" not in csp, url
        assert "script-src 'self'" in csp and "object-src 'none'" in csp
        assert "frame-ancestors 'none'" in csp and headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] in ("same-origin", "strict-origin-when-cross-origin",
                                              "no-referrer")
        assert "Strict-Transport-Security" not in headers, url


def test_hsts_only_over_https(client):
    secure = client.get("/", base_url="https://agora.example")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_session_cookie_is_httponly_and_samesite(client, make_user):
    response = login(client, make_user())
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
