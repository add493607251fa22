"""Moderation: flags, hiding with a reason, appeals, auto-hide, mutes, notices and the log."""
import pytest

from deliberation.debates.services import debate_thread
from deliberation.errors import PolicyError
from deliberation.moderation import services
from models import AuditEntry, Comment, Flag, Notification, db
from tests.conftest import login


@pytest.fixture
def scene(make_user, make_debate, make_comment):
    debate = make_debate()
    area = debate.neighbourhood
    people = {"facilitator": make_user("facilitator", neighbourhood=area, name="Fatima"),
              "author": make_user(neighbourhood=area, name="Alex"),
              "reader": make_user(neighbourhood=area, name="Bea")}
    comment = make_comment(debate, people["author"], "Something rude")
    return debate, people, comment


def test_hide_shows_the_reason_author_is_told_and_may_appeal_once(client, scene):
    debate, people, comment = scene
    login(client, people["facilitator"])
    response = client.post(f"/staff/comments/{comment.id}/hide", data={"reason": "Personal attack"})
    assert response.status_code == 302
    db.session.refresh(comment)
    assert comment.is_hidden and comment.hidden_by_id == people["facilitator"].id

    login(client, people["reader"])
    page = client.get(f"/debates/{debate.id}").get_data(as_text=True)
    assert "Hidden by a moderator: Personal attack" in page and "Something rude" not in page

    login(client, people["author"])
    page = client.get(f"/debates/{debate.id}").get_data(as_text=True)
    assert "Hidden by a moderator: Personal attack" in page and "Appeal this decision" in page
    notice = db.session.scalar(db.select(Notification).where(Notification.user_id == people["author"].id))
    assert "Personal attack" in notice.message
    assert "Notifications <span class=\"badge\">1" in page
    assert client.post(f"/threads/comments/{comment.id}/appeal",
                       data={"text": "It was a joke"}).status_code == 302
    again = client.post(f"/threads/comments/{comment.id}/appeal", data={"text": "Please"})
    assert again.status_code == 400 and "You appealed on" in again.get_data(as_text=True)

    login(client, people["facilitator"])
    queue = client.get("/staff/flags").get_data(as_text=True)
    assert "It was a joke" in queue
    assert client.post(f"/staff/comments/{comment.id}/restore").status_code == 302
    db.session.refresh(comment)
    assert not comment.is_hidden
    actions = db.session.scalars(db.select(AuditEntry.action).where(
        AuditEntry.action.like("moderation.%")).order_by(AuditEntry.id)).all()
    assert actions == ["moderation.hide", "moderation.appeal", "moderation.restore"]
    log = client.get("/staff/moderation-log?action=moderation.hide").get_data(as_text=True)
    assert "Hid a comment by Alex: Personal attack" in log and "Restored a comment" not in log


def test_residents_cannot_moderate(client, scene):
    _debate, people, comment = scene
    login(client, people["reader"])
    assert client.post(f"/staff/comments/{comment.id}/hide", data={"reason": "x"}).status_code == 403
    assert client.get("/staff/flags").status_code == 403
    assert client.get("/staff/moderation-log").status_code == 403
    with pytest.raises(PolicyError):
        services.hide_comment(people["reader"], comment, "x")


def test_facilitators_of_other_neighbourhoods_cannot_moderate(scene, make_user):
    _debate, _people, comment = scene
    elsewhere = make_user("facilitator")
    with pytest.raises(PolicyError, match="facilitators"):
        services.hide_comment(elsewhere, comment, "x")


def test_enough_verified_flags_hide_pending_review(app, scene, make_user):
    debate, people, comment = scene
    area = debate.neighbourhood
    unverified = make_user("unverified", neighbourhood=area)
    services.flag_comment(unverified, comment, "abuse")
    for _ in range(app.config["AUTO_HIDE_FLAGS"] - 1):
        services.flag_comment(make_user(neighbourhood=area), comment, "abuse")
    db.session.commit()
    assert not comment.is_hidden  # unverified flags do not count towards hiding
    services.flag_comment(people["reader"], comment, "spam")
    db.session.commit()
    assert comment.is_hidden and comment.hidden_reason == services.AUTO_HIDE_REASON
    queue = services.flag_queue({area.id})
    assert queue[0]["comment"].id == comment.id and queue[0]["count"] == 4
    assert db.session.scalar(db.select(AuditEntry).where(
        AuditEntry.action == "moderation.auto_hide")).actor_id is None


def test_flags_are_once_per_person_in_the_database(scene):
    _debate, people, comment = scene
    services.flag_comment(people["reader"], comment, "spam")
    with pytest.raises(PolicyError, match="already flagged"):
        services.flag_comment(people["reader"], comment, "abuse")
    with pytest.raises(PolicyError, match="own comment"):
        services.flag_comment(people["author"], comment, "spam")
    assert db.session.scalar(db.select(db.func.count(Flag.id))) == 1


def test_mute_stops_writing_in_one_debate_and_is_logged(client, scene, make_debate, make_comment):
    debate, people, _comment = scene
    login(client, people["facilitator"])
    thread = debate_thread(debate)
    url = f"/staff/threads/{thread.id}/mute/{people['author'].id}"
    assert client.get(url).status_code == 200
    assert client.post(url, data={"minutes": "60", "reason": "Cool down"}).status_code == 302
    with pytest.raises(PolicyError, match="muted you here .*Cool down"):
        make_comment(debate, people["author"], "again")
    other = make_debate(neighbourhood=debate.neighbourhood)
    assert make_comment(other, people["author"], "elsewhere is fine").id
    assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "moderation.mute"))
    assert client.post(f"/staff/threads/{thread.id}/unmute/{people['author'].id}").status_code == 302
    assert make_comment(debate, people["author"], "back").id
    with pytest.raises(PolicyError, match="cannot be muted"):
        services.mute_user(people["facilitator"], thread, people["facilitator"], 60, "x")


def test_notifications_page_marks_notices_read(client, scene):
    _debate, people, comment = scene
    services.hide_comment(people["facilitator"], comment, "Off topic")
    db.session.commit()
    login(client, people["author"])
    page = client.get("/notifications").get_data(as_text=True)
    assert "A moderator hid your comment: Off topic" in page
    assert services.unread_count(people["author"]) == 0


def test_hidden_comment_event_reaches_watchers(app, client, scene):
    from deliberation.extensions import socketio
    debate, people, comment = scene
    watcher = socketio.test_client(app, flask_test_client=app.test_client())
    watcher.emit("join", {"thread_id": debate_thread(debate).id}, callback=True)
    services.hide_comment(people["facilitator"], comment, "Spam")
    db.session.commit()
    events = [m["args"][0] for m in watcher.get_received() if m["name"] == "thread_event"]
    assert events[-1]["kind"] == "comment_hidden" and events[-1]["payload"]["reason"] == "Spam"
    assert db.session.get(Comment, comment.id).is_hidden
