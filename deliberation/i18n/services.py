"""Choosing a language: saved on the account when signed in (and in a cookie for every visitor)."""
from __future__ import annotations

from deliberation.errors import PolicyError
from deliberation.i18n.locales import is_supported
from flask_babel import gettext as _
from models import User


def choose_language(person: User | None, code: str) -> str:
    """Check the language exists and remember it on the account, if there is one."""
    if not is_supported(code):
        raise PolicyError(_("That language is not available."), field="locale")
    if person is not None and person.is_authenticated and person.locale != code:
        person.locale = code
    return code
