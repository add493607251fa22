"""The languages Agora ships, and how a request's language is chosen."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, request
from flask_babel import force_locale
from flask_login import current_user

COOKIE = "agora_lang"
DEFAULT = "en"


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in the language itself, so a reader finds their own
    rtl: bool = False
    region: str = ""  # whose conventions dates and numbers follow (British English, not American)
    # Every message translated and reviewed; until then, untranslated messages show in English
    # and tests/i18n/test_catalogues.py checks only that what is translated is well formed.
    complete: bool = False

    @property
    def babel_code(self) -> str:
        return f"{self.code}_{self.region}" if self.region else self.code

    @property
    def html_code(self) -> str:
        return f"{self.code}-{self.region}" if self.region else self.code


LANGUAGES: dict[str, Language] = {language.code: language for language in (
    Language("en", "English", region="GB", complete=True),
    Language("pl", "Polski", complete=True),
    Language("ro", "Română", complete=True),
    Language("ur", "اردو", rtl=True, complete=True),
    Language("bn", "বাংলা", complete=True),
    Language("ar", "العربية", rtl=True, complete=True),
    Language("es", "Español", complete=True),
)}


def available() -> list[str]:
    """Shipped languages, plus the test-only pseudo-locale when the app enables it."""
    extra = current_app.config.get("EXTRA_LOCALES", ())
    return [*LANGUAGES, *extra]


def is_supported(code: str | None) -> bool:
    return bool(code) and code in available()


def select_locale() -> str:
    """Flask-Babel's locale selector: the chosen language, with its region's conventions."""
    code = chosen_language()
    language = LANGUAGES.get(code)
    return language.babel_code if language else code


def chosen_language() -> str:
    """The person's saved choice, then the cookie, then what the browser asks for."""
    if current_user and getattr(current_user, "is_authenticated", False):
        if is_supported(current_user.locale):
            return current_user.locale
    if request:
        chosen = request.cookies.get(COOKIE)
        if is_supported(chosen):
            return chosen
        return request.accept_languages.best_match(list(LANGUAGES), default=DEFAULT)
    return DEFAULT


def direction(code: str) -> str:
    """Right-to-left scripts (Urdu, Arabic) mirror the layout."""
    language = LANGUAGES.get(code)
    return "rtl" if language and language.rtl else "ltr"


def language_name(code: str | None) -> str:
    """A language's own name for the "translated from" note; the code when unknown."""
    language = LANGUAGES.get(code or "")
    return language.name if language else (code or "")


def babel_locale_for(person) -> str:
    """The Babel locale of the language a person saved; British English when none is saved."""
    code = getattr(person, "locale", None)
    language = LANGUAGES.get(code or "")
    if language is not None:
        return language.babel_code
    return code if is_supported(code) else LANGUAGES[DEFAULT].babel_code


def in_language_of(person):
    """Write mail or a notice for one person in their own language: `with in_language_of(user):`."""
    return force_locale(babel_locale_for(person))


def writing_language() -> str:
    """The language new content is taken to be written in: the page's (authors can correct it)."""
    code = chosen_language()
    return code if code in LANGUAGES else DEFAULT
