"""Socket.IO: watching is open to all, writing needs a live session, and refusals say why."""
from datetime import timedelta

from deliberation.debates.services import debate_thread
from deliberation.extensions import socketio
from deliberation.threads import owners
from models import Comment, Mute, db, utcnow
from tests.conftest import login


def _socket(app, client):
    return socketio.test_client(app, flask_test_client=client)


def _events(sock, name):
    return [m["args"][0] for m in sock.get_received() if m["name"] == name]


def test_anonymous_socket_can_watch_but_not_post(app, client, make_debate):
    debate = make_debate()
    thread = debate_thread(debate)
    sock = _socket(app, client)
    assert sock.emit("join", {"thread_id": thread.id}, callback=True)["ok"] is True
    ack = sock.emit("post_comment", {"thread_id": thread.id, "body": "hello"}, callback=True)
    assert ack == {"ok": False, "error": "Log in to take part in the discussion."}
    assert _events(sock, "refused")[-1]["event"] == "post_comment"
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 0


def test_resident_posts_over_the_socket_and_watchers_receive_it(app, client, make_user, make_debate):
    debate = make_debate()
    thread = debate_thread(debate)
    rosa = make_user(neighbourhood=debate.neighbourhood, name="Rosa")
    watcher = _socket(app, app.test_client())
    watcher.emit("join", {"thread_id": thread.id}, callback=True)
    login(client, rosa)
    sock = _socket(app, client)
    sock.emit("join", {"thread_id": thread.id}, callback=True)
    ack = sock.emit("post_comment", {"thread_id": thread.id, "body": "Lights, yes"}, callback=True)
    assert ack["ok"] is True, ack
    comment = db.session.get(Comment, ack["comment_id"])
    assert comment.body == "Lights, yes" and comment.author_id == rosa.id
    received = _events(watcher, "thread_event")
    assert received[-1]["kind"] == "comment_posted"
    assert received[-1]["payload"]["comment_id"] == comment.id
    assert received[-1]["payload"]["message"] == "New comment by %(name)s."
    assert received[-1]["payload"]["params"] == {"name": "Rosa"}


def test_joining_a_thread_one_may_not_see_is_refused(app, client, make_user, make_debate, monkeypatch):
    debate = make_debate()
    thread = debate_thread(debate)
    thread.subject_type = "proposal"
    db.session.commit()
    monkeypatch.setitem(owners._OWNERS, "proposal", lambda subject_id: owners.ThreadSubject(
        "Draft", "/p", thread.neighbourhood_id, True, staff_only=True))
    login(client, make_user(neighbourhood=debate.neighbourhood))
    sock = _socket(app, client)
    assert sock.emit("join", {"thread_id": thread.id}, callback=True) == {
        "ok": False, "error": "You cannot follow this discussion."}
    assert sock.emit("join", {"thread_id": 9999}, callback=True)["ok"] is False
    assert sock.emit("catch_up", {"thread_id": thread.id, "since": 0}, callback=True)["ok"] is False
    assert sock.emit("join", "not a dict", callback=True) == {"ok": False, "error": "Malformed request."}


def test_muted_person_is_refused_with_the_reason(app, client, make_user, make_debate):
    debate = make_debate()
    thread = debate_thread(debate)
    rosa = make_user(neighbourhood=debate.neighbourhood)
    db.session.add(Mute(thread_id=thread.id, user_id=rosa.id, until=utcnow() + timedelta(hours=1),
                        reason="Repeated insults"))
    db.session.commit()
    login(client, rosa)
    sock = _socket(app, client)
    ack = sock.emit("post_comment", {"thread_id": thread.id, "body": "Let me speak"}, callback=True)
    assert ack["ok"] is False and "muted you here" in ack["error"] and "Repeated insults" in ack["error"]
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 0


def test_payload_types_and_lengths_are_checked(app, client, make_user, make_debate):
    debate = make_debate()
    thread = debate_thread(debate)
    login(client, make_user(neighbourhood=debate.neighbourhood))
    sock = _socket(app, client)
    assert "positive whole number" in sock.emit("post_comment", {"thread_id": "1", "body": "x"},
                                                callback=True)["error"]
    assert "at most" in sock.emit("post_comment", {"thread_id": thread.id, "body": "x" * 6000},
                                  callback=True)["error"]
    assert sock.emit("react", {"comment_id": True, "kind": "agree"}, callback=True)["ok"] is False


def test_catch_up_returns_what_was_missed(app, client, make_user, make_debate, make_comment):
    debate = make_debate()
    thread = debate_thread(debate)
    rosa = make_user(neighbourhood=debate.neighbourhood)
    sock = _socket(app, client)
    since = sock.emit("join", {"thread_id": thread.id}, callback=True)["last_event_id"]
    sock.disconnect()
    first = make_comment(debate, rosa, "one")
    second = make_comment(debate, rosa, "two")
    sock = _socket(app, client)
    sock.emit("join", {"thread_id": thread.id}, callback=True)
    reply = sock.emit("catch_up", {"thread_id": thread.id, "since": since}, callback=True)
    assert [e["payload"]["comment_id"] for e in reply["events"]] == [first.id, second.id]
    assert reply["complete"] is True


def test_block_disconnects_open_sockets_and_stale_sockets_cannot_write(app, client, make_user, make_debate):
    from deliberation.admin.services import block_user
    debate = make_debate()
    thread = debate_thread(debate)
    rosa, admin = make_user(neighbourhood=debate.neighbourhood), make_user("admin")
    login(client, rosa)
    sock = _socket(app, client)
    sock.emit("join", {"thread_id": thread.id}, callback=True)
    block_user(admin, rosa, "Spam")
    db.session.commit()
    assert not sock.is_connected()
    again = _socket(app, client)  # the old cookie now names a session that has ended
    ack = again.emit("post_comment", {"thread_id": thread.id, "body": "still here?"}, callback=True)
    assert ack["ok"] is False
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 0


def test_after_logout_an_old_copy_of_the_session_can_neither_browse_nor_post(app, client, make_user, make_debate):
    """As a socket on another server process would: it kept the session from before logout."""
    debate = make_debate()
    thread = debate_thread(debate)
    rosa = make_user(neighbourhood=debate.neighbourhood)
    login(client, rosa)
    with client.session_transaction() as copied:
        old_session = dict(copied)
    client.post("/logout")

    stale = app.test_client()
    with stale.session_transaction() as session:
        session.update(old_session)
    assert stale.get("/account").status_code == 302  # sent to log in
    sock = _socket(app, stale)
    sock.emit("join", {"thread_id": thread.id}, callback=True)
    ack = sock.emit("post_comment", {"thread_id": thread.id, "body": "still here?"}, callback=True)
    assert ack == {"ok": False, "error": "Log in to take part in the discussion."}
    assert db.session.scalar(db.select(db.func.count(Comment.id))) == 0


def test_logout_and_role_changes_disconnect_the_persons_sockets(app, client, make_user, make_debate):
    from deliberation.admin.services import grant_role
    from models import Role
    debate = make_debate()
    rosa = make_user(neighbourhood=debate.neighbourhood)
    login(client, rosa)
    sock = _socket(app, client)
    bystander = _socket(app, app.test_client())
    assert sock.is_connected()
    client.post("/logout")
    assert not sock.is_connected() and bystander.is_connected()

    login(client, rosa)
    sock = _socket(app, client)
    grant_role(make_user("admin"), rosa, Role.COUNCILLOR, None)
    assert sock.is_connected()  # nothing happens until the change is committed
    db.session.commit()
    assert not sock.is_connected()
