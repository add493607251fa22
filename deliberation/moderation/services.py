"""Moderation verbs: flag, hide, restore, appeal, mute; authors hear of actions on their words."""
from __future__ import annotations
from flask_babel import gettext as _, lazy_gettext as _l

from collections.abc import Callable
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from deliberation import audit
from deliberation import live_messages as said
from deliberation.errors import PolicyError
from deliberation.notifications.languages import notify_each
from deliberation.permissions import can_moderate, can_view_thread, is_staff_of
from deliberation.threads.owners import describe
from deliberation.threads.services import lock_comment, record_event
from models import Comment, Flag, FlagReason, Mute, Notification, Thread, User, db, utcnow

AUTO_HIDE_REASON = "Hidden pending review: several residents flagged it."
MUTE_CHOICES = [(15, _l("15 minutes")), (60, _l("1 hour")), (24 * 60, _l("1 day")), (7 * 24 * 60, _l("1 week"))]


def notify(user_id: int, message: Callable[[], str], url: str | None = None) -> None:
    """Tell an author what a moderator did, in their language, as their settings for it say."""
    notify_each({user_id}, "moderation", message, url)


def _comment_url(comment: Comment) -> str | None:
    subject = describe(comment.thread)
    return f"{subject.url}#comment-{comment.id}" if subject else None


def _require_moderator(actor: User, thread: Thread) -> None:
    if not can_moderate(actor, thread.neighbourhood_id):
        raise PolicyError(_("Only this neighbourhood's facilitators can moderate here."), status=403)


def _open_flags(comment: Comment):
    return select(Flag).where(Flag.subject_type == "comment", Flag.subject_id == comment.id,
                              Flag.resolved_at.is_(None))


def _resolve_flags(actor: User | None, comment: Comment) -> None:
    db.session.execute(update(Flag).where(
        Flag.subject_type == "comment", Flag.subject_id == comment.id, Flag.resolved_at.is_(None))
        .values(resolved_at=utcnow(), resolved_by_id=actor.id if actor else None))


def _hide(actor: User | None, comment: Comment, reason: str, action: str) -> None:
    comment.hidden_at, comment.hidden_by_id, comment.hidden_reason = utcnow(), \
        actor.id if actor else None, reason
    comment.pinned_at = None
    thread = comment.thread
    audit.record(actor, action, comment,
                 f"Hid a comment by {comment.author.display_name}: {reason}",
                 neighbourhood_id=thread.neighbourhood_id, detail={"thread_id": thread.id})
    notify(comment.author_id, lambda: _("A moderator hid your comment: %(reason)s. You can appeal once.",
                                        reason=reason),
           _comment_url(comment))
    record_event(thread, "comment_hidden", {"comment_id": comment.id, "reason": reason,
                                            **said.said(said.HIDDEN)})


def flag_comment(user: User, comment: Comment, reason: object, details: str = "") -> Flag:
    """Ask moderators to look; enough verified residents hide it until someone reviews."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise PolicyError(_("Log in to flag a comment."), status=403)
    lock_comment(comment)  # flags arriving together are counted in turn, so one of them hides
    if not can_view_thread(user, comment.thread) or comment.is_deleted:
        raise PolicyError(_("This comment cannot be flagged."))
    if comment.author_id == user.id:
        raise PolicyError(_("You cannot flag your own comment."))
    try:
        reason = FlagReason(reason)
    except ValueError:
        raise PolicyError(_("Choose a reason from the list."), field="reason") from None
    flag = Flag(subject_type="comment", subject_id=comment.id, user_id=user.id,
                neighbourhood_id=comment.thread.neighbourhood_id, reason=reason,
                details=(details or "").strip()[:500])
    try:
        with db.session.begin_nested():
            db.session.add(flag)
    except IntegrityError:
        raise PolicyError(_("You have already flagged this comment; moderators will look at it.")) from None
    audit.record(user, "moderation.flag", comment, f"Flagged a comment ({reason.label})",
                 neighbourhood_id=comment.thread.neighbourhood_id)
    verified = db.session.scalar(
        select(func.count(func.distinct(Flag.user_id))).select_from(Flag)
        .join(User, User.id == Flag.user_id)
        .where(Flag.subject_type == "comment", Flag.subject_id == comment.id,
               Flag.resolved_at.is_(None), User.verified_at.is_not(None)))
    if verified >= current_app.config.get("AUTO_HIDE_FLAGS", 3) and not comment.is_hidden:
        _hide(None, comment, AUTO_HIDE_REASON, "moderation.auto_hide")
    return flag


def hide_comment(actor: User, comment: Comment, reason: str) -> Comment:
    """Hide a comment with a reason its author sees and may appeal."""
    _require_moderator(actor, comment.thread)
    reason = (reason or "").strip()[:300]
    if not reason:
        raise PolicyError(_("Say why; the author and readers see this reason."), field="reason")
    if comment.is_hidden or comment.is_deleted:
        raise PolicyError(_("This comment is already hidden or deleted."))
    _hide(actor, comment, reason, "moderation.hide")
    _resolve_flags(actor, comment)
    return comment


def restore_comment(actor: User, comment: Comment) -> Comment:
    """Show a hidden comment again, e.g. after an appeal or a mistaken auto-hide."""
    _require_moderator(actor, comment.thread)
    if not comment.is_hidden:
        raise PolicyError(_("This comment is not hidden."))
    comment.hidden_at = comment.hidden_by_id = comment.hidden_reason = None
    _resolve_flags(actor, comment)
    audit.record(actor, "moderation.restore", comment,
                 f"Restored a comment by {comment.author.display_name}",
                 neighbourhood_id=comment.thread.neighbourhood_id)
    notify(comment.author_id, lambda: _("A moderator restored your comment."), _comment_url(comment))
    record_event(comment.thread, "comment_restored", {"comment_id": comment.id,
                                                      **said.said(said.RESTORED)})
    return comment


def dismiss_flags(actor: User, comment: Comment) -> None:
    """Keep a flagged comment visible and clear it from the queue."""
    _require_moderator(actor, comment.thread)
    if db.session.scalar(_open_flags(comment).limit(1)) is None:
        raise PolicyError(_("There are no open flags on this comment."))
    _resolve_flags(actor, comment)
    audit.record(actor, "moderation.dismiss", comment, "Kept a flagged comment visible",
                 neighbourhood_id=comment.thread.neighbourhood_id)


def appeal(user: User, comment: Comment, text: str) -> Comment:
    """The author asks once for a hidden comment to be reviewed again."""
    if not getattr(user, "is_authenticated", False) or comment.author_id != user.id:
        raise PolicyError(_("Only the author can appeal."), status=403)
    if not comment.is_hidden:
        raise PolicyError(_("This comment is not hidden."))
    if comment.appealed_at is not None:
        raise PolicyError(_("You have already appealed; a moderator will review it."))
    text = (text or "").strip()[:1000]
    if not text:
        raise PolicyError(_("Say why the comment should be shown again."), field="text")
    comment.appeal_text, comment.appealed_at = text, utcnow()
    audit.record(user, "moderation.appeal", comment, "Appealed a hidden comment",
                 neighbourhood_id=comment.thread.neighbourhood_id)
    return comment


def mute_user(actor: User, thread: Thread, person: User, minutes: int, reason: str) -> Mute:
    """Stop a person writing in one thread for a while; they can still read."""
    _require_moderator(actor, thread)
    if person.id == actor.id or is_staff_of(person, thread.neighbourhood_id):
        raise PolicyError(_("Staff of this neighbourhood cannot be muted here."))
    if minutes not in dict(MUTE_CHOICES):
        raise PolicyError(_("Choose one of the listed durations."), field="minutes")
    reason = (reason or "").strip()[:300]
    if not reason:
        raise PolicyError(_("Say why; the person is shown this reason."), field="reason")
    mute = Mute(thread_id=thread.id, user_id=person.id, until=utcnow() + timedelta(minutes=minutes),
                reason=reason, muted_by_id=actor.id)
    db.session.add(mute)
    audit.record(actor, "moderation.mute", person,
                 f"Muted {person.display_name} for {dict(MUTE_CHOICES)[minutes]}: {reason}",
                 neighbourhood_id=thread.neighbourhood_id, detail={"thread_id": thread.id})
    subject = describe(thread)
    notify(person.id, lambda: _("A moderator muted you in “%(title)s” for %(length)s: %(reason)s",
                                title=subject.title if subject else _("a discussion"),
                                length=dict(MUTE_CHOICES)[minutes], reason=reason),
           subject.url if subject else None)
    return mute


def unmute_user(actor: User, thread: Thread, person: User) -> None:
    """End a mute early."""
    _require_moderator(actor, thread)
    ended = db.session.execute(update(Mute).where(
        Mute.thread_id == thread.id, Mute.user_id == person.id, Mute.until > utcnow())
        .values(until=utcnow())).rowcount
    if not ended:
        raise PolicyError(_("%(display_name)s is not muted here.", display_name=person.display_name))
    audit.record(actor, "moderation.unmute", person, f"Unmuted {person.display_name}",
                 neighbourhood_id=thread.neighbourhood_id, detail={"thread_id": thread.id})
    notify(person.id, lambda: _("A moderator lifted your mute."))


def flag_queue(scope: set[int] | None, order: str = "most") -> list[dict]:
    """Flagged comments awaiting review, most-flagged (or newest) first, with their flags."""
    count, latest = func.count(Flag.id).label("flags"), func.max(Flag.id).label("latest")
    query = (select(Flag.subject_id, count, latest)
             .where(Flag.subject_type == "comment", Flag.resolved_at.is_(None))
             .group_by(Flag.subject_id).limit(100))
    if scope is not None:
        query = query.where(Flag.neighbourhood_id.in_(scope))
    query = query.order_by(latest.desc()) if order == "newest" else \
        query.order_by(count.desc(), latest.desc())
    rows = db.session.execute(query).all()
    ids = [r.subject_id for r in rows]
    comments = {c.id: c for c in db.session.scalars(select(Comment).where(Comment.id.in_(ids)))}
    flags: dict[int, list[Flag]] = {}
    for flag in db.session.scalars(select(Flag).where(
            Flag.subject_type == "comment", Flag.subject_id.in_(ids), Flag.resolved_at.is_(None))
            .order_by(Flag.id)):
        flags.setdefault(flag.subject_id, []).append(flag)
    return [{"comment": comments[r.subject_id], "count": r.flags,
             "flags": flags.get(r.subject_id, [])} for r in rows if r.subject_id in comments]


def pending_appeals(scope: set[int] | None) -> list[Comment]:
    query = (select(Comment).join(Thread).where(Comment.hidden_at.is_not(None),
                                                Comment.appealed_at.is_not(None))
             .order_by(Comment.appealed_at).limit(100))
    if scope is not None:
        query = query.where(Thread.neighbourhood_id.in_(scope))
    return list(db.session.scalars(query).unique())


def unread_count(user: User) -> int:
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def notifications_for(user: User, limit: int = 100) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                                   .order_by(Notification.id.desc()).limit(limit)))


def mark_read(user: User) -> None:
    db.session.execute(update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)).values(read_at=utcnow()))
