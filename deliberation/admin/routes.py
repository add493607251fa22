"""Admin pages: people, their roles, and the audit log."""
from __future__ import annotations
from flask_babel import gettext as _

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from deliberation import audit
from deliberation.admin import forms, services
from deliberation.errors import PolicyError
from deliberation.extensions import db
from deliberation.forms import select_choices, submit
from deliberation.neighbourhoods.services import neighbourhood_choices
from deliberation.permissions import admin_required
from models import Neighbourhood, Role, RoleGrant, User

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _page() -> int:
    return request.args.get("page", 1, type=int) or 1


@bp.get("/")
@admin_required
def dashboard():
    counts = {
        "people": db.session.scalar(select(func.count(User.id)).where(User.deleted_at.is_(None))),
        "unverified": db.session.scalar(select(func.count(User.id)).where(
            User.verified_at.is_(None), User.deleted_at.is_(None))),
        "neighbourhoods": db.session.scalar(select(func.count(Neighbourhood.id))),
    }
    return render_template("admin/dashboard.html", counts=counts)


@bp.get("/users")
@admin_required
def users():
    query = request.args.get("q", "")[:100]
    page = db.paginate(services.search_users(query), page=_page(), per_page=25, error_out=False)
    return render_template("admin/users.html", page=page, query=query)


def _user_page(user: User, grant_form=None, block_form=None, status: int = 200):
    grant_form = grant_form or forms.GrantRoleForm()
    grant_form.neighbourhood.choices = select_choices([(0, "—")] + neighbourhood_choices())
    return render_template("admin/user.html", user=user, grant_form=grant_form,
                           block_form=block_form or forms.BlockForm(),
                           confirm=forms.ConfirmForm()), status


@bp.get("/users/<int:user_id>")
@admin_required
def user_detail(user_id: int):
    return _user_page(db.get_or_404(User, user_id))


@bp.post("/users/<int:user_id>/roles")
@admin_required
def grant_role(user_id: int):
    user = db.get_or_404(User, user_id)
    form = forms.GrantRoleForm()
    form.neighbourhood.choices = select_choices([(0, "—")] + neighbourhood_choices())
    if form.validate_on_submit():
        ok, _result = submit(form, lambda: services.grant_role(current_user, user, Role(form.role.data),
                                                         form.neighbourhood.data))
        if ok:
            flash(_("Role granted to %(display_name)s.", display_name=user.display_name), "success")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    return _user_page(user, grant_form=form, status=400)


@bp.post("/users/<int:user_id>/roles/<int:grant_id>/revoke")
@admin_required
def revoke_role(user_id: int, grant_id: int):
    grant = db.get_or_404(RoleGrant, grant_id)
    if grant.user_id != user_id or not forms.ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.revoke_role(current_user, grant)
        db.session.commit()
        flash(_("Role revoked."), "success")
    except PolicyError as error:
        flash(error.message, "error")
    return redirect(url_for("admin.user_detail", user_id=user_id))


@bp.post("/users/<int:user_id>/block")
@admin_required
def block(user_id: int):
    user = db.get_or_404(User, user_id)
    form = forms.BlockForm()
    if form.validate_on_submit():
        ok, _result = submit(form, lambda: services.block_user(current_user, user, form.reason.data))
        if ok:
            flash(_("%(display_name)s is blocked and has been logged out.", display_name=user.display_name), "success")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    return _user_page(user, block_form=form, status=400)


@bp.post("/users/<int:user_id>/unblock")
@admin_required
def unblock(user_id: int):
    user = db.get_or_404(User, user_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.unblock_user(current_user, user)
        db.session.commit()
        flash(_("%(display_name)s is unblocked.", display_name=user.display_name), "success")
    except PolicyError as error:
        flash(error.message, "error")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.get("/audit")
@admin_required
def audit_log():
    action = request.args.get("action", "")[:64]
    page = db.paginate(audit.search(action), page=_page(), per_page=50, error_out=False)
    return render_template("admin/audit.html", page=page, action=action)
