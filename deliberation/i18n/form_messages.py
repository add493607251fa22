"""WTForms' own refusals ("This field is required.", "Not a valid choice.") read from Agora's catalogues.

WTForms ships translations for some languages only (not Urdu or Bengali), so these messages are
extracted into Agora's catalogue with the others, and each request hands WTForms a translator that
reads them from there (Flask-WTF looks for `request.wtforms_translations`).
"""
from __future__ import annotations

from flask import Flask, request
from flask_babel import get_translations


def N_(message: str) -> str:
    """Marks a message for extraction; WTForms asks for its translation itself."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    return singular, plural


MESSAGES = (
    N_("This field is required."), N_("Invalid input."), N_("Invalid email address."),
    N_("Invalid URL."), N_("Not a valid choice."), N_("Invalid Choice: could not coerce."),
    N_("Invalid choice(s): one or more data inputs could not be coerced."),
    N_("Not a valid integer value."), N_("Not a valid decimal value."), N_("Not a valid float value."),
    N_("Not a valid datetime value."), N_("Not a valid date value."), N_("Not a valid time value."),
    N_("Number must be at least %(min)s."), N_("Number must be at most %(max)s."),
    N_("Number must be between %(min)s and %(max)s."),
    N_("Field must be between %(min)d and %(max)d characters long."),
    N_("Invalid value, must be one of: %(values)s."),
    N_plural("Field must be at least %(min)d character long.",
             "Field must be at least %(min)d characters long."),
    N_plural("Field cannot be longer than %(max)d character.",
             "Field cannot be longer than %(max)d characters."),
    N_plural("'%(value)s' is not a valid choice for this field.",
             "'%(value)s' are not valid choices for this field."),
)


class CatalogueTranslations:
    """What WTForms calls for its messages: Agora's catalogue in the request's language."""

    def ugettext(self, string: str) -> str:
        return get_translations().ugettext(string)  # WTForms fills the placeholders itself

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return get_translations().ungettext(singular, plural, n)


def init_app(app: Flask) -> None:
    @app.before_request
    def _wtforms_reads_our_catalogue() -> None:
        request.wtforms_translations = CatalogueTranslations()
