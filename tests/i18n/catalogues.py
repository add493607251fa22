"""The current messages of the code, extracted as `make translations` does, for the i18n tests."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
SHIPPED = ("pl", "ro", "ur", "bn", "ar", "es")


def complete_languages() -> list[str]:
    """The shipped languages whose catalogues are declared complete in deliberation.i18n.locales."""
    from deliberation.i18n.locales import LANGUAGES
    return [code for code in SHIPPED if LANGUAGES[code].complete]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None,
            "N_": None, "lazy_ngettext": (1, 2), "N_plural": (1, 2), "pgettext": ((1, "c"), 2)}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")


@lru_cache(maxsize=1)
def current_messages() -> Catalog:
    """What the code asks for today (not what the committed .pot says)."""
    with open(ROOT / "babel.cfg") as config:
        method_map, options_map = parse_mapping_cfg(config)
    catalog = Catalog()
    for path, line, message, comments, context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        catalog.add(message, None, [(path, line)], auto_comments=comments, context=context)
    return catalog


def shipped_catalog(lang: str) -> Catalog:
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=lang)


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text or ""))
