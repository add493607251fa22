"""Thread verbs: post, reply, edit, delete and react; each change is logged for live delivery."""
from __future__ import annotations
from flask_babel import gettext as _
from deliberation.i18n.formatting import format_number

from datetime import timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from deliberation import live
from deliberation import live_messages as said
from deliberation.errors import PolicyError
from deliberation.permissions import posting_refusal
from models import Comment, Reaction, ReactionKind, Thread, ThreadEvent, User, db, utcnow
from models.threads import MAX_DEPTH

MAX_BODY = 5000
EDIT_WINDOW = timedelta(minutes=10)


def thread_for(subject_type: str, subject_id: int, neighbourhood_id: int) -> Thread:
    """The subject's thread, created on first use."""
    thread = db.session.scalar(select(Thread).where(
        Thread.subject_type == subject_type, Thread.subject_id == subject_id))
    if thread is None:
        thread = Thread(subject_type=subject_type, subject_id=subject_id,
                        neighbourhood_id=neighbourhood_id)
        try:
            with db.session.begin_nested():  # two first views at once: the loser reads the winner's
                db.session.add(thread)
        except IntegrityError:
            thread = db.session.scalar(select(Thread).where(
                Thread.subject_type == subject_type, Thread.subject_id == subject_id))
    return thread


def record_event(thread: Thread, kind: str, payload: dict) -> ThreadEvent:
    """Log an event and broadcast it after commit, numbered so clients can catch up."""
    entry = ThreadEvent(thread_id=thread.id, kind=kind, payload=payload)
    db.session.add(entry)
    db.session.flush()
    message = {"id": entry.id, "thread_id": thread.id, "kind": kind, "payload": payload}
    live.after_commit(lambda: live.emit_to_thread(thread.id, "thread_event", message))
    return entry


def events_since(thread: Thread, since: int, limit: int = 500) -> list[ThreadEvent]:
    """What a reconnecting client missed, oldest first."""
    return list(db.session.scalars(select(ThreadEvent).where(
        ThreadEvent.thread_id == thread.id, ThreadEvent.id > since)
        .order_by(ThreadEvent.id).limit(limit)))


def last_event_id(thread: Thread) -> int:
    return db.session.scalar(select(func.max(ThreadEvent.id)).where(
        ThreadEvent.thread_id == thread.id)) or 0


def require_posting(user: User, thread: Thread) -> None:
    """Refuse with the reason the person can act on."""
    refusal = posting_refusal(user, thread)
    if refusal is not None:
        raise PolicyError(refusal, field="body", status=403)


def _clean_body(body: object) -> str:
    text = body.strip() if isinstance(body, str) else ""
    if not text:
        raise PolicyError(_("Write something before posting."), field="body")
    if len(text) > MAX_BODY:
        raise PolicyError(_("Keep comments under %(max_body)s characters.", max_body=format_number(MAX_BODY)), field="body")
    return text


def seconds_to_wait(user: User, thread: Thread) -> int:
    """Slow mode: how long until this person may comment again (0 when they may)."""
    if not thread.slow_mode_seconds:
        return 0
    last = db.session.scalar(select(func.max(Comment.created_at)).where(
        Comment.thread_id == thread.id, Comment.author_id == user.id))
    if last is None:
        return 0
    if last.tzinfo is None:
        last = last.replace(tzinfo=timezone.utc)
    remaining = thread.slow_mode_seconds - (utcnow() - last).total_seconds()
    return max(0, int(remaining + 0.999))


def post_comment(author: User, thread: Thread, body: object,
                 parent: Comment | None = None) -> Comment:
    """Add a comment or a reply, respecting locks, mutes and slow mode."""
    require_posting(author, thread)
    text = _clean_body(body)
    if parent is not None and (parent.thread_id != thread.id or parent.is_deleted):
        raise PolicyError(_("That comment cannot be replied to."), field="body")
    wait = seconds_to_wait(author, thread)
    if wait:
        raise PolicyError(_("Slow mode is on: please wait %(wait)s seconds before commenting again.", wait=wait),
                          field="body", status=429)
    comment = Comment(thread_id=thread.id, author_id=author.id, body=text,
                      parent_id=parent.id if parent else None,
                      root_id=(parent.root_id or parent.id) if parent else None,
                      depth=parent.depth + 1 if parent else 1)
    db.session.add(comment)
    db.session.flush()
    record_event(thread, "comment_posted", {
        "comment_id": comment.id, "parent_id": comment.parent_id,
        **said.said(said.NEW_REPLY if parent else said.NEW_COMMENT, name=author.display_name)})
    return comment


def _require_author(user: User, comment: Comment) -> None:
    if not getattr(user, "is_authenticated", False) or comment.author_id != user.id:
        raise PolicyError(_("Only the author can change this comment."), status=403)
    if comment.is_deleted:
        raise PolicyError(_("This comment was deleted."))


def can_edit(user: User, comment: Comment) -> bool:
    """Authors fix typos for ten minutes, while the comment is visible."""
    return bool(getattr(user, "is_authenticated", False) and comment.author_id == user.id
                and not comment.is_deleted and not comment.is_hidden
                and utcnow() - comment.created_at <= EDIT_WINDOW)


def edit_comment(user: User, comment: Comment, body: object) -> Comment:
    """Change one's own comment within the edit window; the page then marks it edited."""
    _require_author(user, comment)
    require_posting(user, comment.thread)
    if not can_edit(user, comment):
        raise PolicyError(_("Comments can be edited for 10 minutes after posting."), field="body")
    comment.body, comment.edited_at = _clean_body(body), utcnow()
    record_event(comment.thread, "comment_edited", {
        "comment_id": comment.id, **said.said(said.EDITED, name=user.display_name)})
    return comment


def delete_comment(user: User, comment: Comment) -> Comment:
    """Withdraw one's own comment; a placeholder keeps the replies in place."""
    _require_author(user, comment)
    comment.deleted_at = utcnow()
    record_event(comment.thread, "comment_deleted", {
        "comment_id": comment.id, **said.said(said.DELETED, name=user.display_name)})
    return comment


def reaction_counts(comment_ids: list[int]) -> dict[int, dict[str, int]]:
    """Counts per comment and kind in one query."""
    counts = {cid: {k.value: 0 for k in ReactionKind} for cid in comment_ids}
    if comment_ids:
        rows = db.session.execute(select(Reaction.comment_id, Reaction.kind, func.count())
                                  .where(Reaction.comment_id.in_(comment_ids))
                                  .group_by(Reaction.comment_id, Reaction.kind))
        for comment_id, kind, count in rows:
            counts[comment_id][kind.value] = count
    return counts


def lock_comment(comment: Comment) -> Comment:
    """Wait for the comment's row lock and reload it: simultaneous clicks then apply in turn."""
    return db.session.scalar(select(Comment).where(Comment.id == comment.id)
                             .with_for_update(key_share=True, of=Comment)
                             .execution_options(populate_existing=True))


def toggle_reaction(user: User, comment: Comment, kind: object) -> bool:
    """Add the reaction, or take it back if given already; True when it is now on."""
    try:
        kind = ReactionKind(kind)
    except ValueError:
        raise PolicyError(_("Choose agree, disagree or question.")) from None
    lock_comment(comment)  # else two clicks both delete one row, and live counts go stale
    require_posting(user, comment.thread)
    if comment.is_deleted or comment.is_hidden:
        raise PolicyError(_("This comment cannot receive reactions."))
    existing = db.session.scalar(select(Reaction).where(
        Reaction.comment_id == comment.id, Reaction.user_id == user.id, Reaction.kind == kind))
    if existing is not None:
        db.session.delete(existing)
    else:
        try:
            with db.session.begin_nested():
                db.session.add(Reaction(comment_id=comment.id, user_id=user.id, kind=kind))
        except IntegrityError:
            pass  # a double click raced us; the reaction is on either way
    db.session.flush()
    record_event(comment.thread, "reactions", {
        "comment_id": comment.id, "counts": reaction_counts([comment.id])[comment.id]})
    return existing is None


def display_parent(comment: Comment, by_id: dict[int, Comment]) -> Comment | None:
    """Where a reply is shown: under its parent, or flat under the deepest shown ancestor."""
    parent = by_id.get(comment.parent_id) if comment.parent_id else None
    while parent is not None and parent.depth >= MAX_DEPTH:
        parent = by_id.get(parent.parent_id)
    return parent
