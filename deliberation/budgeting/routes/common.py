"""Lookups shared by the budgeting routes."""
from __future__ import annotations

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from deliberation import permissions
from deliberation.budgeting.processes import refresh_phase
from deliberation.extensions import db
from models import Process, Proposal

RULE_EXPLANATIONS = {
    "greedy": _l("Projects are funded in order of their votes, most first. When a project no longer "
                 "fits in the money left, it is skipped and the next one is tried, until nothing "
                 "fits."),
    "greedy-no-skip": _l("Projects are funded in order of their votes, most first. Funding stops "
                         "at the first project that does not fit in the money left."),
    "greedy-threshold": _l("Only projects that reach the minimum score can be funded. Among them, "
                           "projects are funded in order of their votes, skipping any that no "
                           "longer fit."),
    "equalshares/add1": _l("The Method of Equal Shares: the budget is split equally among voters, "
                           "and a project is funded when its supporters can pay for it together "
                           "from their shares. It stops large groups from taking the whole budget, "
                           "so smaller groups' projects get funded too. Unspent shares are raised "
                           "step by step until the budget is used as fully as possible."),
}


def load_process(process_id: int) -> Process:
    """Fetch a process the current person may see, bringing its phase up to date."""
    process = db.get_or_404(Process, process_id)
    if not permissions.can_view_process(current_user, process):
        abort(404)
    if refresh_phase(process):
        db.session.commit()
    return process


def load_proposal(proposal_id: int) -> Proposal:
    proposal = db.get_or_404(Proposal, proposal_id)
    load_process(proposal.process_id)
    return proposal


def optional_int(value: str | None) -> int | None:
    """Query-string numbers: anything that is not a whole number is ignored."""
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None
