"""Discussion threads any subject can own: comments, reactions and a live event log."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

import enum
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import TimestampMixin, UTCDateTime, db, enum_column
from models.moderation import ModerationMixin

MAX_DEPTH = 3  # replies nest this deep on screen; deeper ones are shown flat


class ReactionKind(enum.Enum):
    """The three quick reactions residents can give a comment."""

    AGREE = "agree"
    DISAGREE = "disagree"
    QUESTION = "question"

    @property
    def label(self) -> str:
        return {"agree": _l("Agree"), "disagree": _l("Disagree"), "question": _l("Question")}[self.value]


class Thread(TimestampMixin, db.Model):
    """The conversation under one debate or proposal."""

    __tablename__ = "threads"
    __table_args__ = (
        UniqueConstraint("subject_type", "subject_id"),
        CheckConstraint("slow_mode_seconds >= 0", name="slow_mode_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int]
    neighbourhood_id: Mapped[int] = mapped_column(ForeignKey("neighbourhoods.id"), index=True)
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    locked_reason: Mapped[str | None] = mapped_column(String(300))
    locked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    slow_mode_seconds: Mapped[int] = mapped_column(default=0)

    neighbourhood = relationship("Neighbourhood")

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class Comment(ModerationMixin, TimestampMixin, db.Model):
    """What a person wrote in a thread, possibly in reply to another comment."""

    __tablename__ = "comments"
    __table_args__ = (
        CheckConstraint("depth >= 1", name="depth_positive"),
        CheckConstraint("(parent_id IS NULL) = (root_id IS NULL)", name="root_matches_parent"),
        Index("ix_comments_thread_root_created", "thread_id", "root_id", "created_at"),
        Index("ix_comments_thread_author_created", "thread_id", "author_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"))
    # The top-level comment this reply hangs under, so a page loads its replies in one query.
    root_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id"), index=True)
    depth: Mapped[int] = mapped_column(default=1)
    body: Mapped[str] = mapped_column(Text)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    pinned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    thread = relationship("Thread")
    author = relationship("User", foreign_keys=[author_id], lazy="joined")
    parent = relationship("Comment", remote_side=[id], foreign_keys=[parent_id])

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class Reaction(TimestampMixin, db.Model):
    """One person's agree, disagree or question on a comment; one of each kind at most."""

    __tablename__ = "reactions"
    __table_args__ = (UniqueConstraint("comment_id", "user_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[ReactionKind] = mapped_column(enum_column(ReactionKind))


class ThreadEvent(TimestampMixin, db.Model):
    """Append-only log of what happened in a thread, for live delivery and catching up."""

    __tablename__ = "thread_events"
    __table_args__ = (Index("ix_thread_events_thread_id_id", "thread_id", "id"),
                      {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
