"""The seam where a self-hosted machine translation service could plug in (none by default).

Agora makes no network calls at run time, so it ships no translator. A deployment that runs one
(for example LibreTranslate on the same machine) registers an object with a `suggest` method:

    app.extensions["agora.machine_translator"] = MyTranslator()

Suggestions only pre-fill empty boxes on the translation form, marked as machine suggestions; a
person still reads, corrects and saves them, so nothing machine-made is published unreviewed.
"""
from __future__ import annotations

from typing import Protocol

from flask import current_app


class MachineTranslator(Protocol):
    def suggest(self, text: str, source: str, target: str) -> str | None:
        """A draft translation of `text` from language `source` into `target`, or None."""


class NoMachineTranslator:
    """The default: no suggestions."""

    def suggest(self, text: str, source: str, target: str) -> str | None:
        return None


def translator() -> MachineTranslator:
    return current_app.extensions.get("agora.machine_translator") or NoMachineTranslator()


def suggestions(originals: dict[str, str], source: str, target: str) -> dict[str, str]:
    """Drafts for each non-empty original, by form key; empty when no translator is installed."""
    engine = translator()
    drafts = {}
    for key, text in originals.items():
        draft = engine.suggest(text, source, target) if text.strip() else None
        if draft:
            drafts[key] = draft
    return drafts
