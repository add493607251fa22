"""Publishing the council's outcome: funded or not per project, with reasons where it departs."""
from __future__ import annotations

from babel.lists import format_list
from flask import url_for
from flask_babel import get_locale, gettext as _
from sqlalchemy import select

from deliberation.i18n.locales import writing_language
from deliberation import audit
from deliberation.budgeting.processes import advance_phase
from deliberation.budgeting.proposals import ballot_projects
from deliberation.errors import PolicyError
from deliberation.notifications.services import followers
from deliberation.notifications.languages import notify_each
from models import Delivery, Outcome, OutcomeDecision, Participation, Phase, Process, User, db


def vote_funded(process: Process) -> set[int]:
    """Projects the vote funded, as the tally computed them."""
    return set(process.result.selected) if process.result else set()


def publish_outcome(councillor: User, process: Process, decisions: dict[int, tuple[bool, str]],
                    summary: str) -> Outcome:
    """Record the council's decision on every project and start tracking the funded ones."""
    if process.phase is not Phase.RESULTS or process.result is None:
        raise PolicyError(_("An outcome can be published once the vote has been counted, and only once."))
    voted = vote_funded(process)
    projects = ballot_projects(process)
    missing = [p.title for p in projects if p.id not in decisions]
    if missing:
        raise PolicyError(_("Decide on every project; missing: %(projects)s.",
                            projects=format_list(missing, locale=get_locale())))
    for p in projects:
        funded, reason = decisions[p.id]
        if funded != (p.id in voted) and not reason.strip():
            refusal = (_("You chose to fund “%(title)s”, which departs from the vote: give the council's reason.",
                         title=p.title) if funded else
                       _("You chose to not fund “%(title)s”, which departs from the vote: give the council's reason.",
                         title=p.title))
            raise PolicyError(refusal, field=f"rationale-{p.id}")
    outcome = Outcome(process=process, summary=summary.strip(), published_by_id=councillor.id,
                      language=writing_language())
    for p in projects:
        funded, reason = decisions[p.id]
        outcome.decisions.append(OutcomeDecision(proposal_id=p.id, voted_funded=p.id in voted,
                                                 funded=funded, rationale=reason.strip()))
        if funded:
            db.session.add(Delivery(proposal_id=p.id, allocation=p.cost,
                                    neighbourhood_id=process.neighbourhood_id
                                    or (p.author.neighbourhood_id if p.author else None)))
    db.session.add(outcome)
    db.session.flush()
    changed = sum(d.deviates for d in outcome.decisions)
    audit.record(councillor, "outcome.publish", process,
                 f"Published the outcome of “{process.title}”"
                 + (f" ({changed} decision(s) depart from the vote)" if changed else ""),
                 neighbourhood_id=process.neighbourhood_id, public=True, detail={"departing": changed})
    advance_phase(councillor, process, Phase.IMPLEMENTATION)
    voters = set(db.session.scalars(select(Participation.user_id).where(
        Participation.process_id == process.id)))
    notify_each(voters | followers("process", process.id), "outcome",
                lambda: _("The council published the outcome of “%(title)s”.", title=process.title),
                url_for("outcomes.outcome", process_id=process.id))
    return outcome


def outcome_of(process: Process) -> Outcome | None:
    return db.session.scalar(select(Outcome).where(Outcome.process_id == process.id))
