"""Requests that only read end with COMMIT; anything that wrote, queued or failed is rolled back."""
import pytest
from sqlalchemy import event, func, insert, select, text

from deliberation import live
from models import Neighbourhood, db


def _count() -> int:
    return db.session.scalar(select(func.count(Neighbourhood.id)))


def _add(name: str) -> Neighbourhood:
    area = Neighbourhood(name=name, slug=name.lower(), description="")
    db.session.add(area)
    return area


def _read():
    return str(_count())


def _flush_then_refuse():
    _add("Flushed")
    db.session.flush()
    return "refused", 400


def _pending():
    _add("Pending")
    return "left pending"


def _core_write():
    db.session.execute(insert(Neighbourhood).values(name="Core", slug="core", description=""))
    return "written, not committed"


def _queued():
    _count()
    live.after_commit(lambda: None)  # an announcement waiting for a commit that never came
    return "queued"


def _fail():
    _add("Failed")
    db.session.flush()
    raise RuntimeError("boom")


ROUTES = {"read": _read, "flush": _flush_then_refuse, "pending": _pending, "core": _core_write,
          "queued": _queued, "fail": _fail}


@pytest.fixture
def ends(app):
    """Register the routes above; record how each request's transaction ended."""
    for name, view in ROUTES.items():
        app.add_url_rule(f"/test-tx/{name}", name, view)
    seen = []
    listeners = [(db.engine, "commit", lambda _conn: seen.append("commit")),
                 (db.engine, "rollback", lambda _conn: seen.append("rollback"))]
    for target, name, fn in listeners:
        event.listen(target, name, fn)
    yield seen
    for target, name, fn in listeners:
        event.remove(target, name, fn)


@pytest.mark.parametrize("name, status", [("flush", 400), ("core", 200), ("queued", 200),
                                          ("fail", 500)])
def test_a_request_that_wrote_or_failed_is_rolled_back_and_leaves_nothing(client, ends, name, status):
    assert client.get(f"/test-tx/{name}").status_code == status
    assert ends == ["rollback"]
    assert _count() == 0


def test_an_object_added_but_never_flushed_is_not_committed(client, ends):
    assert client.get("/test-tx/pending").status_code == 200
    assert "commit" not in ends
    assert _count() == 0


def test_a_request_that_only_read_commits(client, ends):
    _add("Kept")
    db.session.commit()
    ends.clear()
    assert client.get("/test-tx/read").text == "1"
    assert ends == ["commit"]


def test_a_real_page_that_only_reads_commits(client, ends, make_neighbourhood):
    make_neighbourhood("Riverside")
    ends.clear()
    assert "Riverside" in client.get("/").text
    assert ends == ["commit"]


@pytest.mark.postgres
def test_postgres_keeps_prepared_statements_across_read_only_requests(pg_app_config, tmp_path):
    """psycopg forgets its prepared statements on ROLLBACK; committed reads keep them."""
    from app import create_app

    app = create_app(pg_app_config)
    app.add_url_rule("/test-tx/prepared", "prepared", lambda: str(db.session.scalar(
        text("SELECT count(*) FROM pg_prepared_statements"))))
    with app.app_context():
        db.create_all()
    client = app.test_client()
    for _ in range(10):
        assert client.get("/").status_code == 200
    assert int(client.get("/test-tx/prepared").text) > 0
    with app.app_context():
        db.engine.dispose()
