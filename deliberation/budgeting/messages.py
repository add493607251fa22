"""Budgeting words that depend on values: the tallying package's explanations and ballot problems,
and the ranks of a ranked ballot, in the reader's language."""
from __future__ import annotations

from typing import Any

from babel import Locale, numbers
from flask_babel import get_locale, get_translations, gettext, lazy_gettext as _l

from deliberation.i18n.formatting import format_money, format_number
from deliberation.tallying.messages import Amount, Message, from_json, plural_count

# A ranked ballot's labels by CLDR ordinal category: English 1st, 2nd, 3rd, 4th, 11th, 21st…
# Languages with one ordinal form translate "%(num)sth choice" and use it for every rank.
CHOICE_ORDINALS = {"one": _l("%(num)sst choice"), "two": _l("%(num)snd choice"),
                   "few": _l("%(num)srd choice"), "other": _l("%(num)sth choice")}


def rank_labels(ranks: int) -> list[tuple[int, str]]:
    """(rank, label) for each rank a voter may fill, in the reader's language."""
    locale = get_locale() or Locale.parse("en_GB")
    return [(n, str(CHOICE_ORDINALS.get(locale.ordinal_form(n), CHOICE_ORDINALS["other"]))
             % {"num": format_number(n)}) for n in range(1, ranks + 1)]


def translate(message: Any, currency: str = "") -> str:
    """A Message through gettext, its amounts in the process's currency; plain text as it is."""
    if not isinstance(message, Message):
        return "" if message is None else str(message)
    values = {key: _value(value, currency) for key, value in message.values.items()}
    if message.plural:
        # Flask-Babel's ngettext would put the raw count in %(num)s; ours is already formatted.
        chosen = get_translations().ungettext(message.template, message.plural,
                                              plural_count(message.values["num"]))
        return chosen % values
    return gettext(message.template, **values)


def translate_stored(stored: Any, currency: str = "") -> str:
    """A message kept in a result's JSON (older results kept English text, shown as it is)."""
    return translate(from_json(stored), currency)


def _value(value: Any, currency: str) -> str:
    if isinstance(value, Message):
        return translate(value, currency)
    if isinstance(value, Amount):
        return _amount(value.value, currency)
    if isinstance(value, str):
        return value
    return format_number(_exact(value))


def _amount(value: Any, currency: str) -> str:
    """Whole amounts as every other amount on the page; shares of a cost keep their pence."""
    exact = _exact(value)
    if isinstance(exact, int):
        return format_money(exact, currency)
    locale = get_locale() or Locale.parse("en_GB")
    if not currency:
        return numbers.format_decimal(round(exact, 2), locale=locale)
    return numbers.format_currency(round(exact, 2), currency, locale=locale)


def _exact(value: Any) -> int | float:
    """Python numbers for Babel: whole values as int, others as float."""
    number = float(value)
    return int(number) if number.is_integer() else number
