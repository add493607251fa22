"""Socket.IO events for threads: join to watch, catch up after a drop, and the forms' verbs."""
from __future__ import annotations
from flask_babel import gettext as _
from deliberation.i18n.formatting import format_number

import threading
from functools import wraps

from flask import request, session
from flask_login import AnonymousUserMixin
from flask_socketio import emit, join_room, leave_room

from deliberation import live
from deliberation.accounts.login import load_user
from deliberation.debates import services as debates
from deliberation.errors import PolicyError
from deliberation.extensions import db, socketio
from deliberation.moderation import services as moderation
from deliberation.permissions import can_view_thread
from deliberation.threads import services
from models import Comment, Debate, Thread, User


def _viewer():
    """Load the account from the session token now, never from a cache: it may have just ended."""
    token = session.get("_user_id")
    user = load_user(token) if isinstance(token, str) else None
    return user if user is not None else AnonymousUserMixin()


def _refuse(event: str, message: str, field: str | None = None) -> dict:
    emit("refused", {"event": event, "error": message})
    return {"ok": False, "error": message} | ({"field": field} if field else {})


def _int(data: dict, key: str, required: bool = True) -> int | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**53:
        raise PolicyError(_("'%(key)s' must be a positive whole number.", key=key))
    return value


def _text(data: dict, key: str, limit: int) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or len(value) > limit:
        raise PolicyError(_("'%(key)s' must be text of at most %(limit)s characters.", key=key, limit=format_number(limit)))
    return value


def _visible_comment(user: User, comment_id: int) -> Comment:
    comment = db.session.get(Comment, comment_id)
    if comment is None or not can_view_thread(user, comment.thread):
        raise PolicyError(_("That comment does not exist."))
    return comment


def _limited(event: str):
    """Validate the payload's shape and the sender's rate before the handler runs."""
    def decorate(handler):
        @wraps(handler)
        def wrapped(data=None):
            if not isinstance(data, dict):
                return _refuse(event, _("Malformed request."))
            user = _viewer()
            key = user.id if user.is_authenticated else request.sid
            if not live.rate_limiter().allow(key):
                return _refuse(event, _("You are doing that too often. Please wait a few seconds."))
            try:
                result = handler(user, data)
                db.session.commit()
            except PolicyError as error:
                db.session.rollback()
                return _refuse(event, error.message, error.field)
            return {"ok": True, **(result or {})}
        return wrapped
    return decorate


def _writer(event: str):
    """Every write re-checks the session: a logged-out, blocked or changed account cannot act."""
    def decorate(handler):
        @_limited(event)
        @wraps(handler)
        def wrapped(user, data):
            if not user.is_authenticated or not user.is_active:
                raise PolicyError(_("Log in to take part in the discussion."))
            return handler(user, data)
        return wrapped
    return decorate


PRESENCE_DELAY = 1.0  # seconds: many people joining at once cause one presence update, not N
_presence_lock = threading.Lock()
_presence_due: set[str] = set()


def _presence(room: str) -> None:
    """Tell a room how many people watch it, coalesced so a crowd joining is not N² messages."""
    with _presence_lock:
        if room in _presence_due:
            return
        _presence_due.add(room)
    socketio.start_background_task(_send_presence, room)


def _send_presence(room: str) -> None:
    socketio.sleep(PRESENCE_DELAY)
    with _presence_lock:
        _presence_due.discard(room)
    try:
        count = len(list(socketio.server.manager.get_participants("/", room)))
    except KeyError:  # the last watcher left while we counted
        count = 0
    socketio.emit("presence", {"thread_id": int(room.split(":", 1)[1]), "count": count}, to=room)


# Thread rooms per socket, kept here: python-socketio's rooms() walks every room unlocked, which
# is slow with a thousand sockets and raises if another thread connects meanwhile.
_watching_lock = threading.Lock()
_watching: dict[str, set[str]] = {}


def _in_room(room: str) -> bool:
    with _watching_lock:
        return room in _watching.get(request.sid, ())


def _enter(room: str) -> bool:
    """Join a room; False if the socket closed before its event was handled (fast page changes)."""
    try:
        join_room(room)
    except (ValueError, KeyError):  # the socket closed between its event and this join
        return False
    if room.startswith("thread:"):
        with _watching_lock:
            _watching.setdefault(request.sid, set()).add(room)
    return True


@socketio.on("connect")
def connect(auth=None):
    """Anyone may watch; a signed-in person's sockets also share a room so they can be cut off."""
    user = _viewer()
    user_id = user.id if user.is_authenticated else None
    if user_id is not None and not _enter(live.user_room(user_id)):
        return
    emit("hello", {"user_id": user_id})


@socketio.on("disconnect")
def disconnect(reason=None):
    with _watching_lock:
        watched = _watching.pop(request.sid, set())
    for room in watched:
        _presence(room)


@socketio.on("join")
@_limited("join")
def join(user: User, data: dict) -> dict:
    thread = db.session.get(Thread, _int(data, "thread_id"))
    if thread is None or not can_view_thread(user, thread):
        raise PolicyError(_("You cannot follow this discussion."))
    room = live.thread_room(thread.id)
    if not _enter(room):
        raise PolicyError(_("This connection has closed."))
    _presence(room)
    return {"last_event_id": services.last_event_id(thread)}


@socketio.on("leave")
@_limited("leave")
def leave(user: User, data: dict) -> None:
    room = live.thread_room(_int(data, "thread_id"))
    if _in_room(room):
        leave_room(room)
        with _watching_lock:
            _watching.get(request.sid, set()).discard(room)
        _presence(room)


@socketio.on("catch_up")
@_limited("catch_up")
def catch_up(user: User, data: dict) -> dict:
    """Events after ``since`` for a thread this socket follows, oldest first."""
    thread_id, since = _int(data, "thread_id"), data.get("since", 0)
    if not isinstance(since, int) or isinstance(since, bool) or since < 0:
        raise PolicyError(_("'since' must be a whole number."))
    thread = db.session.get(Thread, thread_id)
    if thread is None or not _in_room(live.thread_room(thread_id)) or \
            not can_view_thread(user, thread):
        raise PolicyError(_("Join the discussion first."))
    missed = services.events_since(thread, since)
    return {"events": [{"id": e.id, "thread_id": thread_id, "kind": e.kind, "payload": e.payload}
                       for e in missed], "complete": len(missed) < 500}


@socketio.on("post_comment")
@_writer("post_comment")
def post_comment(user: User, data: dict) -> dict:
    thread = db.session.get(Thread, _int(data, "thread_id"))
    if thread is None or not can_view_thread(user, thread):
        raise PolicyError(_("You cannot follow this discussion."))
    parent_id = _int(data, "parent_id", required=False)
    parent = _visible_comment(user, parent_id) if parent_id else None
    body = _text(data, "body", services.MAX_BODY + 100)
    comment = services.post_comment(user, thread, body, parent)
    return {"comment_id": comment.id}


@socketio.on("edit_comment")
@_writer("edit_comment")
def edit_comment(user: User, data: dict) -> None:
    services.edit_comment(user, _visible_comment(user, _int(data, "comment_id")),
                          _text(data, "body", services.MAX_BODY + 100))


@socketio.on("delete_comment")
@_writer("delete_comment")
def delete_comment(user: User, data: dict) -> None:
    services.delete_comment(user, _visible_comment(user, _int(data, "comment_id")))


@socketio.on("react")
@_writer("react")
def react(user: User, data: dict) -> dict:
    on = services.toggle_reaction(user, _visible_comment(user, _int(data, "comment_id")),
                                  _text(data, "kind", 16))
    return {"on": on}


@socketio.on("flag")
@_writer("flag")
def flag(user: User, data: dict) -> None:
    moderation.flag_comment(user, _visible_comment(user, _int(data, "comment_id")),
                            _text(data, "reason", 16), _text(data, "details", 500))


def _debate(data: dict) -> Debate:
    debate = db.session.get(Debate, _int(data, "debate_id"))
    if debate is None:
        raise PolicyError(_("That debate does not exist."))
    debates.sync_status(debate)
    return debate


@socketio.on("raise_hand")
@_writer("raise_hand")
def raise_hand(user: User, data: dict) -> None:
    debates.raise_hand(user, _debate(data))


@socketio.on("lower_hand")
@_writer("lower_hand")
def lower_hand(user: User, data: dict) -> None:
    debates.lower_hand(user, _debate(data))
