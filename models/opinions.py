"""Opinion maps inside debates: short statements residents agree with, disagree with or pass on."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

import enum
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import TimestampMixin, UTCDateTime, db, enum_column, utcnow
from models.moderation import ModerationMixin

MAX_STATEMENT = 140  # characters: one idea people can react to at a glance, as Pol.is keeps it


class ConversationStatus(enum.Enum):
    """A map takes reactions while open; once closed it is a record of what people thought."""

    OPEN = "open"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"open": _l("Open"), "closed": _l("Closed")}[self.value]


class Conversation(TimestampMixin, db.Model):
    """The opinion map of one debate: its statements, everyone's reactions and the computed map."""

    __tablename__ = "conversations"
    __table_args__ = (CheckConstraint("revision >= 0", name="revision_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    debate_id: Mapped[int] = mapped_column(ForeignKey("debates.id", ondelete="CASCADE"),
                                           unique=True)
    status: Mapped[ConversationStatus] = mapped_column(enum_column(ConversationStatus),
                                                       default=ConversationStatus.OPEN)
    residents_may_add: Mapped[bool] = mapped_column(default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Bumped when statements appear, hide or return, so the map knows to recompute (votes count apart).
    revision: Mapped[int] = mapped_column(default=0)

    debate = relationship("Debate")

    @property
    def is_open(self) -> bool:
        return self.status is ConversationStatus.OPEN


class Statement(ModerationMixin, TimestampMixin, db.Model):
    """One short claim in a map, written by a resident or (seed) by the facilitator."""

    __tablename__ = "statements"
    __table_args__ = (
        CheckConstraint(f"length(text) BETWEEN 1 AND {MAX_STATEMENT}", name="text_length"),
        Index("ix_statements_conversation_id_id", "conversation_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    text: Mapped[str] = mapped_column(String(MAX_STATEMENT))
    seed: Mapped[bool] = mapped_column(default=False)

    conversation = relationship("Conversation")
    author = relationship("User", foreign_keys=[author_id], lazy="joined")


class StatementVote(TimestampMixin, db.Model):
    """A participant's latest reaction to a statement; one row each, changed in place."""

    __tablename__ = "statement_votes"
    __table_args__ = (
        UniqueConstraint("statement_id", "participant_id"),
        CheckConstraint("value IN (-1, 0, 1)", name="value_agree_pass_disagree"),
        CheckConstraint("revision >= 1", name="revision_positive"),
        Index("ix_statement_votes_conversation_id", "conversation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statements.id", ondelete="CASCADE"))
    # Kept beside the statement's so a recompute reads one conversation's votes with one index.
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    value: Mapped[int]
    # 1 when cast, +1 per change: the sum over a conversation only grows, marking a stale map.
    revision: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MapSnapshot(db.Model):
    """One recompute's result; the one with the highest marker is the map people see."""

    __tablename__ = "map_snapshots"
    __table_args__ = (UniqueConstraint("conversation_id", "marker"),
                      CheckConstraint("vote_count >= 0", name="vote_count_not_negative"))

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    vote_count: Mapped[int]
    # conversation.revision + the sum of its votes' revisions when the votes were read.
    marker: Mapped[int]
    result: Mapped[dict] = mapped_column(JSON)  # the OpinionMap, as opinions.snapshots stores it
    state: Mapped[dict] = mapped_column(JSON)  # MapState.to_dict(), the next recompute's start
