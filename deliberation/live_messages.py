"""What live events say to everyone watching a thread, as messages each browser translates.

A broadcast reaches readers of many languages at once, so events carry the English message
and its values (``{"message": ..., "params": {...}}``); static/js/live.js shows
``gettext(message, params)``. deliberation/i18n/jscatalog.py embeds these messages' translations
in every page beside the scripts' own.
"""
from __future__ import annotations


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated in the browser, not here."""
    return message


NEW_COMMENT = N_("New comment by %(name)s.")
NEW_REPLY = N_("New reply by %(name)s.")
EDITED = N_("%(name)s edited a comment.")
DELETED = N_("%(name)s deleted a comment.")
HIDDEN = N_("A moderator hid a comment.")
RESTORED = N_("A moderator restored a comment.")
PINNED = N_("A facilitator pinned a comment.")
UNPINNED = N_("A facilitator unpinned a comment.")
LOCKED = N_("The discussion is locked: %(reason)s")
UNLOCKED = N_("The discussion is open for comments again.")
SLOW_MODE = N_("Slow mode: one comment every %(seconds)s seconds.")
SLOW_MODE_OFF = N_("Slow mode off.")
DEBATE_OPENED = N_("This debate is open.")
DEBATE_CLOSED = N_("This debate has closed.")
ANNOUNCEMENT = N_("Announcement: %(body)s")
HAND_RAISED = N_("%(name)s raised their hand.")
HAND_LOWERED = N_("%(name)s lowered their hand.")
YOUR_TURN = N_("%(name)s, it is your turn to speak.")
DEBATE_CHANGED = N_("The facilitator changed this debate's details.")
MAP_UPDATED = N_("The opinion map was updated. Reactions counted: %(votes)s.")


def said(message: str, **params) -> dict:
    """The payload fields for an event's message."""
    return {"message": message, "params": params}
