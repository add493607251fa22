"""Debates: a timeboxed question put to a neighbourhood, with its live facilitation."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import TimestampMixin, UTCDateTime, db, enum_column


class DebateStatus(enum.Enum):
    """A debate opens, closes with a conclusion, and is eventually archived."""

    SCHEDULED = "scheduled"
    OPEN = "open"
    CLOSED = "closed"
    ARCHIVED = "archived"

    @property
    def label(self) -> str:
        return {"scheduled": _l("Upcoming"), "open": _l("Open"), "closed": _l("Closed"),
                "archived": _l("Archived")}[self.value]


DEBATE_TRANSITIONS: dict[DebateStatus, tuple[DebateStatus, ...]] = {
    DebateStatus.SCHEDULED: (DebateStatus.OPEN,),
    DebateStatus.OPEN: (DebateStatus.CLOSED,),
    DebateStatus.CLOSED: (DebateStatus.ARCHIVED,),
    DebateStatus.ARCHIVED: (),
}


class Debate(TimestampMixin, db.Model):
    """A question residents discuss between a start and an end time."""

    __tablename__ = "debates"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhoods.id"), index=True)
    title: Mapped[str] = mapped_column(String(150))
    question: Mapped[str] = mapped_column(String(300))
    background: Mapped[str] = mapped_column(Text, default="")
    # The language it was written in: the original, authoritative for moderation and the audit log.
    language: Mapped[str] = mapped_column(String(10), default="en", server_default="en")
    link_url: Mapped[str | None] = mapped_column(String(300))
    # A budgeting process this debate belongs to, once processes exist (no key yet on purpose).
    process_id: Mapped[int | None]
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[DebateStatus] = mapped_column(enum_column(DebateStatus),
                                                 default=DebateStatus.SCHEDULED, index=True)
    conclusion: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When a facilitator last changed its wording, link or times: the page says so to readers.
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    neighbourhood = relationship("Neighbourhood")
    speaker = relationship("User", foreign_keys=[speaker_id])


class HandRaise(TimestampMixin, db.Model):
    """A person waiting to speak in a live session; the earliest is called first."""

    __tablename__ = "hand_raises"
    __table_args__ = (UniqueConstraint("debate_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    debate_id: Mapped[int] = mapped_column(ForeignKey("debates.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    user = relationship("User", lazy="joined")


class Announcement(TimestampMixin, db.Model):
    """A facilitator's message to everyone in a debate."""

    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(primary_key=True)
    debate_id: Mapped[int] = mapped_column(ForeignKey("debates.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(String(500))

    author = relationship("User")
