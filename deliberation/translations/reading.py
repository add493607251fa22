"""Showing content in the reader's language: the approved translation, or the original on request."""
from __future__ import annotations

from dataclasses import dataclass

from flask import g, request, url_for
from sqlalchemy import select

from deliberation.i18n.locales import chosen_language
from deliberation.translations.content import KIND_OF, language_of
from models import ContentTranslation, TranslationStatus, db


@dataclass(frozen=True)
class Reading:
    """What a reader sees of one piece of content, for the "translated from" note."""

    original: str          # language code of the original
    reader: str            # language code of the page
    available: bool        # an approved translation into the reader's language exists
    shown: bool            # ... and it is what the page shows
    stale: bool            # the original changed after the translation was written


def _approved(subject) -> dict[str, ContentTranslation]:
    """Approved translations of one subject into the reader's language, once per request."""
    cache = g.setdefault("_content_translations", {})
    kind, reader = KIND_OF[type(subject)], chosen_language()
    key = (kind, subject.id, reader)
    if key not in cache:
        rows = db.session.scalars(select(ContentTranslation).filter_by(
            kind=kind, subject_id=subject.id, locale=reader, status=TranslationStatus.APPROVED))
        cache[key] = {row.field: row for row in rows} if reader != language_of(subject) else {}
    return cache[key]


def wants_original() -> bool:
    return request.args.get("original") == "1"


def shown_text(subject, field: str) -> str:
    """The field as this reader should read it."""
    row = None if wants_original() else _approved(subject).get(field)
    return row.text if row is not None else (getattr(subject, field) or "")


def shown_language(subject) -> str:
    """The language of what is shown, for the element's lang attribute."""
    return chosen_language() if reading(subject).shown else language_of(subject)


def reading(subject) -> Reading:
    rows = _approved(subject)
    changed = getattr(subject, "edited_at", None) or getattr(subject, "updated_at", None)
    stale = bool(rows and changed and any(row.updated_at < changed for row in rows.values()))
    return Reading(original=language_of(subject), reader=chosen_language(), available=bool(rows),
                   shown=bool(rows) and not wants_original(), stale=stale)


def switch_url(original: bool) -> str:
    """This page again, with the original or with the translation."""
    args = {**(request.view_args or {}), **({"original": "1"} if original else {})}
    return url_for(request.endpoint, **args)
