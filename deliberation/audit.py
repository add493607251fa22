"""Recording consequential actions, and reading them back for staff."""
from __future__ import annotations

from sqlalchemy import select

from models import AuditEntry, User, db


def record(actor: User | None, action: str, subject, summary: str, *,
           neighbourhood_id: int | None = None, detail: dict | None = None,
           public: bool = False) -> AuditEntry:
    """Add an audit entry in the caller's transaction, so it lands only if the change does."""
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        action=action,
        subject_type=type(subject).__name__.lower() if subject is not None else "system",
        subject_id=getattr(subject, "id", None),
        neighbourhood_id=neighbourhood_id,
        summary=summary[:300],
        detail=detail,
        public=public,
    )
    db.session.add(entry)
    return entry


def search(action_prefix: str = "", neighbourhood_ids: set[int] | None = None):
    """A newest-first query of entries, optionally filtered by action and area."""
    query = select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    if action_prefix:
        query = query.where(AuditEntry.action.startswith(action_prefix, autoescape=True))
    if neighbourhood_ids is not None:
        query = query.where(AuditEntry.neighbourhood_id.in_(neighbourhood_ids))
    return query


def public_activity(neighbourhood_id: int, limit: int = 10) -> list[AuditEntry]:
    """Recent public happenings in a neighbourhood, for its page."""
    query = search(neighbourhood_ids={neighbourhood_id}).where(AuditEntry.public.is_(True))
    return list(db.session.scalars(query.limit(limit)))
