"""Socket.IO for opinion maps: a map page joins its conversation's room to hear new maps."""
from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_socketio import emit, join_room

from deliberation import live
from deliberation.extensions import db, socketio
from deliberation.opinions.scheduler import conversation_room
from deliberation.threads.events import _viewer
from models import Conversation


def _refuse(message: str) -> dict:
    emit("refused", {"event": "watch_map", "error": message})
    return {"ok": False, "error": message}


@socketio.on("watch_map")
def watch_map(data=None) -> dict:
    """Anyone who may read the debate may watch its map: pushes carry counts, never a person."""
    conversation_id = data.get("conversation_id") if isinstance(data, dict) else None
    if isinstance(conversation_id, bool) or not isinstance(conversation_id, int):
        return _refuse(_("Malformed request."))
    user = _viewer()
    if not live.rate_limiter().allow(user.id if user.is_authenticated else request.sid):
        return _refuse(_("You are doing that too often. Please wait a few seconds."))
    conversation = db.session.get(Conversation, conversation_id) if 0 < conversation_id < 2**53 \
        else None
    db.session.rollback()  # a read: end the transaction before the socket waits
    if conversation is None:
        return _refuse(_("That opinion map does not exist."))
    join_room(conversation_room(conversation_id))
    return {"ok": True}
