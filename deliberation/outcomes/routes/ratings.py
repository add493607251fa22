"""Ratings of delivered projects and local services, and the league table."""
from __future__ import annotations
from flask_babel import gettext as _

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from deliberation import permissions
from deliberation.extensions import db
from deliberation.forms import render_form, select_choices, submit
from deliberation.neighbourhoods.services import all_neighbourhoods, neighbourhood_choices
from deliberation.outcomes import forms
from deliberation.outcomes import ratings as services
from deliberation.outcomes.routes import bp
from deliberation.outcomes.routes.delivery import _page
from models import Delivery, LocalService, ServiceRating


@bp.post("/projects/<int:delivery_id>/rate")
@login_required
def rate_project(delivery_id: int):
    delivery = db.get_or_404(Delivery, delivery_id)
    form = forms.RatingForm()
    if form.validate_on_submit():
        # "only verified residents of this neighbourhood" (403) is shown by the form
        ok, _result = submit(form, lambda: services.rate_project(
            current_user, delivery, int(form.stars.data), form.comment.data or ""), inline_403=True)
        if ok:
            flash(_("Thank you, your rating is saved."), "success")
            return redirect(url_for("outcomes.project", delivery_id=delivery.id))
    return _page(delivery, 400, rating_form=form)


@bp.get("/ratings")
def league():
    area = request.args.get("neighbourhood", type=int)
    category = request.args.get("category", "")[:80]
    everything = services.league_table()
    rows, overall = services.league_table(area, category) if area or category else everything
    categories = sorted({r.category for r in everything[0]})
    return render_template("outcomes/league.html", rows=rows, overall=overall, area=area,
                           category=category, areas=all_neighbourhoods(), categories=categories,
                           prior=services.PRIOR_WEIGHT)


@bp.route("/services", methods=["GET", "POST"])
def service_list():
    form = forms.ServiceForm()
    form.neighbourhood.choices = select_choices([(0, _("All neighbourhoods"))] + neighbourhood_choices())
    if form.is_submitted():
        permissions.require(current_user.is_authenticated and
                            (permissions.is_councillor(current_user) or permissions.is_admin(current_user)))
        if form.validate():
            service = services.create_service(current_user, form.name.data, form.description.data or "",
                                              form.category.data or "", form.neighbourhood.data or None)
            db.session.commit()
            flash(_("“%(name)s” is registered; residents can rate it now.", name=service.name), "success")
            return redirect(url_for("outcomes.service", service_id=service.id))
    listing = db.session.scalars(select(LocalService).order_by(LocalService.name)).all()
    return render_form("outcomes/services.html", form, services=listing)


def _service_page(service: LocalService, form=None, status: int = 200):
    mine = None
    if current_user.is_authenticated:
        mine = db.session.scalar(select(ServiceRating).where(
            ServiceRating.service_id == service.id, ServiceRating.user_id == current_user.id))
    row = services.service_row(service)
    return render_template("outcomes/service.html", service=service, form=form or forms.RatingForm(),
                           mine=mine, row=row), status


@bp.get("/services/<int:service_id>")
def service(service_id: int):
    return _service_page(db.get_or_404(LocalService, service_id))


@bp.post("/services/<int:service_id>/rate")
@login_required
def rate_service(service_id: int):
    service = db.get_or_404(LocalService, service_id)
    form = forms.RatingForm()
    if form.validate_on_submit():
        # "only verified residents of this neighbourhood" (403) is shown by the form
        ok, _result = submit(form, lambda: services.rate_service(
            current_user, service, int(form.stars.data), form.comment.data or ""), inline_403=True)
        if ok:
            flash(_("Thank you, your rating is saved."), "success")
            return redirect(url_for("outcomes.service", service_id=service.id))
    return _service_page(service, form, 400)
