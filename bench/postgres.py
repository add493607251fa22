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


def ensure_services() -> str | None:
    """Start the test PostgreSQL and Redis when the environment names none; the reason if impossible."""
    if os.environ.get("AGORA_TEST_POSTGRES"):
        return None
    import subprocess
    from pathlib import Path
    script = Path(__file__).resolve().parents[1] / "scripts" / "test-services.sh"
    try:
        subprocess.run([str(script), "start"], check=True, stdin=subprocess.DEVNULL, timeout=600,
                       capture_output=True)
        env = subprocess.run([str(script), "env"], check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.SubprocessError) as error:
        return f"PostgreSQL could not be started with scripts/test-services.sh ({error})"
    for pair in env.split():
        name, _, value = pair.partition("=")
        os.environ[name] = value
    return None
