"""SSRF: Agora fetches nothing server-side; no form takes a URL to fetch, nothing connects out."""
from __future__ import annotations

import importlib
import pkgutil
import socket

from flask_wtf import FlaskForm
from wtforms import URLField

import deliberation
from tests.conftest import login
from tests.security.conftest import PASSWORD, demo_user, fill, path_values, rules

# Link fields that are only ever printed as an on-site path, never fetched.
ON_SITE_LINKS = {("DebateForm", "link_url")}


def _all_forms() -> list[type[FlaskForm]]:
    for module in pkgutil.walk_packages(deliberation.__path__, "deliberation."):
        importlib.import_module(module.name)
    found, queue = [], list(FlaskForm.__subclasses__())
    while queue:
        form = queue.pop()
        found.append(form)
        queue.extend(form.__subclasses__())
    return found


def test_no_form_asks_for_a_url_to_fetch(app):
    forms = _all_forms()
    assert len(forms) > 20
    for form in forms:
        for name in dir(form):
            field = getattr(form, name, None)
            field_class = getattr(field, "field_class", None)
            if field_class is None:
                continue
            if issubclass(field_class, URLField) or any(w in name for w in ("url", "uri", "webhook",
                                                                            "callback", "feed")):
                assert (form.__name__, name) in ON_SITE_LINKS, f"{form.__name__}.{name}"


def test_no_request_opens_an_outbound_connection(seeded, monkeypatch):
    seeded.config["WTF_CSRF_ENABLED"] = False
    client = seeded.test_client()
    login(client, demo_user("admin"), PASSWORD)
    attempts = []
    real_connect = socket.socket.connect

    def connect(sock, address):
        attempts.append(address)
        return real_connect(sock, address)
    monkeypatch.setattr(socket.socket, "connect", connect)
    values = path_values()
    hostile = {"url": "http://169.254.169.254/latest/meta-data/", "next": "http://127.0.0.1:1/",
               "image_url": "http://evil.example/x.png", "callback": "http://evil.example/"}
    for rule in rules(seeded, "GET"):
        if rule.endpoint != "static":
            client.get(fill(rule, values), query_string=hostile).close()
    assert attempts == []
