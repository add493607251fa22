"""Helpers for races run with real threads against one app on PostgreSQL."""
from tests.conftest import PASSWORD


def logged_in_client(app, email: str):
    """A logged-in test client, made without touching the test thread's ORM objects."""
    client = app.test_client()
    client.post("/login", data={"email": email, "password": PASSWORD})
    return client


def run_all(threads) -> None:
    """Start every thread, then wait for all; a hung one shows up as a missing status."""
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
