"""Translations of what people wrote (proposals, debates, surveys, outcomes) into other languages."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import TimestampMixin, UTCDateTime, db, enum_column, utcnow


class ContentKind(enum.Enum):
    """The kinds of content that can carry translations, each with its translatable fields."""

    PROPOSAL = "proposal"
    DEBATE = "debate"
    SURVEY = "survey"
    SURVEY_QUESTION = "survey_question"
    OUTCOME = "outcome"


class TranslationStatus(enum.Enum):
    """Authors' and staff's translations are approved at once; volunteers' wait for staff."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class ContentTranslation(TimestampMixin, db.Model):
    """One field of one piece of content in one language; the original stays authoritative."""

    __tablename__ = "content_translations"
    __table_args__ = (
        UniqueConstraint("kind", "subject_id", "field", "locale"),
        CheckConstraint("length(locale) BETWEEN 2 AND 10", name="locale_length"),
        CheckConstraint("(status = 'pending') = (reviewed_at IS NULL)", name="reviewed_when_decided"),
        Index("ix_content_translations_subject", "kind", "subject_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ContentKind] = mapped_column(enum_column(ContentKind))
    subject_id: Mapped[int]
    field: Mapped[str] = mapped_column(String(40))
    locale: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[TranslationStatus] = mapped_column(enum_column(TranslationStatus),
                                                      default=TranslationStatus.PENDING)
    translated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    translated_by = relationship("User", foreign_keys=[translated_by_id])
    reviewed_by = relationship("User", foreign_keys=[reviewed_by_id])
