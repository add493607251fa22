"""Template helpers for translated content: the shown text, the note, and links to translate."""
from __future__ import annotations

from flask import Flask, url_for
from flask_babel import get_locale
from flask_login import current_user

from deliberation.i18n.locales import LANGUAGES, direction
from deliberation.translations import reading
from deliberation.translations.content import KIND_OF, KINDS, language_of
from deliberation.translations.services import target_languages, translate_refusal
from models import ContentKind, ContentTranslation, SurveyQuestion, db


def language_label(code: str) -> str:
    """A language's name in the reader's language ("Polish" to an English reader)."""
    locale, language = get_locale(), LANGUAGES.get(code)
    return (locale.languages.get(code) if locale else None) or (language.name if language else code)


def may_translate(subject) -> bool:
    kind = KIND_OF[type(subject)]
    return kind in KINDS and bool(target_languages(subject)) and \
        translate_refusal(current_user, kind, subject) is None


def translate_url(subject) -> str:
    return url_for("translations.translate", kind_value=KIND_OF[type(subject)].value,
                   item_id=subject.id)


def content_title(subject) -> str:
    """How to name the content in a heading: its (translated) title, or an outcome's process."""
    if hasattr(subject, "title"):
        return reading.shown_text(subject, "title")
    return subject.process.title


def original_text(row: ContentTranslation) -> str:
    """What a translation row translates, read from the original content."""
    model = SurveyQuestion if row.kind is ContentKind.SURVEY_QUESTION else KINDS[row.kind].model
    subject = db.session.get(model, row.subject_id)
    return getattr(subject, row.field, "") if subject is not None else ""


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        tr=reading.shown_text, tr_lang=reading.shown_language, reading=reading.reading,
        switch_url=reading.switch_url, may_translate=may_translate, translate_url=translate_url,
        language_label=language_label, language_native=lambda code: LANGUAGES[code].name,
        original_language=language_of, direction=direction, content_title=content_title,
        original_text=original_text)
