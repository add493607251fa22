"""A process's public change log, written for each reader from what the audit entry records.

The entry's stored summary stays English (the audit record); the page words it from the action
and its detail, so the log reads in the reader's language. Entries from before the detail said
enough are shown by their summary.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from babel.lists import format_list
from flask_babel import get_locale, gettext as _, lazy_gettext as _l

from deliberation.i18n.formatting import format_datetime, format_money, format_number
from models import AuditEntry, BallotKind, Neighbourhood, Phase, Process, TallyRule, db

FIELD_LABELS = {
    "title": _l("Title"), "description": _l("Description"), "categories": _l("Categories"),
    "proposals_open_at": _l("Proposals open"), "review_opens_at": _l("Review starts"),
    "voting_opens_at": _l("Voting opens"), "voting_closes_at": _l("Voting closes"),
    "budget": _l("Budget"), "currency": _l("Currency"), "ballot_kind": _l("Ballot kind"),
    "min_choices": _l("Fewest projects a voter must choose"),
    "max_choices": _l("Most projects a voter may choose"),
    "total_points": _l("Points each voter spreads"),
    "max_points_per_project": _l("Most points on one project"),
    "min_spend_percent": _l("Share of the budget a knapsack ballot must spend"),
    "tally_rule": _l("Tally rule"), "score_threshold": _l("Minimum score to be funded"),
    "neighbourhood_id": _l("Who may vote"),
}
ENUMS = {"ballot_kind": BallotKind, "tally_rule": TallyRule}
DATES = {"proposals_open_at", "review_opens_at", "voting_opens_at", "voting_closes_at"}


@dataclass
class Change:
    """One line of the log: what happened, and for edits each setting's before and after."""

    entry: AuditEntry
    summary: str
    settings: list[tuple[str, str, str]]


def describe(entry: AuditEntry, process: Process) -> Change:
    """The entry in the reader's language (its stored summary when its detail says too little)."""
    detail = entry.detail or {}
    summary, settings = entry.summary, []
    if entry.action == "process.create" and "title" in detail:
        summary = _("Created the process “%(title)s”", title=detail["title"])
    elif entry.action == "process.phase" and "phase" in detail:
        summary = _phase_summary(entry, detail)
    elif entry.action == "process.update" and detail:
        labels = [str(FIELD_LABELS.get(key, key)) for key in sorted(detail)]
        summary = _("Changed %(settings)s", settings=format_list(labels, locale=get_locale() or "en_GB"))
        settings = [(str(FIELD_LABELS.get(key, key)), _setting(key, pair[0], process),
                     _setting(key, pair[1], process)) for key, pair in detail.items()]
    return Change(entry, summary, settings)


def _phase_summary(entry: AuditEntry, detail: dict) -> str:
    before, after = (_phase_label(value) for value in detail["phase"])
    title = detail.get("title")
    if title is None:
        return entry.summary
    if entry.actor_id is None:
        return _("“%(title)s” moved from %(before)s to %(after)s (automatically, on its date)",
                 title=title, before=before, after=after)
    return _("“%(title)s” moved from %(before)s to %(after)s", title=title, before=before,
             after=after)


def _phase_label(value: str) -> str:
    try:
        return str(Phase(value).label)
    except ValueError:
        return value


def _setting(key: str, value, process: Process) -> str:
    """A before or after value, formatted for the reader (older entries kept preformatted text)."""
    if key == "neighbourhood_id":
        area = db.session.get(Neighbourhood, int(value)) if str(value).isdigit() else None
        return area.name if area else _("All neighbourhoods")
    if value is None:
        return "—"
    if key in ENUMS:
        try:
            return str(ENUMS[key](value).label)
        except ValueError:
            return str(value)
    if key in DATES:
        try:
            return format_datetime(datetime.fromisoformat(value))
        except (TypeError, ValueError):
            return str(value)
    if key == "budget" and isinstance(value, int):
        return format_money(value, process.currency)
    if isinstance(value, int) and not isinstance(value, bool):
        return format_number(value)
    return str(value)
