"""Surveys: questions for residents of some neighbourhoods, and their one response each."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

import enum
from datetime import datetime

from sqlalchemy import (JSON, CheckConstraint, Column, ForeignKey, String, Table, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import TimestampMixin, UTCDateTime, db, enum_column, utcnow


class SurveyStatus(enum.Enum):
    """A survey is built in draft, answered while open, and final once closed."""

    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"draft": _l("Draft"), "open": _l("Open"), "closed": _l("Closed")}[self.value]


SURVEY_TRANSITIONS: dict[SurveyStatus, tuple[SurveyStatus, ...]] = {
    SurveyStatus.DRAFT: (SurveyStatus.OPEN,),
    SurveyStatus.OPEN: (SurveyStatus.CLOSED,),
    SurveyStatus.CLOSED: (),
}


class QuestionKind(enum.Enum):
    """What kind of answer a question asks for."""

    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    SCALE = "scale"
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"

    @property
    def label(self) -> str:
        return {"single_choice": _l("Single choice (pick one)"),
                "multiple_choice": _l("Multiple choice (tick any)"),
                "scale": _l("Scale from 1 to 5"), "short_text": _l("Short text (one line)"),
                "long_text": _l("Long text (paragraphs)")}[self.value]

    @property
    def has_options(self) -> bool:
        return self in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)

    @property
    def is_text(self) -> bool:
        return self in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)


survey_neighbourhoods = Table(
    "survey_neighbourhoods", db.metadata,
    Column("survey_id", ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True),
    Column("neighbourhood_id", ForeignKey("neighbourhoods.id"), primary_key=True),
)


class Survey(TimestampMixin, db.Model):
    """A questionnaire for the residents of one or more neighbourhoods."""

    __tablename__ = "surveys"
    __table_args__ = (
        CheckConstraint("opens_at IS NULL OR closes_at IS NULL OR closes_at > opens_at",
                        name="dates_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(150))
    description: Mapped[str] = mapped_column(Text, default="")
    # The language it was written in: the original, authoritative for moderation and the audit log.
    language: Mapped[str] = mapped_column(String(10), default="en", server_default="en")
    status: Mapped[SurveyStatus] = mapped_column(enum_column(SurveyStatus),
                                                 default=SurveyStatus.DRAFT, index=True)
    verified_only: Mapped[bool] = mapped_column(default=True)
    results_public: Mapped[bool] = mapped_column(default=False)
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    neighbourhoods = relationship("Neighbourhood", secondary=survey_neighbourhoods,
                                  lazy="selectin", order_by="Neighbourhood.name")
    questions = relationship("SurveyQuestion", back_populates="survey", lazy="selectin",
                             cascade="all, delete-orphan", order_by="SurveyQuestion.position")
    created_by = relationship("User")

    @property
    def neighbourhood_ids(self) -> set[int]:
        return {n.id for n in self.neighbourhoods}

    @property
    def area_names(self) -> str:
        return ", ".join(n.name for n in self.neighbourhoods)


class SurveyQuestion(db.Model):
    """One question; choice questions carry their options as a list of labels."""

    __tablename__ = "survey_questions"
    __table_args__ = (
        UniqueConstraint("survey_id", "position"),
        CheckConstraint("(kind IN ('single_choice', 'multiple_choice')) = (options IS NOT NULL)",
                        name="options_match_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    kind: Mapped[QuestionKind] = mapped_column(enum_column(QuestionKind))
    prompt: Mapped[str] = mapped_column(String(300))
    required: Mapped[bool] = mapped_column(default=True)
    options: Mapped[list | None] = mapped_column(JSON(none_as_null=True))

    survey = relationship("Survey", back_populates="questions")


class SurveyResponse(TimestampMixin, db.Model):
    """One person's answers to one survey; exports name it by its random code, never the person."""

    __tablename__ = "survey_responses"
    __table_args__ = (UniqueConstraint("survey_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # Where the respondent lived when answering, for participation counts per area.
    neighbourhood_id: Mapped[int | None] = mapped_column(ForeignKey("neighbourhoods.id"))
    code: Mapped[str] = mapped_column(String(16), unique=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    answers = relationship("SurveyAnswer", cascade="all, delete-orphan", lazy="selectin",
                           back_populates="response")


class SurveyAnswer(db.Model):
    """The answer to one question: chosen options, a scale point, or text."""

    __tablename__ = "survey_answers"
    __table_args__ = (
        UniqueConstraint("response_id", "question_id"),
        CheckConstraint("number IS NULL OR (number BETWEEN 1 AND 5)", name="scale_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_responses.id", ondelete="CASCADE"),
                                             index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_questions.id", ondelete="CASCADE"),
                                             index=True)
    choices: Mapped[list | None] = mapped_column(JSON(none_as_null=True))
    number: Mapped[int | None]
    text: Mapped[str | None] = mapped_column(Text)

    response = relationship("SurveyResponse", back_populates="answers")
