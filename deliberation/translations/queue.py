"""The staff queue of translations volunteers offered, waiting for a decision."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from deliberation.translations.content import KINDS, load
from models import ContentKind, ContentTranslation, SurveyQuestion, TranslationStatus, User, db


@dataclass
class Waiting:
    """One piece of content with volunteers' parts in one language, for one decision."""

    kind: ContentKind
    subject: object
    locale: str
    rows: list[ContentTranslation]


def _top(row: ContentTranslation) -> tuple[ContentKind, object] | None:
    """The content a row belongs to: a question's translation is reviewed with its survey."""
    if row.kind is ContentKind.SURVEY_QUESTION:
        question = db.session.get(SurveyQuestion, row.subject_id)
        return (ContentKind.SURVEY, question.survey) if question else None
    subject = load(row.kind, row.subject_id)
    return (row.kind, subject) if subject is not None else None


def waiting_for(reviewer: User) -> list[Waiting]:
    """What this person may decide on, oldest offer first."""
    rows = db.session.scalars(select(ContentTranslation).where(
        ContentTranslation.status == TranslationStatus.PENDING).order_by(ContentTranslation.id))
    found: dict[tuple, Waiting] = {}
    for row in rows:
        top = _top(row)
        if top is None or not KINDS[top[0]].owns(reviewer, top[1]):
            continue
        key = (top[0], top[1].id, row.locale)
        found.setdefault(key, Waiting(top[0], top[1], row.locale, [])).rows.append(row)
    return list(found.values())
