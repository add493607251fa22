"""Admin pages for processes: create, edit before the vote, move phases, import, export."""
from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from deliberation.budgeting import exchange
from deliberation.budgeting import processes as services
from deliberation.budgeting.forms import ConfirmForm, ImportForm, ProcessForm
from deliberation.budgeting.routes import bp
from deliberation.budgeting.routes.common import load_process
from deliberation.errors import PolicyError
from deliberation.exports import download
from deliberation.extensions import db
from deliberation.forms import render_form, select_choices, submit
from deliberation.neighbourhoods.services import neighbourhood_choices
from deliberation.permissions import admin_required
from models import BallotKind, Neighbourhood, Phase, TallyRule
from models.budgeting import PHASE_TRANSITIONS


def _form(process=None) -> ProcessForm:
    form = ProcessForm(obj=process)
    form.neighbourhood.choices = select_choices([(0, _("All neighbourhoods"))] + neighbourhood_choices())
    if process is not None and not form.is_submitted():
        form.neighbourhood.data = process.neighbourhood_id or 0
        form.ballot_kind.data = process.ballot_kind.value
        form.tally_rule.data = process.tally_rule.value
    return form


def _values(form: ProcessForm) -> dict:
    return {
        "title": form.title.data.strip(), "description": (form.description.data or "").strip(),
        "neighbourhood_id": form.neighbourhood.data or None, "budget": form.budget.data,
        "currency": form.currency.data.strip().upper(),
        "ballot_kind": BallotKind(form.ballot_kind.data), "tally_rule": TallyRule(form.tally_rule.data),
        "min_choices": form.min_choices.data or 0, "max_choices": form.max_choices.data,
        "total_points": form.total_points.data, "max_points_per_project": form.max_points_per_project.data,
        "min_spend_percent": form.min_spend_percent.data or 0, "score_threshold": form.score_threshold.data,
        "categories": "\n".join(c.strip() for c in form.categories.data.splitlines() if c.strip()),
        "proposals_open_at": form.proposals_open_at.data, "review_opens_at": form.review_opens_at.data,
        "voting_opens_at": form.voting_opens_at.data, "voting_closes_at": form.voting_closes_at.data,
    }


@bp.route("/admin/processes/new", methods=["GET", "POST"])
@admin_required
def new_process():
    form = _form()
    if form.validate_on_submit():
        ok, process = submit(form, lambda: services.create_process(current_user, _values(form)))
        if ok:
            flash(_("“%(process)s” is created as a draft.", process=process.title), "success")
            return redirect(url_for("budgeting.process", process_id=process.id))
    return render_form("budgeting/process_form.html", form, process=None)


@bp.route("/admin/processes/<int:process_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_process(process_id: int):
    process = load_process(process_id)
    form = _form(process)
    if form.validate_on_submit():
        ok, changed = submit(form, lambda: services.update_process(current_user, process,
                                                                   _values(form)))
        if ok:
            flash(_("Saved.") if changed else _("Nothing changed."), "success")
            return redirect(url_for("budgeting.process", process_id=process.id))
    return render_form("budgeting/process_form.html", form, process=process)


@bp.post("/admin/processes/<int:process_id>/phase")
@admin_required
def advance(process_id: int):
    process = load_process(process_id)
    if not ConfirmForm().validate_on_submit() or not PHASE_TRANSITIONS[process.phase]:
        abort(400)
    target = PHASE_TRANSITIONS[process.phase][0]
    try:
        services.advance_phase(current_user, process, target)
        db.session.commit()
        flash(_("“%(process)s” is now in the phase “%(phase)s”.", process=process.title, phase=target.label),
              "success")
    except PolicyError as error:
        db.session.rollback()
        flash(error.message, "error")
    return redirect(url_for("budgeting.process", process_id=process.id))


@bp.route("/admin/processes/import", methods=["GET", "POST"])
@admin_required
def import_process():
    form = ImportForm()
    form.neighbourhood.choices = select_choices([(0, _("All neighbourhoods"))] + neighbourhood_choices())

    def import_upload():
        upload = form.file.data
        if not upload or not getattr(upload, "filename", ""):
            raise PolicyError(_("Choose a .pb file to import."), field="file")
        area = db.session.get(Neighbourhood, form.neighbourhood.data) if form.neighbourhood.data else None
        return exchange.import_pb(current_user, upload.read(), upload.filename, area)

    if form.validate_on_submit():
        ok, process = submit(form, import_upload)
        if ok:
            flash(_("Imported “%(process)s”.", process=process.title), "success")
            return redirect(url_for("budgeting.process", process_id=process.id))
    return render_form("budgeting/import.html", form)


def _published(process_id: int):
    process = load_process(process_id)
    if process.phase not in (Phase.RESULTS, Phase.IMPLEMENTATION, Phase.ARCHIVED):
        abort(404)
    return process


@bp.get("/processes/<int:process_id>/export/projects.csv")
def export_projects(process_id: int):
    process = _published(process_id)
    return download(exchange.export_projects_csv(process), f"process-{process.id}-projects.csv", "text/csv")


@bp.get("/processes/<int:process_id>/export/ballots.csv")
def export_ballots(process_id: int):
    process = _published(process_id)
    return download(exchange.export_ballots_csv(process), f"process-{process.id}-ballots.csv", "text/csv")


@bp.get("/processes/<int:process_id>/export/election.pb")
def export_pb(process_id: int):
    process = _published(process_id)
    return download(exchange.export_pb(process), f"process-{process.id}.pb", "text/plain")
