"""Words for people that the web layer can translate, while this package stays free of Flask.

A Message is the English text (so the CLI, tests and logs read it as a plain str) that also keeps
its gettext template and values. The web layer translates it at render time with
`gettext(message.template, **values)` (deliberation/budgeting/messages.py). `N_` and `N_plural`
only mark templates for pybabel (the Makefile extracts with `-k N_ -k N_plural:1,2`).
Plural messages are chosen by their `num` value, as Flask-Babel's ngettext does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .outcome import count, money


def N_(template: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark a template for extraction; it is translated where it is shown."""
    return template


def N_plural(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802
    """Mark a singular/plural pair for extraction; `num` picks the form."""
    return singular, plural


@dataclass(frozen=True)
class Amount:
    """Money inside a message: the web layer writes it in the process's currency."""

    value: Any


class Message(str):
    """English text for people that remembers its gettext template and values."""

    template: str
    plural: str | None
    values: dict[str, Any]

    def __new__(cls, template: str | tuple[str, str], values: Mapping[str, Any] | None = None):
        singular, plural = template if isinstance(template, tuple) else (template, None)
        values = dict(values or {})
        if plural is not None and "num" not in values:
            raise ValueError("a plural message needs a 'num' value")
        chosen = plural if plural is not None and plural_count(values["num"]) != 1 else singular
        english = {key: _english(value) for key, value in values.items()}
        self = super().__new__(cls, chosen % english if values else chosen)
        self.template, self.plural, self.values = singular, plural, values
        return self

    def __reduce__(self):
        return Message, ((self.template, self.plural) if self.plural else self.template, self.values)


def plural_count(value: Any) -> int:
    """The whole number gettext picks a plural form by (fractions take the plural form)."""
    number = float(value)
    return int(number) if number.is_integer() else 2


def _english(value: Any) -> str:
    """A value as the English text writes it: grouped counts and amounts."""
    if isinstance(value, Amount):
        return money(value.value)
    if isinstance(value, str):
        return value
    return count(value)


def _plain(value: Any) -> Any:
    """A value JSON can store: numbers as int or float, nested messages and amounts as dicts."""
    if isinstance(value, Message):
        return to_json(value)
    if isinstance(value, Amount):
        return {"amount": _plain(value.value)}
    if isinstance(value, str):
        return str(value)
    exact = value if isinstance(value, Fraction) else Fraction(str(value))
    return int(exact) if exact.denominator == 1 else float(exact)


def to_json(message: str) -> Any:
    """What a stored result keeps: the template and values, or plain text for a plain str."""
    if not isinstance(message, Message):
        return str(message)
    stored = {"text": message.template, "values": {k: _plain(v) for k, v in message.values.items()}}
    if message.plural:
        stored["plural"] = message.plural
    return stored


def _revive(value: Any) -> Any:
    if isinstance(value, dict) and "text" in value:
        return from_json(value)
    if isinstance(value, dict) and "amount" in value:
        return Amount(value["amount"])
    return value


def from_json(stored: Any) -> str:
    """A stored message back as a Message (text stored before messages were kept stays text)."""
    if not isinstance(stored, dict):
        return "" if stored is None else str(stored)
    values = {k: _revive(v) for k, v in stored.get("values", {}).items()}
    template = (stored["text"], stored["plural"]) if stored.get("plural") else stored["text"]
    return Message(template, values)
