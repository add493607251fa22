"""Dates, counts and amounts as the reader's language writes them (Babel, never hand-made formats)."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone
from functools import lru_cache

from babel import Locale, numbers
from babel.dates import format_skeleton
from flask_babel import get_locale, ngettext


def _locale() -> Locale:
    return get_locale() or Locale.parse("en_GB")


def format_datetime(value: datetime | None) -> str:
    """A date and time without seconds, in UTC, in the reader's language."""
    if not value:
        return ""
    locale = _locale()
    day = format_skeleton("yMMMd", value, tzinfo=timezone.utc, locale=locale)
    time = format_skeleton("Hm", value, tzinfo=timezone.utc, locale=locale)
    return locale.datetime_formats["medium"].format(time, day) + " UTC"


def format_date(value: date | datetime | None) -> str:
    """A day, written the reader's way (milestones, due dates)."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(timezone.utc).date()
    return format_skeleton("yMMMd", value, locale=_locale())


def format_number(value, places: int | None = None) -> str:
    """Counts (or averages, with fixed decimal places) with the reader's digit grouping."""
    if value is None:
        return ""
    pattern = "#,##0." + "0" * places if places else None
    return numbers.format_decimal(value, format=pattern, locale=_locale())


@lru_cache(maxsize=64)
def _whole_currency_pattern(locale: Locale) -> str:
    """The locale's currency pattern without its decimals: funds are whole amounts."""
    return re.sub(r"\.0+", "", locale.currency_formats["standard"].pattern)


def format_money(value, currency: str = "") -> str:
    """Whole amounts in the process's currency, placed and grouped as the reader's language does."""
    if value is None:
        return ""
    locale = _locale()
    if not currency:
        return numbers.format_decimal(round(value), locale=locale)
    return numbers.format_currency(round(value), currency, _whole_currency_pattern(locale),
                                   locale=locale, currency_digits=False)


def format_duration(minutes: int) -> str:
    """A countdown people read at a glance: minutes, then hours, then days."""
    if minutes < 120:
        return ngettext("%(num)d minute", "%(num)d minutes", minutes)
    if minutes < 48 * 60:
        return ngettext("%(num)d hour", "%(num)d hours", minutes // 60)
    return ngettext("%(num)d day", "%(num)d days", minutes // (24 * 60))
