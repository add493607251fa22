"""Facilitators' verbs on a thread: pin, lock with a reason, and slow mode."""
from __future__ import annotations
from flask_babel import gettext as _

from deliberation import audit
from deliberation import live_messages as said
from deliberation.errors import PolicyError
from deliberation.permissions import can_moderate
from deliberation.threads.services import record_event
from models import Comment, Thread, User, utcnow

MAX_SLOW_MODE = 3600


def require_facilitator(actor: User, thread: Thread) -> None:
    if not can_moderate(actor, thread.neighbourhood_id):
        raise PolicyError(_("Only this neighbourhood's facilitators can do that."), status=403)


def set_pinned(actor: User, comment: Comment, pinned: bool) -> Comment:
    """Pin a comment to the top of its thread, or unpin it."""
    thread = comment.thread
    require_facilitator(actor, thread)
    if pinned and (comment.is_deleted or comment.is_hidden):
        raise PolicyError(_("Hidden or deleted comments cannot be pinned."))
    if pinned == (comment.pinned_at is not None):
        raise PolicyError(_("This comment is already pinned.") if pinned
                          else "This comment is not pinned.")
    comment.pinned_at = utcnow() if pinned else None
    verb = "Pinned" if pinned else "Unpinned"
    audit.record(actor, "thread.pin" if pinned else "thread.unpin", comment,
                 f"{verb} a comment by {comment.author.display_name}",
                 neighbourhood_id=thread.neighbourhood_id)
    record_event(thread, "comment_pinned", {"comment_id": comment.id, "pinned": pinned,
                                            **said.said(said.PINNED if pinned else said.UNPINNED)})
    return comment


def lock_thread(actor: User, thread: Thread, reason: str) -> Thread:
    """Make a thread read-only, telling everyone why."""
    require_facilitator(actor, thread)
    reason = (reason or "").strip()[:300]
    if not reason:
        raise PolicyError(_("Say why; everyone sees this reason."), field="reason")
    if thread.is_locked:
        raise PolicyError(_("This discussion is already locked."))
    thread.locked_at, thread.locked_by_id, thread.locked_reason = utcnow(), actor.id, reason
    audit.record(actor, "moderation.lock", thread, f"Locked a discussion: {reason}",
                 neighbourhood_id=thread.neighbourhood_id)
    record_event(thread, "thread_locked", {"reason": reason,
                                           **said.said(said.LOCKED, reason=reason)})
    return thread


def unlock_thread(actor: User, thread: Thread) -> Thread:
    """Let people write again."""
    require_facilitator(actor, thread)
    if not thread.is_locked:
        raise PolicyError(_("This discussion is not locked."))
    thread.locked_at = thread.locked_by_id = thread.locked_reason = None
    audit.record(actor, "moderation.unlock", thread, "Unlocked a discussion",
                 neighbourhood_id=thread.neighbourhood_id)
    record_event(thread, "thread_unlocked",
                 said.said(said.UNLOCKED))
    return thread


def set_slow_mode(actor: User, thread: Thread, seconds: int) -> Thread:
    """Each person may comment at most once per ``seconds`` (0 turns slow mode off)."""
    require_facilitator(actor, thread)
    if not isinstance(seconds, int) or not 0 <= seconds <= MAX_SLOW_MODE:
        raise PolicyError(_("Choose an interval between 0 seconds and an hour."), field="seconds")
    thread.slow_mode_seconds = seconds
    summary = f"Slow mode: one comment every {seconds} seconds" if seconds else "Slow mode off"
    audit.record(actor, "moderation.slow_mode", thread, summary,
                 neighbourhood_id=thread.neighbourhood_id, detail={"seconds": seconds})
    record_event(thread, "slow_mode", {"seconds": seconds, **(said.said(said.SLOW_MODE, seconds=seconds)
                                                                 if seconds else said.said(said.SLOW_MODE_OFF))})
    return thread
