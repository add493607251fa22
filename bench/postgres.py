"""A fresh PostgreSQL database for a benchmark, when `make bench` has started the server."""
from __future__ import annotations

import os

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def fresh_database(name: str) -> str | None:
    """Drop and create `name`; None when no PostgreSQL server is configured."""
    server = os.environ.get("AGORA_TEST_POSTGRES")
    if not server:
        return None
    url = make_url(server)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)
