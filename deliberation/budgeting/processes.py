"""Process verbs: create, edit before the vote, and move through the phases."""
from __future__ import annotations

from datetime import datetime

from babel.lists import format_list
from flask import url_for
from flask_babel import get_locale, gettext as _, lazy_gettext as _l, ngettext
from sqlalchemy import func, select

from deliberation import audit
from deliberation.notifications.languages import notify_each
from deliberation.budgeting.results import compute_results
from deliberation.errors import PolicyError
from deliberation.i18n.formatting import format_number
from deliberation.notifications.services import followers
from models import (BallotKind, Outcome, Phase, Process, Proposal, ProposalStatus, TallyRule, User,
                    db, utcnow)
from models.budgeting import PHASE_TRANSITIONS

# Fields that decide how votes are counted: frozen once voting opens.
LOCKED_FIELDS = {
    "budget": _l("the budget"), "currency": _l("the currency"), "ballot_kind": _l("the ballot kind"),
    "min_choices": _l("the ballot limits"), "max_choices": _l("the ballot limits"),
    "total_points": _l("the ballot limits"), "max_points_per_project": _l("the ballot limits"),
    "min_spend_percent": _l("the ballot limits"), "tally_rule": _l("the tally rule"),
    "score_threshold": _l("the tally rule"), "neighbourhood_id": _l("who may vote"),
}
EDITABLE_FIELDS = ("title", "description", "categories", "proposals_open_at", "review_opens_at",
                   "voting_opens_at", "voting_closes_at") + tuple(LOCKED_FIELDS)


def _stored(value):
    """A setting as the change log keeps it: plain values the page formats for each reader."""
    if value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    return getattr(value, "value", str(value))


def check_settings(values: dict) -> None:
    """Refuse ballot settings that could never produce a valid ballot."""
    kind, max_choices = values.get("ballot_kind"), values.get("max_choices")
    if max_choices is not None and max_choices < (values.get("min_choices") or 0):
        raise PolicyError(_("The most projects a voter may choose cannot be below the fewest."),
                          field="max_choices")
    if kind is BallotKind.CUMULATIVE and not values.get("total_points"):
        raise PolicyError(_("A cumulative ballot needs the number of points each voter spreads."),
                          field="total_points")
    if kind is BallotKind.RANKED and not max_choices:
        raise PolicyError(_("A ranked ballot needs the number of projects a voter may rank."),
                          field="max_choices")
    if values.get("tally_rule") is TallyRule.GREEDY_THRESHOLD and not values.get("score_threshold"):
        raise PolicyError(_("Greedy with a minimum score needs that minimum score."),
                          field="score_threshold")
    dates = [values.get(k) for k in ("proposals_open_at", "review_opens_at", "voting_opens_at",
                                      "voting_closes_at")]
    known = [d for d in dates if d is not None]
    if known != sorted(known):
        raise PolicyError(_("Phase dates must follow each other: proposals, review, voting opens, "
                            "voting closes."), field="voting_closes_at")


def create_process(actor: User, values: dict) -> Process:
    """Create a process in draft, where everything may still change."""
    check_settings(values)
    process = Process(created_by_id=actor.id if actor else None,
                      **{k: v for k, v in values.items() if k in EDITABLE_FIELDS})
    db.session.add(process)
    db.session.flush()
    audit.record(actor, "process.create", process, f"Created the process “{process.title}”",
                 neighbourhood_id=process.neighbourhood_id, detail={"title": process.title},
                 public=True)
    return process


def update_process(actor: User, process: Process, values: dict) -> list[str]:
    """Apply changes, refusing locked ones once voting has opened; log before → after."""
    merged = {k: getattr(process, k) for k in EDITABLE_FIELDS} | values
    check_settings(merged)
    changes = {k: (getattr(process, k), v) for k, v in values.items()
               if k in EDITABLE_FIELDS and getattr(process, k) != v}
    if process.phase.locks_ballot:
        locked = sorted({str(LOCKED_FIELDS[k]) for k in changes if k in LOCKED_FIELDS})
        if locked:
            raise PolicyError(_("Voting has opened, so %(settings)s can no longer change: every "
                                "ballot must be counted under the rules it was cast under.",
                                settings=format_list(locked, locale=get_locale() or "en_GB")))
    for key, (_old, new) in changes.items():
        setattr(process, key, new)
    if changes:
        detail = {k: [_stored(old), _stored(new)] for k, (old, new) in changes.items()}
        audit.record(actor, "process.update", process, f"Changed {', '.join(sorted(detail))}",
                     neighbourhood_id=process.neighbourhood_id, detail=detail, public=True)
    return sorted(changes)


def feasible_count(process: Process) -> int:
    return db.session.scalar(select(func.count(Proposal.id)).where(
        Proposal.process_id == process.id, Proposal.status == ProposalStatus.FEASIBLE)) or 0


def advance_phase(actor: User | None, process: Process, target: Phase) -> None:
    """Move one step forward; the refusal says why when a step is not allowed."""
    if target not in PHASE_TRANSITIONS[process.phase]:
        raise PolicyError(_("A process in “%(phase)s” cannot move to “%(target)s”.",
                            phase=process.phase.label, target=target.label))
    if target is Phase.VOTING and feasible_count(process) == 0:
        raise PolicyError(_("Voting cannot open: no proposal has been marked feasible yet."))
    if target is Phase.VOTING and process.phase is Phase.REVIEW:
        pending = db.session.scalar(select(func.count(Proposal.id)).where(
            Proposal.process_id == process.id, Proposal.status == ProposalStatus.SUBMITTED))
        if pending:
            raise PolicyError(ngettext("Voting cannot open: %(num)s proposal still awaits review.",
                                       "Voting cannot open: %(num)s proposals still await review.",
                                       pending, num=format_number(pending)))
    if target is Phase.IMPLEMENTATION and db.session.scalar(
            select(Outcome.id).where(Outcome.process_id == process.id)) is None:
        raise PolicyError(_("Implementation starts when a councillor publishes the outcome."))
    before = process.phase
    process.phase = target
    if target is Phase.RESULTS:
        compute_results(process)
    who = "automatically, on its date" if actor is None else None
    audit.record(actor, "process.phase", process,
                 f"“{process.title}” moved from {before.label} to {target.label}"
                 + (f" ({who})" if who else ""),
                 neighbourhood_id=process.neighbourhood_id,
                 detail={"phase": [before.value, target.value], "title": process.title}, public=True)
    if target in (Phase.PROPOSALS, Phase.VOTING, Phase.RESULTS):
        audience = followers("process", process.id)
        if process.neighbourhood_id:
            audience |= followers("neighbourhood", process.neighbourhood_id)
        notify_each(audience, "process",
                    lambda: _("“%(title)s” is now: %(phase)s.", title=process.title, phase=target.label),
                    url_for("budgeting.process", process_id=process.id))


def _due(process: Process, now: datetime) -> Phase | None:
    """The next phase whose date has come, if any."""
    dates = {Phase.DRAFT: process.proposals_open_at, Phase.PROPOSALS: process.review_opens_at,
             Phase.REVIEW: process.voting_opens_at, Phase.VOTING: process.voting_closes_at}
    when = dates.get(process.phase)
    if when is None or when > now:
        return None
    return PHASE_TRANSITIONS[process.phase][0]


def refresh_phase(process: Process, now: datetime | None = None) -> bool:
    """Advance a process whose phase dates have passed; stop where a guard says no."""
    now, moved = now or utcnow(), False
    while (target := _due(process, now)) is not None:
        try:
            advance_phase(None, process, target)
        except PolicyError:
            break
        moved = True
    return moved


def processes_for(neighbourhood_id: int | None, include_drafts: bool = False) -> list[Process]:
    """Processes that concern a neighbourhood (its own and city-wide ones), newest first."""
    query = select(Process).order_by(Process.created_at.desc(), Process.id.desc())
    if neighbourhood_id is not None:
        query = query.where((Process.neighbourhood_id == neighbourhood_id)
                            | Process.neighbourhood_id.is_(None))
    if not include_drafts:
        query = query.where(Process.phase != Phase.DRAFT)
    return list(db.session.scalars(query))
