"""PostgreSQL and Redis for the tests that need them, started by scripts/test-services.sh."""
from __future__ import annotations

import os
import secrets

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def _server_url() -> str:
    url = os.environ.get("AGORA_TEST_POSTGRES")
    if not url:
        pytest.skip("PostgreSQL tests need `make test` (it starts PostgreSQL and sets AGORA_TEST_POSTGRES)")
    return url


@pytest.fixture
def pg_url():
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    server = make_url(_server_url())
    name = f"agora_test_{secrets.token_hex(6)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield server.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def redis_url():
    url = os.environ.get("AGORA_TEST_REDIS")
    if not url:
        pytest.skip("Redis tests need `make test` (it starts Redis and sets AGORA_TEST_REDIS)")
    return url


@pytest.fixture
def pg_app_config(tmp_path, pg_url):
    """Settings for an app on PostgreSQL; combine with the `app` fixture via app_config."""
    from tests.conftest import app_settings
    return app_settings(tmp_path, SQLALCHEMY_DATABASE_URI=pg_url)
