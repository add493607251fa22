"""The JavaScript's own strings, translated from the same gettext catalogues as the pages.

pybabel extracts `gettext("…")` and `ngettext("…", "…", n)` calls from static/js (babel.cfg); each
page embeds the translations of exactly those messages as JSON, and static/js/i18n.js reads them.
Plurals are keyed by CLDR category (one, few, many, other…), which the browser's Intl.PluralRules
picks for a count, so Polish and Arabic get their several forms without any plural code of our own.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.messages.extract import extract_from_file
from flask_babel import get_locale, get_translations

JS_DIR = Path(__file__).resolve().parents[2] / "static" / "js"
LIVE_MESSAGES = Path(__file__).resolve().parents[1] / "live_messages.py"
KEYWORDS = {"gettext": None, "ngettext": (1, 2)}


@lru_cache(maxsize=1)
def js_messages() -> tuple[tuple[str, ...], ...]:
    """Every message the scripts ask for: 1-tuples for gettext, pairs for ngettext."""
    found: set[tuple[str, ...]] = set()
    sources = [("javascript", path, KEYWORDS) for path in sorted(JS_DIR.glob("*.js"))]
    sources.append(("python", LIVE_MESSAGES, {"N_": None}))  # what live events say
    for method, path, keywords in sources:
        for _line, message, _comments, _context in extract_from_file(
                method, str(path), keywords=keywords):
            found.add(message if isinstance(message, tuple) else (message,))
    return tuple(sorted(found))


@lru_cache(maxsize=32)
def _samples(locale: Locale) -> dict[str, int]:
    """A count in each of the locale's plural categories, to ask gettext for that form."""
    rule, samples = locale.plural_form, {}
    for n in range(0, 1000):
        samples.setdefault(rule(n), n)
    return samples


def catalogue() -> dict:
    """This request's language: plain messages, and plural messages by category."""
    translations, locale = get_translations(), get_locale() or Locale.parse("en_GB")
    messages, plurals = {}, {}
    for message in js_messages():
        if len(message) == 1:
            messages[message[0]] = translations.ugettext(message[0])
        else:
            singular, plural = message
            plurals[singular] = {category: translations.ungettext(singular, plural, n)
                                 for category, n in _samples(locale).items()}
    return {"locale": str(locale).replace("_", "-"), "messages": messages, "plurals": plurals}
