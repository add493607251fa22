"""Public process pages: the list, one process, and its change log."""
from __future__ import annotations

from flask import render_template
from flask_login import current_user
from sqlalchemy import select

from deliberation import permissions
from deliberation.budgeting import processes as services
from deliberation.budgeting.changelog import describe
from deliberation.budgeting.proposals import ballot_projects
from deliberation.budgeting.routes import bp
from deliberation.budgeting.routes.common import RULE_EXPLANATIONS, load_process
from deliberation.budgeting.voting import participation
from deliberation.extensions import db
from models import AuditEntry, Outcome


@bp.get("/processes")
def process_list():
    area = current_user.neighbourhood_id if current_user.is_authenticated else None
    processes = services.processes_for(area, include_drafts=permissions.is_admin(current_user))
    moved = [services.refresh_phase(process) for process in processes]
    if any(moved):
        db.session.commit()  # one commit for every process whose dates have passed
    return render_template("budgeting/process_list.html", processes=processes)


@bp.get("/processes/<int:process_id>")
def process(process_id: int):
    process = load_process(process_id)
    entries = db.session.scalars(select(AuditEntry).where(
        AuditEntry.subject_type == "process", AuditEntry.subject_id == process.id,
        AuditEntry.action.in_(["process.create", "process.update", "process.phase"]))
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()).limit(100)).all()
    voted = participation(current_user, process) if current_user.is_authenticated else None
    outcome = db.session.scalar(select(Outcome).where(Outcome.process_id == process.id))
    changes = [describe(entry, process) for entry in entries]
    return render_template("budgeting/process.html", process=process, changes=changes, outcome=outcome,
                           rule_text=RULE_EXPLANATIONS[process.tally_rule.value],
                           projects=ballot_projects(process), voted=voted)
