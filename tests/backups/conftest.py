"""Backups are tested on databases the migrations built, as a real site's are."""
import secrets

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from models import db
from tests.conftest import IsolatedClient
from tests.postgres_fixtures import _server_url


@pytest.fixture
def app(app_config):
    """The shared `app` fixture, but its schema comes from `flask db upgrade`, not create_all."""
    application = create_app(app_config)
    application.test_client_class = IsolatedClient
    with application.test_request_context():
        upgrade()
        yield application
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def another_pg_url():
    """A second fresh, empty PostgreSQL database (pg_url is the first), dropped afterwards."""
    server = make_url(_server_url())
    name = f"agora_restore_{secrets.token_hex(6)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield server.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
