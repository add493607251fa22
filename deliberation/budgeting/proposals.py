"""Proposal verbs: submit, edit, withdraw, and review for feasibility."""
from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from deliberation.i18n.locales import writing_language
from deliberation import audit
from deliberation.notifications.languages import in_language_of
from deliberation.errors import PolicyError
from deliberation.mail import send_mail
from deliberation.notifications.services import notify
from models import Phase, Process, Proposal, ProposalStatus, User, db, utcnow

FIELDS = ("title", "description", "estimated_cost", "category", "location", "latitude", "longitude")
SORTS = {
    "newest": Proposal.created_at.desc(),
    "oldest": Proposal.created_at.asc(),
    "cost_low": Proposal.estimated_cost.asc(),
    "cost_high": Proposal.estimated_cost.desc(),
    "title": Proposal.title.asc(),
}
# Refusals when the process is in another phase, one whole sentence per action.
WRONG_PHASE = {
    "submit": _l("You can submit proposals only while the process is “%(phase)s”; it is now "
                 "“%(now)s”."),
    "edit": _l("You can edit proposals only while the process is “%(phase)s”; it is now “%(now)s”."),
    "withdraw": _l("You can withdraw proposals only while the process is “%(phase)s”; it is now "
                   "“%(now)s”."),
    "review": _l("You can review proposals only while the process is “%(phase)s”; it is now "
                 "“%(now)s”."),
}


def _require_phase(process: Process, phase: Phase, action: str) -> None:
    if process.phase is not phase:
        raise PolicyError(str(WRONG_PHASE[action]) % {"phase": phase.label, "now": process.phase.label})


def _check_category(process: Process, category: str) -> None:
    if category not in process.category_list:
        raise PolicyError(_("Choose one of the listed categories."), field="category")


def submit_proposal(author: User, process: Process, values: dict, image_name: str | None = None,
                    submission_key: str | None = None) -> Proposal:
    """Add a proposal; a form sent twice (same key) gives back the first proposal."""
    _require_phase(process, Phase.PROPOSALS, "submit")
    _check_category(process, values["category"])
    if submission_key:
        existing = db.session.scalar(select(Proposal).where(Proposal.submission_key == submission_key))
        if existing is not None and existing.author_id == author.id:
            return existing
    proposal = Proposal(process_id=process.id, author_id=author.id, image_name=image_name,
                        submission_key=submission_key, language=writing_language(),
                        **{k: values[k] for k in FIELDS})
    db.session.add(proposal)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        existing = db.session.scalar(select(Proposal).where(Proposal.submission_key == submission_key))
        if existing is None:
            raise
        return existing
    audit.record(author, "proposal.submit", proposal, f"Proposed “{proposal.title}”",
                 neighbourhood_id=process.neighbourhood_id, public=True)
    return proposal


def edit_proposal(author: User, proposal: Proposal, values: dict, image_name: str | None = None) -> None:
    """Authors edit their own proposals while proposals are being collected."""
    if proposal.author_id != author.id:
        raise PolicyError(_("Only the author can edit this proposal."), status=403)
    _require_phase(proposal.process, Phase.PROPOSALS, "edit")
    if proposal.status is ProposalStatus.WITHDRAWN:
        raise PolicyError(_("This proposal was withdrawn."))
    _check_category(proposal.process, values["category"])
    for key in FIELDS:
        setattr(proposal, key, values[key])
    if image_name:
        proposal.image_name = image_name
    audit.record(author, "proposal.edit", proposal, f"Edited “{proposal.title}”",
                 neighbourhood_id=proposal.process.neighbourhood_id)


def withdraw_proposal(author: User, proposal: Proposal) -> None:
    """Authors may take a proposal back while proposals are being collected."""
    if proposal.author_id != author.id:
        raise PolicyError(_("Only the author can withdraw this proposal."), status=403)
    _require_phase(proposal.process, Phase.PROPOSALS, "withdraw")
    proposal.status = ProposalStatus.WITHDRAWN
    audit.record(author, "proposal.withdraw", proposal, f"Withdrew “{proposal.title}”",
                 neighbourhood_id=proposal.process.neighbourhood_id, public=True)


def review_proposal(reviewer: User, proposal: Proposal, feasible: bool, reason: str,
                    revised_cost: int | None) -> None:
    """Mark a proposal feasible or not, with a public reason; only feasible ones reach the ballot."""
    _require_phase(proposal.process, Phase.REVIEW, "review")
    if proposal.status is ProposalStatus.WITHDRAWN:
        raise PolicyError(_("This proposal was withdrawn by its author."))
    if not reason.strip():
        raise PolicyError(_("Give a reason; residents see it on the proposal."), field="reason")
    proposal.status = ProposalStatus.FEASIBLE if feasible else ProposalStatus.UNFEASIBLE
    proposal.review_reason = reason.strip()
    proposal.revised_cost = revised_cost if feasible else None
    proposal.reviewed_by_id, proposal.reviewed_at = reviewer.id, utcnow()
    verdict = "feasible" if feasible else "not feasible"
    audit.record(reviewer, "proposal.review", proposal, f"Found “{proposal.title}” {verdict}",
                 neighbourhood_id=proposal.process.neighbourhood_id,
                 detail={"status": proposal.status.value, "revised_cost": revised_cost}, public=True)
    if proposal.author is not None:
        with in_language_of(proposal.author):
            _notify_author(proposal, feasible)


def _notify_author(proposal: Proposal, feasible: bool) -> None:
    """Tell the author in the app and by mail; the review reason is public on the proposal too."""
    title, name = proposal.title, proposal.author.display_name
    if feasible:
        notice = _("Your proposal “%(title)s” was found feasible.", title=title)
        finding = _("Hello %(name)s,\n\nYour proposal was found feasible.", name=name)
    else:
        notice = _("Your proposal “%(title)s” was found not feasible.", title=title)
        finding = _("Hello %(name)s,\n\nYour proposal was found not feasible.", name=name)
    notify({proposal.author_id}, "proposal", notice,
           url_for("budgeting.proposal", proposal_id=proposal.id))
    link = url_for("budgeting.proposal", proposal_id=proposal.id, _external=True)
    send_mail(proposal.author.email, _("Your proposal “%(title)s” was reviewed", title=title),
              finding + "\n\n" + _("Reason: %(reason)s", reason=proposal.review_reason)
              + f"\n\n{link}\n")


def search_proposals(process: Process, text: str = "", category: str = "", status: str = "",
                     min_cost: int | None = None, max_cost: int | None = None, sort: str = "newest"):
    """A filtered, sorted query; the sort key comes from a fixed list, never from the request."""
    query = select(Proposal).where(Proposal.process_id == process.id)
    if text:
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped.lower()}%"
        query = query.where(db.func.lower(Proposal.title).like(pattern, escape="\\")
                            | db.func.lower(Proposal.description).like(pattern, escape="\\"))
    if category:
        query = query.where(Proposal.category == category)
    if status in {s.value for s in ProposalStatus}:
        query = query.where(Proposal.status == ProposalStatus(status))
    if min_cost is not None:
        query = query.where(Proposal.estimated_cost >= min_cost)
    if max_cost is not None:
        query = query.where(Proposal.estimated_cost <= max_cost)
    return query.order_by(SORTS.get(sort, SORTS["newest"]), Proposal.id)


def ballot_projects(process: Process) -> list[Proposal]:
    """The projects on the ballot: feasible proposals in a stable order."""
    return list(db.session.scalars(select(Proposal).where(
        Proposal.process_id == process.id, Proposal.status == ProposalStatus.FEASIBLE)
        .order_by(Proposal.id)))
