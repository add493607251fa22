"""Backups are tested on databases the migrations built, as a real site's are."""

import pytest
from flask_migrate import upgrade

from app import create_app
from models import db
from tests.conftest import IsolatedClient
from tests.postgres_fixtures import fresh_database


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
    yield from fresh_database("agora_restore")
