"""A resident's HTTP client for load and crash tests: cookies, CSRF tokens, redirects (stdlib only)."""
from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
RECEIPT = re.compile(r'Receipt code: <strong>([A-Z0-9-]+)</strong>')


class Resident:
    """Talks to a running server the way a browser without JavaScript would."""

    def __init__(self, base_url: str, timeout: float = 20):
        self.base_url, self.timeout = base_url, timeout
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.token = ""

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base_url + path, timeout=self.timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post_form(self, path: str, fields: list[tuple[str, str]], reuse_token: bool = False) -> tuple[int, str]:
        """Submit a form with the session's CSRF token (fetched from the form page unless reused)."""
        if not (reuse_token and self.token):
            _, page = self.get(path)
            match = TOKEN.search(page)
            self.token = next(g for g in match.groups() if g) if match else ""
        body = urllib.parse.urlencode([("csrf_token", self.token), *fields]).encode()
        try:
            with self.opener.open(self.base_url + path, data=body, timeout=self.timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def log_in(self, email: str, password: str) -> None:
        status, _ = self.post_form("/login", [("email", email), ("password", password)])
        assert status == 200, f"login failed with {status}"
        self.token = ""  # logging in starts a new session, with a new token

    def vote(self, process_id: int, choices: list[int]) -> str | None:
        """Cast a ballot and return the receipt code the page showed, if it showed one."""
        status, page = self.post_form(f"/processes/{process_id}/vote",
                                      [("choice", str(c)) for c in choices], reuse_token=True)
        match = RECEIPT.search(page) if status == 200 else None
        return match.group(1) if match else None
