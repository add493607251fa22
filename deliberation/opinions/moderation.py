"""Statements are moderated as comments are: residents flag, facilitators hide with a reason or restore."""
from __future__ import annotations
from flask_babel import gettext as _

from flask import current_app, url_for
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from deliberation import audit
from deliberation.errors import PolicyError
from deliberation.moderation.services import AUTO_HIDE_REASON, notify
from deliberation.opinions.services import mark_changed
from deliberation.permissions import can_moderate
from models import Flag, FlagReason, Statement, User, db, utcnow

SUBJECT = "statement"  # Flag.subject_type: statements share the comments' flag table and queue


def _area(statement: Statement) -> int:
    return statement.conversation.debate.neighbourhood_id


def _url(statement: Statement) -> str:
    return url_for("opinions.show", debate_id=statement.conversation.debate_id) + \
        f"#statement-{statement.id}"


def _require_moderator(actor: User, statement: Statement) -> None:
    if not can_moderate(actor, _area(statement)):
        raise PolicyError(_("Only this neighbourhood's facilitators can moderate here."), status=403)


def _resolve_flags(actor: User | None, statement: Statement) -> None:
    db.session.execute(update(Flag).where(
        Flag.subject_type == SUBJECT, Flag.subject_id == statement.id, Flag.resolved_at.is_(None))
        .values(resolved_at=utcnow(), resolved_by_id=actor.id if actor else None))


def _hide(actor: User | None, statement: Statement, reason: str, action: str) -> None:
    statement.hidden_at, statement.hidden_by_id, statement.hidden_reason = utcnow(), \
        actor.id if actor else None, reason
    mark_changed(statement.conversation)  # hidden statements leave the map and the routing
    audit.record(actor, action, statement,
                 f"Hid a statement by {statement.author.display_name}: {reason}",
                 neighbourhood_id=_area(statement),
                 detail={"conversation_id": statement.conversation_id})
    notify(statement.author_id, lambda: _("A moderator hid your statement: %(reason)s.", reason=reason),
           _url(statement))


def hide_statement(actor: User, statement: Statement, reason: str) -> Statement:
    """Take a statement off the map with a reason its author sees."""
    _require_moderator(actor, statement)
    reason = (reason or "").strip()[:300]
    if not reason:
        raise PolicyError(_("Say why; the author and readers see this reason."), field="reason")
    if statement.is_hidden:
        raise PolicyError(_("This statement is already hidden."))
    _hide(actor, statement, reason, "moderation.hide")
    _resolve_flags(actor, statement)
    return statement


def restore_statement(actor: User, statement: Statement) -> Statement:
    """Put a hidden statement back on the map."""
    _require_moderator(actor, statement)
    if not statement.is_hidden:
        raise PolicyError(_("This statement is not hidden."))
    statement.hidden_at = statement.hidden_by_id = statement.hidden_reason = None
    _resolve_flags(actor, statement)
    mark_changed(statement.conversation)
    audit.record(actor, "moderation.restore", statement,
                 f"Restored a statement by {statement.author.display_name}",
                 neighbourhood_id=_area(statement))
    notify(statement.author_id, lambda: _("A moderator restored your statement."), _url(statement))
    return statement


def flag_statement(user: User, statement: Statement, reason: object, details: str = "") -> Flag:
    """Ask moderators to look; enough verified residents hide it until someone reviews."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise PolicyError(_("Log in to flag a statement."), status=403)
    if statement.author_id == user.id:
        raise PolicyError(_("You cannot flag your own statement."))
    try:
        reason = FlagReason(reason)
    except ValueError:
        raise PolicyError(_("Choose a reason from the list."), field="reason") from None
    flag = Flag(subject_type=SUBJECT, subject_id=statement.id, user_id=user.id,
                neighbourhood_id=_area(statement), reason=reason,
                details=(details or "").strip()[:500])
    try:
        with db.session.begin_nested():
            db.session.add(flag)
    except IntegrityError:
        raise PolicyError(_("You have already flagged this statement; moderators will look at it.")) from None
    audit.record(user, "moderation.flag", statement, f"Flagged a statement ({reason.label})",
                 neighbourhood_id=_area(statement))
    verified = db.session.scalar(
        select(func.count(func.distinct(Flag.user_id))).select_from(Flag)
        .join(User, User.id == Flag.user_id)
        .where(Flag.subject_type == SUBJECT, Flag.subject_id == statement.id,
               Flag.resolved_at.is_(None), User.verified_at.is_not(None)))
    if verified >= current_app.config.get("AUTO_HIDE_FLAGS", 3) and not statement.is_hidden:
        _hide(None, statement, AUTO_HIDE_REASON, "moderation.auto_hide")
    return flag


def dismiss_flags(actor: User, statement: Statement) -> None:
    """Keep a flagged statement on the map and clear it from the queue."""
    _require_moderator(actor, statement)
    _resolve_flags(actor, statement)
    audit.record(actor, "moderation.dismiss", statement, "Kept a flagged statement visible",
                 neighbourhood_id=_area(statement))


def flag_queue(scope: set[int] | None) -> list[dict]:
    """Flagged statements awaiting review, most-flagged first, for the moderators' queue page."""
    count = func.count(Flag.id).label("flags")
    query = (select(Flag.subject_id, count).where(Flag.subject_type == SUBJECT,
                                                  Flag.resolved_at.is_(None))
             .group_by(Flag.subject_id).order_by(count.desc(), Flag.subject_id).limit(100))
    if scope is not None:
        query = query.where(Flag.neighbourhood_id.in_(scope))
    rows = db.session.execute(query).all()
    ids = [r.subject_id for r in rows]
    statements = {s.id: s for s in db.session.scalars(select(Statement).where(Statement.id.in_(ids)))}
    flags: dict[int, list[Flag]] = {}
    for flag in db.session.scalars(select(Flag).where(
            Flag.subject_type == SUBJECT, Flag.subject_id.in_(ids), Flag.resolved_at.is_(None))
            .order_by(Flag.id)):
        flags.setdefault(flag.subject_id, []).append(flag)
    return [{"statement": statements[r.subject_id], "count": r.flags,
             "flags": flags.get(r.subject_id, [])} for r in rows if r.subject_id in statements]
