"""Counts, dates and amounts read the way each language writes them (Babel, not our own formats)."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from flask_babel import force_locale

from deliberation.i18n import formatting
from deliberation.i18n.locales import LANGUAGES

NBSP = "\u00a0"
RLM = "\u200f"
WHEN = datetime(2026, 3, 7, 14, 5, tzinfo=timezone.utc)

# Written out by hand from each language's conventions (CLDR): day-month order, month names,
# digit grouping, where the currency goes.
EXPECTED = {
    "en": ("7 Mar 2026, 14:05 UTC", "7 Mar 2026", "£1,234,567", "1,234,567"),
    "pl": ("7 mar 2026, 14:05 UTC", "7 mar 2026", f"1{NBSP}234{NBSP}567{NBSP}GBP", f"1{NBSP}234{NBSP}567"),
    "ro": ("7 mar. 2026, 14:05 UTC", "7 mar. 2026", f"1.234.567{NBSP}GBP", "1.234.567"),
    "ur": ("7 مارچ، 2026 14:05 UTC", "7 مارچ، 2026", "£1,234,567", "1,234,567"),
    "bn": ("7 মার্চ, 2026 14:05 UTC", "7 মার্চ, 2026", "12,34,567£", "12,34,567"),
    "ar": ("7 مارس 2026، 14:05 UTC", "7 مارس 2026", f"{RLM}1,234,567{NBSP}UK£", "1,234,567"),
    "es": ("7 mar 2026, 14:05 UTC", "7 mar 2026", f"1.234.567{NBSP}GBP", "1.234.567"),
}


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_dates_numbers_and_money_in_each_language(app, code):
    with force_locale(LANGUAGES[code].babel_code):
        shown = (formatting.format_datetime(WHEN), formatting.format_date(date(2026, 3, 7)),
                 formatting.format_money(1_234_567, "GBP"), formatting.format_number(1_234_567))
    assert shown == EXPECTED[code]


def test_money_is_whole_and_empty_values_show_nothing(app):
    with force_locale("en_GB"):
        assert formatting.format_money(1499.6, "GBP") == "£1,500"
        assert formatting.format_money(None, "GBP") == ""
        assert formatting.format_datetime(None) == "" and formatting.format_date(None) == ""


@pytest.mark.parametrize("count, expected", [(1, "1 minuta"), (2, "2 minuty"), (5, "5 minut"),
                                             (22, "22 minuty"), (12, "12 minut")])
def test_polish_counts_take_their_three_forms(app, count, expected):
    """Polish: one, few (2-4 but not 12-14), many; from the shipped Polish catalogue."""
    with force_locale("pl"):
        assert formatting.format_duration(count) == expected


@pytest.mark.parametrize("count, expected", [(1, "1 minute"), (2, "2 minutes"), (90, "90 minutes"),
                                             (150, "2 hours"), (10078, "6 days")])
def test_english_countdowns(app, count, expected):
    with force_locale("en_GB"):
        assert formatting.format_duration(count) == expected
