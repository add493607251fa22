"""The translation form: one box per translatable part, built for the content at hand."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import InputRequired
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField

from deliberation.translations.content import parts
from deliberation.translations.services import LIMITS, form_key
from models import ContentKind

LABELS = {"title": _l("Title"), "description": _l("Description"), "question": _l("Question"),
          "background": _l("Background"), "summary": _l("Summary")}


class DecisionForm(FlaskForm):
    """Approve or reject a volunteer's translation: two buttons, one form."""

    approve = SubmitField(_l("Approve"))
    reject = SubmitField(_l("Reject"))


class OriginalLanguageForm(FlaskForm):
    """For the author or staff: say which language the original is written in."""

    language = SelectField(_l("The original is written in"),
                           validators=[InputRequired(_l("Choose a language from the list."))])
    change = SubmitField(_l("Save the original's language"))


def part_label(kind: ContentKind, part, field: str, number: int):
    if kind is ContentKind.SURVEY_QUESTION:
        return _l("Question %(number)s", number=number)
    return LABELS[field]


def translation_form(kind: ContentKind, subject, **kwargs) -> FlaskForm:
    """A form class made for this content (a survey also lists its questions), then an instance."""

    class TranslationForm(FlaskForm):
        locale = HiddenField()
        save = SubmitField(_l("Save translation"))

    questions = 0
    for part_kind, part, field in parts(kind, subject):
        questions += part_kind is ContentKind.SURVEY_QUESTION
        box = StringField if field in LIMITS else TextAreaField
        setattr(TranslationForm, form_key(part_kind, part, field),
                box(part_label(part_kind, part, field, questions)))
    return TranslationForm(**kwargs)
