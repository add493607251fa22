"""The home page, neighbourhood pages, their admin pages, and moving between them."""
from __future__ import annotations
from flask_babel import gettext as _

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from deliberation import audit, permissions
from deliberation.accounts.services import count_residents
from deliberation.budgeting.processes import processes_for
from deliberation.debates.services import debates_for
from deliberation.errors import PolicyError
from deliberation.extensions import db
from deliberation.forms import render_form, select_choices, submit
from deliberation.neighbourhoods import activity, forms, services
from deliberation.permissions import admin_required
from deliberation.surveys.services import open_surveys
from models import MoveRequest, Neighbourhood, Phase

OPEN_PHASES = (Phase.PROPOSALS, Phase.REVIEW, Phase.VOTING, Phase.RESULTS, Phase.IMPLEMENTATION)

bp = Blueprint("neighbourhoods", __name__)


def _overview(area: Neighbourhood) -> dict:
    """What a neighbourhood page shows: who is here and what happened lately."""
    live = [p for p in processes_for(area.id) if p.phase in OPEN_PHASES]
    return {"area": area, "residents": count_residents(area.id),
            "activity": activity.recent(area.id), "processes": live,
            "debates": debates_for(area, "open"), "surveys": open_surveys(area.id)}


@bp.get("/")
def home():
    if not current_user.is_authenticated:
        return render_template("neighbourhoods/welcome.html",
                               neighbourhoods=services.all_neighbourhoods())
    return render_template("neighbourhoods/home.html", pending_move=services.pending_move(current_user),
                           **_overview(current_user.neighbourhood))


@bp.get("/neighbourhoods/<slug>")
def show(slug: str):
    area = db.first_or_404(select(Neighbourhood).where(Neighbourhood.slug == slug))
    return render_template("neighbourhoods/show.html", **_overview(area))


@bp.route("/admin/neighbourhoods", methods=["GET", "POST"])
@admin_required
def manage():
    form = forms.NeighbourhoodForm()
    if form.validate_on_submit():
        ok, area = submit(form, lambda: services.create_neighbourhood(
            current_user, form.name.data, form.description.data))
        if ok:
            flash(_("Neighbourhood %(name)s created.", name=area.name), "success")
            return redirect(url_for("neighbourhoods.manage"))
    return render_form("neighbourhoods/manage.html", form,
                       neighbourhoods=services.all_neighbourhoods())


@bp.route("/admin/neighbourhoods/<int:area_id>/edit", methods=["GET", "POST"])
@admin_required
def edit(area_id: int):
    area = db.get_or_404(Neighbourhood, area_id)
    form = forms.NeighbourhoodForm(obj=area)
    if form.validate_on_submit():
        ok, _result = submit(form, lambda: services.update_neighbourhood(
            current_user, area, form.name.data, form.description.data))
        if ok:
            flash(_("Neighbourhood %(name)s saved.", name=area.name), "success")
            return redirect(url_for("neighbourhoods.manage"))
    return render_form("neighbourhoods/edit.html", form, area=area)


@bp.route("/account/move", methods=["GET", "POST"])
@login_required
def request_move():
    form = forms.MoveRequestForm()
    form.neighbourhood.choices = select_choices(
        c for c in services.neighbourhood_choices() if c[0] != current_user.neighbourhood_id)
    if form.validate_on_submit():
        ok, _result = submit(form, lambda: services.request_move(current_user, form.neighbourhood.data,
                                                           form.reason.data))
        if ok:
            flash(_("Your move request is sent. Staff will decide soon."), "success")
            return redirect(url_for("neighbourhoods.home"))
    return render_form("neighbourhoods/move.html", form, pending=services.pending_move(current_user))


def _staff_scope() -> set[int] | None:
    """Admins see every request; facilitators those into their neighbourhoods."""
    return None if permissions.is_admin(current_user) else \
        permissions.facilitated_neighbourhood_ids(current_user)


@bp.get("/staff/moves")
@login_required
def moves():
    permissions.require(permissions.can_verify_residents(current_user))
    return render_template("neighbourhoods/moves.html", moves=services.moves_for(_staff_scope()),
                           form=forms.DecideMoveForm())


@bp.post("/staff/moves/<int:move_id>")
@login_required
def decide_move(move_id: int):
    move = db.get_or_404(MoveRequest, move_id)
    permissions.require(permissions.can_facilitate(current_user, move.to_neighbourhood_id))
    form = forms.DecideMoveForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.decide_move(current_user, move, approve=bool(form.approve.data))
        db.session.commit()
        flash(_("Decision recorded."), "success")
    except PolicyError as error:
        flash(error.message, "error")
    return redirect(url_for("neighbourhoods.moves"))
