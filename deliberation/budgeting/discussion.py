"""Each proposal has a discussion thread, open while the proposal can still change minds."""
from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from deliberation.threads import owners
from deliberation.threads.services import thread_for
from models import Phase, Proposal, ProposalStatus, Thread, db

OPEN_PHASES = (Phase.PROPOSALS, Phase.REVIEW, Phase.VOTING)


def _area(proposal: Proposal) -> int | None:
    """City-wide processes discuss a proposal among its author's neighbours."""
    if proposal.process.neighbourhood_id:
        return proposal.process.neighbourhood_id
    return proposal.author.neighbourhood_id if proposal.author else None


def describe_proposal(proposal_id: int) -> owners.ThreadSubject | None:
    """How a proposal appears to its thread."""
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or _area(proposal) is None:
        return None
    process = proposal.process
    if proposal.status is ProposalStatus.WITHDRAWN:
        reason = _("The author withdrew this proposal.")
    elif process.phase not in OPEN_PHASES:
        reason = _("Discussion closed when voting ended.")
    else:
        reason = ""
    return owners.ThreadSubject(title=proposal.title, url=url_for("budgeting.proposal", proposal_id=proposal.id),
                                neighbourhood_id=_area(proposal), is_open=not reason, closed_reason=reason,
                                staff_only=process.phase is Phase.DRAFT)


def proposal_thread(proposal: Proposal) -> Thread | None:
    """The proposal's thread (created on first view), or None where it has no neighbourhood."""
    area = _area(proposal)
    return thread_for("proposal", proposal.id, area) if area is not None else None


owners.register("proposal", describe_proposal)
