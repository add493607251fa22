"""The council's outcome: the form councillors publish, and the public page."""
from __future__ import annotations
from flask_babel import gettext as _

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from deliberation import permissions
from deliberation.budgeting.proposals import ballot_projects
from deliberation.budgeting.routes.common import load_process
from deliberation.errors import PolicyError
from deliberation.extensions import db
from deliberation.outcomes import services
from deliberation.outcomes.forms import PublishForm
from deliberation.outcomes.routes import bp


def _decisions(projects) -> dict[int, tuple[bool, str]]:
    return {p.id: (request.form.get(f"decision-{p.id}") == "fund",
                   request.form.get(f"rationale-{p.id}", "")[:3000]) for p in projects}


@bp.route("/processes/<int:process_id>/outcome/publish", methods=["GET", "POST"])
@login_required
def publish(process_id: int):
    process = load_process(process_id)
    permissions.require(permissions.can_publish_outcome(current_user))
    if process.result is None or services.outcome_of(process) is not None:
        abort(404)
    projects, voted = ballot_projects(process), services.vote_funded(process)
    form, error = PublishForm(), None
    decisions = {p.id: (p.id in voted, "") for p in projects}
    if form.validate_on_submit():
        decisions = _decisions(projects)
        try:
            services.publish_outcome(current_user, process, decisions, form.summary.data or "")
            db.session.commit()
        except PolicyError as refusal:
            db.session.rollback()
            error = refusal
        else:
            flash(_("The outcome is published and funded projects are now tracked."), "success")
            return redirect(url_for("outcomes.outcome", process_id=process.id))
    return render_template("outcomes/publish.html", process=process, form=form, projects=projects,
                           voted=voted, decisions=decisions, error=error), 400 if error else 200


@bp.get("/processes/<int:process_id>/outcome")
def outcome(process_id: int):
    process = load_process(process_id)
    published = services.outcome_of(process) or abort(404)
    return render_template("outcomes/outcome.html", process=process, outcome=published)
