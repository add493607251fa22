"""Every shipped language translates every message the code asks for: nothing missing, empty or fuzzy."""
from __future__ import annotations

import io
import re

import pytest
from babel.messages.mofile import write_mo

from tests.i18n.catalogues import (SHIPPED, complete_languages, current_messages, placeholders,
                                   shipped_catalog)

SHOW = 15  # messages named in a failure, so the list stays readable


def _strings(message) -> tuple[str, ...]:
    return tuple(message.string) if isinstance(message.string, (list, tuple)) else (message.string,)


def _problems(lang: str, missing_too: bool = True) -> list[str]:
    catalog, problems = shipped_catalog(lang), []
    for wanted in current_messages():
        if not wanted.id:
            continue
        found = catalog.get(wanted.id, context=wanted.context)
        key = wanted.id if isinstance(wanted.id, str) else wanted.id[0]
        if found is None or not all(_strings(found)):
            if missing_too:
                problems.append(f"untranslated: {key!r}")
        elif found.fuzzy:
            problems.append(f"fuzzy: {key!r}")
        elif wanted.pluralizable and len(_strings(found)) != catalog.num_plurals:
            problems.append(f"needs {catalog.num_plurals} plural forms: {key!r}")
        else:
            sources = wanted.id if wanted.pluralizable else (wanted.id,)
            expected = set().union(*(placeholders(s) for s in sources))
            for text in _strings(found):
                # A plural form may leave out the count (Polish "jeden" for 1), never add a name.
                if not placeholders(text) <= expected or (
                        not wanted.pluralizable and placeholders(text) != expected):
                    problems.append(f"placeholders differ in {key!r}: {text!r}")
                    break
    return problems


@pytest.mark.parametrize("lang", complete_languages())
def test_a_complete_language_translates_every_message(lang):
    problems = _problems(lang)
    assert not problems, (f"{lang}: {len(problems)} problems, run `make translations` and translate: "
                          + "; ".join(problems[:SHOW]))


@pytest.mark.parametrize("lang", SHIPPED)
def test_what_is_translated_is_well_formed(lang):
    """Every language, complete or not: no fuzzy entry, placeholders kept, plural forms all there."""
    problems = _problems(lang, missing_too=False)
    catalog, wanted = shipped_catalog(lang), [m for m in current_messages() if m.id]
    done = sum(1 for m in wanted if (found := catalog.get(m.id, context=m.context)) is not None
               and all(_strings(found)) and not found.fuzzy)
    print(f"{lang}: {done} of {len(wanted)} messages translated")
    assert not problems, f"{lang}: " + "; ".join(problems[:SHOW])


@pytest.mark.parametrize("lang", SHIPPED)
def test_the_catalogue_compiles(lang):
    write_mo(io.BytesIO(), shipped_catalog(lang))


def test_the_check_finds_a_missing_message(monkeypatch):
    """The check can fail: a message the catalogue lacks is named."""
    catalog = current_messages()
    catalog.add("A sentence no translator has seen yet")
    try:
        assert "untranslated: 'A sentence no translator has seen yet'" in _problems("pl")
    finally:
        catalog.delete("A sentence no translator has seen yet")


def test_every_template_with_messages_is_extracted():
    """A template the extractor cannot parse is skipped without a word; its strings would never be translated."""
    from tests.i18n.catalogues import ROOT
    extracted = {path for message in current_messages() for path, _line in message.locations}
    asking = {str(path.relative_to(ROOT)) for path in (ROOT / "templates").rglob("*.html")
              if re.search(r"\b_\(|gettext\(|{%-? trans", path.read_text(encoding="utf-8"))}
    missed = sorted(path for path in asking if path not in extracted)
    assert not missed, f"pybabel extracted nothing from {missed}: fix babel.cfg or the template syntax"
