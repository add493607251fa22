"""Statements are moderated like comments: flags, the queue, hide with a reason the author sees, restore."""
import pytest

from deliberation.opinions import services
from models import Flag, Notification, Statement, db
from tests.conftest import login


@pytest.fixture
def app_config(app_config):
    return app_config | {"WTF_CSRF_ENABLED": False}


def _resident_statement(conversation, author):
    statement = services.add_statement(author, conversation, "Ban all cars from the high street.")
    db.session.commit()
    return statement


def test_flag_then_hide_with_reason_the_author_sees(client, make_conversation, make_user):
    conversation, facilitator = make_conversation()
    area = conversation.debate.neighbourhood
    author, reader = make_user(neighbourhood=area), make_user(neighbourhood=area)
    statement = _resident_statement(conversation, author)
    login(client, reader)
    assert client.post(f"/opinions/statements/{statement.id}/flag",
                       data={"reason": "abuse", "details": "Rude."}).status_code == 302
    login(client, facilitator)
    queue = client.get("/staff/flags").get_data(as_text=True)
    assert "1 flag on a statement by" in queue and statement.text in queue
    empty = client.post(f"/opinions/statements/{statement.id}/hide", data={"reason": "  "})
    assert empty.status_code == 400 and "Say why" in empty.get_data(as_text=True)
    assert client.post(f"/opinions/statements/{statement.id}/hide",
                       data={"reason": "Off topic for this debate"}).status_code == 302
    db.session.expire_all()
    hidden = db.session.get(Statement, statement.id)
    assert hidden.is_hidden and hidden.hidden_reason == "Off topic for this debate"
    assert db.session.scalar(db.select(Flag).where(Flag.subject_id == statement.id)).resolved_at
    note = db.session.scalar(db.select(Notification).where(Notification.user_id == author.id))
    assert "Off topic for this debate" in note.message
    login(client, author)
    page = client.get(f"/debates/{conversation.debate_id}/opinions").get_data(as_text=True)
    assert "Hidden by a moderator: Off topic for this debate" in page
    login(client, reader)
    page = client.get(f"/debates/{conversation.debate_id}/opinions").get_data(as_text=True)
    assert statement.text not in page  # off the map and out of the routing


def test_residents_cannot_hide_and_restore_brings_it_back(client, make_conversation, make_user):
    conversation, facilitator = make_conversation()
    author = make_user(neighbourhood=conversation.debate.neighbourhood)
    statement = _resident_statement(conversation, author)
    login(client, author)
    assert client.post(f"/opinions/statements/{statement.id}/hide",
                       data={"reason": "mine"}).status_code == 403
    login(client, facilitator)
    client.post(f"/opinions/statements/{statement.id}/hide", data={"reason": "Duplicate"})
    assert client.post(f"/opinions/statements/{statement.id}/restore").status_code == 302
    db.session.expire_all()
    assert not db.session.get(Statement, statement.id).is_hidden


def test_a_hidden_statement_takes_no_reactions(client, make_conversation, make_user):
    conversation, facilitator = make_conversation()
    area = conversation.debate.neighbourhood
    statement = _resident_statement(conversation, make_user(neighbourhood=area))
    login(client, facilitator)
    client.post(f"/opinions/statements/{statement.id}/hide", data={"reason": "Spam"})
    login(client, make_user(neighbourhood=area))
    page = client.post(f"/debates/{conversation.debate_id}/opinions/vote",
                       data={"statement_id": statement.id, "value": "agree"},
                       follow_redirects=True).get_data(as_text=True)
    assert "That statement is not on this map." in page


def test_three_verified_flags_hide_it_until_reviewed(client, make_conversation, make_user):
    conversation, _facilitator = make_conversation()
    area = conversation.debate.neighbourhood
    statement = _resident_statement(conversation, make_user(neighbourhood=area))
    for _ in range(3):
        login(client, make_user(neighbourhood=area))
        client.post(f"/opinions/statements/{statement.id}/flag", data={"reason": "spam"})
    db.session.expire_all()
    assert db.session.get(Statement, statement.id).is_hidden


def test_one_cannot_flag_twice_or_ones_own(client, make_conversation, make_user):
    conversation, _facilitator = make_conversation()
    area = conversation.debate.neighbourhood
    author, reader = make_user(neighbourhood=area), make_user(neighbourhood=area)
    statement = _resident_statement(conversation, author)
    login(client, reader)
    client.post(f"/opinions/statements/{statement.id}/flag", data={"reason": "spam"})
    again = client.post(f"/opinions/statements/{statement.id}/flag", data={"reason": "spam"})
    assert again.status_code == 400 and "already flagged" in again.get_data(as_text=True)
    login(client, author)
    own = client.post(f"/opinions/statements/{statement.id}/flag", data={"reason": "spam"})
    assert own.status_code == 400 and "your own statement" in own.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Flag.id))) == 1
