"""A neighbourhood's recent activity, worded for each reader from what its audit entries record.

The stored summary stays English: it is the audit record, written once. The page words each public
entry from its action, its detail and the subject's current name, in the reader's language; an
entry whose subject is gone, or whose action this module does not know, shows its summary.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _, ngettext

from deliberation import audit
from deliberation.budgeting import changelog
from deliberation.i18n.formatting import format_number
from models import (AuditEntry, Debate, Delivery, DeliveryStatus, LocalService, Neighbourhood,
                    Process, Proposal, Survey, SurveyStatus, db)

SUBJECTS = {"proposal": Proposal, "process": Process, "debate": Debate, "survey": Survey,
            "localservice": LocalService, "delivery": Delivery, "neighbourhood": Neighbourhood}


@dataclass
class Happening:
    entry: AuditEntry
    text: str


def recent(neighbourhood_id: int, limit: int = 10) -> list[Happening]:
    """What happened lately in a neighbourhood, newest first, in the reader's language."""
    return [Happening(entry, describe(entry)) for entry in audit.public_activity(neighbourhood_id, limit)]


def describe(entry: AuditEntry) -> str:
    """One entry as a sentence for the reader (its stored summary when it cannot be worded)."""
    model = SUBJECTS.get(entry.subject_type)
    subject = db.session.get(model, entry.subject_id) if model and entry.subject_id else None
    if subject is None:
        return entry.summary
    if isinstance(subject, Process):
        return _process(entry, subject)
    words = WORDS.get(entry.action)
    return words(entry, subject) if words else entry.summary


def _process(entry: AuditEntry, process: Process) -> str:
    detail = entry.detail or {}
    if entry.action == "process.import":
        return _("Imported “%(title)s” with its projects and ballots", title=process.title)
    if entry.action == "outcome.publish":
        departing = detail.get("departing")
        if departing:
            return ngettext("Published the outcome of “%(title)s” (%(num)s decision departs from the vote)",
                            "Published the outcome of “%(title)s” (%(num)s decisions depart from the vote)",
                            departing, title=process.title, num=format_number(departing))
        return _("Published the outcome of “%(title)s”", title=process.title)
    return changelog.describe(entry, process).summary


def _review(entry: AuditEntry, proposal: Proposal) -> str:
    if (entry.detail or {}).get("status") == "feasible":
        return _("Found “%(title)s” feasible", title=proposal.title)
    return _("Found “%(title)s” not feasible", title=proposal.title)


def _survey(entry: AuditEntry, survey: Survey) -> str:
    after = ((entry.detail or {}).get("status") or [None, None])[1]
    if after == SurveyStatus.OPEN.value:
        return _("The survey “%(title)s” is open", title=survey.title)
    if after == SurveyStatus.CLOSED.value:
        return _("The survey “%(title)s” closed", title=survey.title)
    return entry.summary


def _progress(entry: AuditEntry, delivery: Delivery) -> str:
    detail = entry.detail or {}
    title = delivery.proposal.title
    try:
        status = DeliveryStatus(detail["status"]).label
    except (KeyError, ValueError):
        return _("Progress update on “%(title)s”", title=title)
    return _("Update on “%(title)s”: %(status)s, %(progress)s%% done", title=title, status=status,
             progress=format_number(detail.get("progress", 0)))


def _debate_closed(entry: AuditEntry, debate: Debate) -> str:
    if entry.actor_id is None:
        return _("The debate “%(title)s” closed at its end time", title=debate.title)
    return _("Closed the debate “%(title)s”", title=debate.title)


def _neighbourhood_updated(entry: AuditEntry, area: Neighbourhood) -> str:
    before = (entry.detail or {}).get("before") or {}
    if before.get("name") and before["name"] != area.name:
        return _("Renamed %(before)s to %(after)s", before=before["name"], after=area.name)
    return _("Updated the description of %(name)s", name=area.name)


WORDS = {
    "proposal.submit": lambda e, p: _("Proposed “%(title)s”", title=p.title),
    "proposal.withdraw": lambda e, p: _("Withdrew “%(title)s”", title=p.title),
    "proposal.review": _review,
    "debate.create": lambda e, d: _("Started the debate “%(title)s”", title=d.title),
    "debate.open": lambda e, d: _("Opened the debate “%(title)s”", title=d.title),
    "debate.close": _debate_closed,
    "debate.conclude": lambda e, d: _("Published the conclusion of “%(title)s”", title=d.title),
    "debate.edit": lambda e, d: _("Edited the debate “%(title)s”", title=d.title),
    "opinions.start": lambda e, d: _("Started an opinion map in “%(title)s”", title=d.title),
    "opinions.close": lambda e, d: _("Closed the opinion map of “%(title)s”", title=d.title),
    "opinions.report": lambda e, d: _("Attached the opinion map report to the conclusion of “%(title)s”",
                                      title=d.title),
    "survey.status": _survey,
    "service.create": lambda e, s: _("Registered the service “%(name)s”", name=s.name),
    "delivery.update": _progress,
    "delivery.community": lambda e, d: _("“%(title)s” will be delivered by %(group)s",
                                         title=d.proposal.title, group=d.lead_group or ""),
    "neighbourhood.create": lambda e, a: _("Created the neighbourhood %(name)s", name=a.name),
    "neighbourhood.update": _neighbourhood_updated,
}
