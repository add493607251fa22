"""Tracking funded projects: the public pages and the forms that report progress."""
from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from deliberation import permissions
from deliberation.budgeting import images
from deliberation.errors import PolicyError
from deliberation.extensions import db
from deliberation.forms import submit
from deliberation.i18n.formatting import format_number
from deliberation.outcomes import delivery as services
from deliberation.outcomes import forms
from deliberation.outcomes.routes import bp
from deliberation.outcomes.tracking import month_label, neighbourhood_board
from models import Delivery, DeliveryStatus, Milestone, Neighbourhood, ProjectRating, User


@bp.get("/neighbourhoods/<slug>/projects")
def board(slug: str):
    area = db.first_or_404(select(Neighbourhood).where(Neighbourhood.slug == slug))
    board = neighbourhood_board(area)
    board["spend_chart"] = [(month_label(month), spent) for month, spent in board["spend_chart"]]
    return render_template("outcomes/board.html", area=area, **board)


def _page(delivery: Delivery, status: int = 200, **forms_given):
    """The project page with every form it may show, errors kept where they occurred."""
    context = {"update_form": forms.UpdateForm(status=delivery.status.value, progress=delivery.progress,
                                               spent=delivery.spent),
               "milestone_form": forms.MilestoneForm(), "community_form": forms.CommunityForm(),
               "volunteer_form": forms.VolunteerForm(), "contact_form": forms.ContactForm(),
               "rating_form": forms.RatingForm()} | forms_given
    mine = None
    if current_user.is_authenticated:
        mine = db.session.scalar(select(ProjectRating).where(
            ProjectRating.delivery_id == delivery.id, ProjectRating.user_id == current_user.id))
    return render_template("outcomes/project.html", delivery=delivery, my_rating=mine,
                           volunteers=services.delivery_volunteers(delivery), **context), status


@bp.get("/projects/<int:delivery_id>")
def project(delivery_id: int):
    return _page(db.get_or_404(Delivery, delivery_id))


@bp.post("/projects/<int:delivery_id>/updates")
@login_required
def post_update(delivery_id: int):
    delivery = db.get_or_404(Delivery, delivery_id)
    permissions.require(permissions.can_update_delivery(current_user, delivery))
    form = forms.UpdateForm()

    def post() -> None:
        upload = form.image.data
        image = images.store_image(upload.read()) if upload and getattr(upload, "filename", "") else None
        services.post_update(current_user, delivery, form.body.data, DeliveryStatus(form.status.data),
                             form.progress.data, form.spent.data, form.cancel_reason.data or "", image)

    if form.validate_on_submit():
        ok, _result = submit(form, post)
        if ok:
            flash(_("Update posted."), "success")
            return redirect(url_for("outcomes.project", delivery_id=delivery.id))
    return _page(delivery, 400, update_form=form)


@bp.post("/projects/<int:delivery_id>/milestones")
@login_required
def add_milestone(delivery_id: int):
    delivery = db.get_or_404(Delivery, delivery_id)
    permissions.require(permissions.can_update_delivery(current_user, delivery))
    form = forms.MilestoneForm()
    if form.validate_on_submit() and form.due_on.data:
        services.add_milestone(current_user, delivery, form.title.data, form.due_on.data)
        db.session.commit()
        flash(_("Milestone added."), "success")
        return redirect(url_for("outcomes.project", delivery_id=delivery.id))
    if not form.due_on.data and not form.due_on.errors:
        form.due_on.errors = [_("Give the date it is due.")]
    return _page(delivery, 400, milestone_form=form)


@bp.post("/milestones/<int:milestone_id>/done")
@login_required
def milestone_done(milestone_id: int):
    milestone = db.get_or_404(Milestone, milestone_id)
    delivery = db.session.get(Delivery, milestone.delivery_id)
    permissions.require(permissions.can_update_delivery(current_user, delivery))
    if forms.ConfirmForm().validate_on_submit():
        services.complete_milestone(current_user, milestone, date.today())
        db.session.commit()
    return redirect(url_for("outcomes.project", delivery_id=delivery.id))


@bp.post("/projects/<int:delivery_id>/community")
@login_required
def community(delivery_id: int):
    delivery = db.get_or_404(Delivery, delivery_id)
    form = forms.CommunityForm()

    def hand_over() -> None:
        lead = db.session.scalar(select(User).where(User.email == (form.lead_email.data or "").strip().lower()))
        if form.lead_email.data and lead is None:
            raise PolicyError(_("No account uses that email."), field="lead_email")
        services.set_community_lead(current_user, delivery, form.lead_group.data or "", lead)

    if form.validate_on_submit():
        ok, _result = submit(form, hand_over)
        if ok:
            flash(_("The project is now community-delivered."), "success")
            return redirect(url_for("outcomes.project", delivery_id=delivery.id))
    return _page(delivery, 400, community_form=form)


@bp.post("/projects/<int:delivery_id>/volunteer")
@login_required
def volunteer(delivery_id: int):
    delivery = db.get_or_404(Delivery, delivery_id)
    form = forms.VolunteerForm()
    if form.validate_on_submit():
        # "needs a verified account" (403) is shown by the form, as the help it is
        ok, _result = submit(form, lambda: services.volunteer(current_user, delivery, form.offer.data,
                                                        form.availability.data or ""),
                       inline_403=True)
        if ok:
            flash(_("Thank you! The project's lead can now contact you through Agora."), "success")
            return redirect(url_for("outcomes.project", delivery_id=delivery.id))
    return _page(delivery, 400, volunteer_form=form)


@bp.post("/projects/<int:delivery_id>/contact")
@login_required
def contact(delivery_id: int):
    delivery = db.get_or_404(Delivery, delivery_id)
    form = forms.ContactForm()
    if form.validate_on_submit():
        ids = [int(v) for v in request.form.getlist("recipient") if v.isdigit()]
        ok, sent = submit(form, lambda: services.contact_volunteers(current_user, delivery, ids,
                                                                    form.message.data))
        if ok:
            flash(ngettext("Message sent to %(count)s volunteer.", "Message sent to %(count)s volunteers.", sent,
                           count=format_number(sent)), "success")
            return redirect(url_for("outcomes.project", delivery_id=delivery.id))
    return _page(delivery, 400, contact_form=form)
