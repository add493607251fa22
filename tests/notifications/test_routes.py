"""The menu's unread count: right on every page, counted in the query that loads the user."""
from sqlalchemy import event

from models import Notification, db
from tests.conftest import login


def _badge(page: str) -> str | None:
    marker = 'Notifications <span class="badge">'
    return page.split(marker, 1)[1].split("<", 1)[0] if marker in page else None


def test_the_menu_counts_unread_notices_and_the_inbox_clears_them(client, make_user):
    person, other = make_user(), make_user()
    db.session.add_all([Notification(user_id=person.id, message=f"Notice {n}") for n in range(2)]
                       + [Notification(user_id=other.id, message="Not yours")])
    db.session.commit()
    login(client, person)
    assert _badge(client.get("/").text) == "2"
    inbox = client.get("/notifications").text
    assert "Notice 1" in inbox and "Not yours" not in inbox
    assert _badge(inbox) is None  # read as the inbox opened, so the menu on it says so
    assert _badge(client.get("/").text) is None


def test_the_count_costs_no_query_of_its_own(client, make_user):
    person = make_user()
    db.session.add(Notification(user_id=person.id, message="Notice"))
    db.session.commit()
    login(client, person)
    statements: list[str] = []
    listener = lambda _c, _cur, statement, *_: statements.append(statement)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert _badge(client.get("/").text) == "1"
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    counting = [s for s in statements if "FROM notifications" in s]
    assert len(counting) == 1 and "FROM users" in counting[0]
