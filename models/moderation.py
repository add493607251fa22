"""Moderation: the one hiding mixin, residents' flags, mutes, and notices to authors."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from models.base import TimestampMixin, UTCDateTime, db, enum_column


class ModerationMixin:
    """Hidden-by-a-moderator state shared by everything residents write."""

    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_reason: Mapped[str | None] = mapped_column(String(300))
    appeal_text: Mapped[str | None] = mapped_column(String(1000))
    appealed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @declared_attr
    def hidden_by_id(cls) -> Mapped[int | None]:
        return mapped_column(ForeignKey("users.id"))

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class FlagReason(enum.Enum):
    """Why a resident thinks something needs a moderator's look."""

    SPAM = "spam"
    ABUSE = "abuse"
    OFF_TOPIC = "off_topic"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"spam": _l("Spam or advertising"), "abuse": _l("Abusive or hateful"),
                "off_topic": _l("Off topic"), "other": _l("Something else")}[self.value]


class Flag(TimestampMixin, db.Model):
    """One person's report about one piece of content, once each."""

    __tablename__ = "flags"
    __table_args__ = (UniqueConstraint("subject_type", "subject_id", "user_id"),
                      Index("ix_flags_open_subject", "resolved_at", "subject_type", "subject_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int]
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhoods.id"), index=True)
    reason: Mapped[FlagReason] = mapped_column(enum_column(FlagReason))
    details: Mapped[str] = mapped_column(String(500), default="")
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user = relationship("User", foreign_keys=[user_id])


class Mute(TimestampMixin, db.Model):
    """A person may read but not write in one thread until a time."""

    __tablename__ = "mutes"
    __table_args__ = (Index("ix_mutes_thread_user", "thread_id", "user_id", "until"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    until: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(String(300))
    muted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user = relationship("User", foreign_keys=[user_id])


class Notification(TimestampMixin, db.Model):
    """An in-app notice, e.g. that a moderator acted on what someone wrote."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    message: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(300))
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(20), default="moderation")
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
