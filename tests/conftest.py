"""Shared fixtures: an app on a fresh database per test, factories, a live server, browsers."""
from __future__ import annotations

import contextvars
import itertools
import threading
from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server

from app import create_app
from deliberation.accounts.services import set_password
from deliberation.live import NoDelayRequestHandler
from models import Neighbourhood, Role, RoleGrant, User, VerificationMethod, db, utcnow

PASSWORD = "correct horse battery"
_counter = itertools.count(1)


def app_settings(tmp_path, **overrides) -> dict:
    """Settings for a test app: its own SQLite file, mail kept in memory, cheap hashing."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'agora-test.db'}",
        "MAIL_BACKEND": "memory",
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "ARGON2_TIME_COST": 1,
        "ARGON2_MEMORY_COST": 1024,
        "SERVER_NAME": None,
    }
    config.update(overrides)
    return config


class IsolatedClient(FlaskClient):
    """Each request runs in its own context, as on a server, not in the test's app context."""

    def open(self, *args, **kwargs):
        return contextvars.Context().run(super().open, *args, **kwargs)


@pytest.fixture
def app_config(tmp_path) -> dict:
    """Override in a test module to change settings before the app is built."""
    return app_settings(tmp_path)


@pytest.fixture
def app(app_config) -> Flask:
    application = create_app(app_config)
    application.test_client_class = IsolatedClient
    with application.test_request_context():  # url_for works in factories and services
        db.create_all()
        yield application
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    """A test client without CSRF, for tests about behaviour rather than forms' tokens."""
    app.config["WTF_CSRF_ENABLED"] = False
    return app.test_client()


@pytest.fixture
def make_neighbourhood(app):
    def make(name: str | None = None, description: str = "A neighbourhood for tests.") -> Neighbourhood:
        name = name or f"Area {next(_counter)}"
        area = Neighbourhood(name=name, slug=name.lower().replace(" ", "-"), description=description)
        db.session.add(area)
        db.session.commit()
        return area
    return make


@pytest.fixture
def make_user(app, make_neighbourhood):
    """make_user(role="resident"|"unverified"|"facilitator"|"councillor"|"admin", ...)."""
    def make(role: str = "resident", *, neighbourhood: Neighbourhood | None = None,
             email: str | None = None, name: str | None = None, password: str = PASSWORD,
             census_reference: str | None = None) -> User:
        n = next(_counter)
        area = neighbourhood or make_neighbourhood()
        user = User(email=email or f"person{n}@example.org", display_name=name or f"Person {n}",
                    neighbourhood_id=area.id, census_reference=census_reference)
        set_password(user, password)
        if role != "unverified":
            user.verified_at, user.verification_method = utcnow(), VerificationMethod.IN_PERSON
        if role in ("facilitator", "councillor", "admin"):
            user.role_grants.append(RoleGrant(
                role=Role(role), neighbourhood_id=area.id if role == "facilitator" else None))
        db.session.add(user)
        db.session.commit()
        return user
    return make


def login(client, user: User, password: str = PASSWORD):
    return client.post("/login", data={"email": user.email, "password": password})


@dataclass
class LiveServer:
    url: str
    app: Flask


@pytest.fixture
def live_server(app) -> LiveServer:
    """The real app, Socket.IO included, served on a free port in a thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=NoDelayRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


pytest_plugins = ["tests.browser_fixtures", "tests.budgeting_factories", "tests.live_factories",
                  "tests.surveys_factories", "tests.postgres_fixtures", "tests.opinion_factories"]
