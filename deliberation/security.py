"""Response headers and safe redirects."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, request

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def safe_next(target: str | None, default: str = "/") -> str:
    """Return ``target`` only when it is a path on this site, never another host."""
    if not target or "\\" in target or any(ord(ch) < 32 for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def _headers(response):
    """Add the security headers every response carries."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


def _close_unsent_file(response):
    """A 304 answer sends no body: close the file send_file opened, or it leaks until collected."""
    if response.status_code == 304 and hasattr(response.response, "close"):
        response.response.close()
        response.response = []
    return response


def init_app(app: Flask) -> None:
    app.after_request(_headers)
    app.after_request(_close_unsent_file)
