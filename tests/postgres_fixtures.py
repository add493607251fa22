"""PostgreSQL and Redis for the tests that need them, started by scripts/test-services.sh."""
from __future__ import annotations

import gc
import os
import secrets

import psycopg

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
    yield from fresh_database("agora_test")


def fresh_database(prefix: str):
    """Create a database, yield its URL, then check the test closed its connections and drop it."""
    server = make_url(_server_url())
    name = f"{prefix}_{secrets.token_hex(6)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield server.set(database=name).render_as_string(hide_password=False)
    left_open = _open_connections(name)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
    for leaked in left_open:
        leaked.close()
    # Otherwise the connection is garbage-collected during some later test, which then fails
    # with psycopg's ResourceWarning and no hint of where it came from.
    assert not left_open, f"the test left {len(left_open)} connection(s) to its database open"


def _open_connections(database: str) -> list[psycopg.Connection]:
    """Connections of this process to `database` still open (an engine not disposed, say)."""
    gc.collect()
    return [o for o in gc.get_objects()
            if isinstance(o, psycopg.Connection) and not o.closed and o.info.dbname == database]


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
