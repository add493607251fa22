"""The notifications page, follow and unfollow buttons, and which notices arrive and how."""
from __future__ import annotations
from flask_babel import gettext as _

from flask import Blueprint, abort, flash, redirect, render_template, request
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from deliberation.extensions import db
from deliberation.moderation import services as notices
from deliberation.notifications import services
from deliberation.security import safe_next
from models.follows import FOLLOWABLE, NOTIFICATION_KINDS

bp = Blueprint("notifications", __name__)


@bp.get("/notifications")
@login_required
def inbox():
    items = notices.notifications_for(current_user)
    new_ids = {n.id for n in items if n.read_at is None}
    notices.mark_read(current_user)
    db.session.commit()
    return render_template("moderation/notifications.html", items=items, new_ids=new_ids)


@bp.app_context_processor
def _notification_count() -> dict:
    def unread_notifications() -> int:
        if not current_user.is_authenticated:
            return 0
        counted = current_user.unread_notifications  # None once a commit has expired it
        return notices.unread_count(current_user) if counted is None else counted
    return {"unread_notifications": unread_notifications}


@bp.post("/follow/<subject_type>/<int:subject_id>")
@login_required
def follow(subject_type: str, subject_id: int):
    if subject_type not in FOLLOWABLE or not FlaskForm().validate_on_submit():
        abort(400)
    if request.form.get("action") == "unfollow":
        services.unfollow(current_user, subject_type, subject_id)
        flash(_("You no longer follow this."), "info")
    else:
        services.follow(current_user, subject_type, subject_id)
        flash(_("You follow this now: news arrives in your notifications."), "success")
    db.session.commit()
    return redirect(safe_next(request.form.get("next"), "/"))


@bp.route("/account/notifications", methods=["GET", "POST"])
@login_required
def settings():
    form = FlaskForm()
    if form.validate_on_submit():
        services.save_settings(current_user, {
            kind: (f"in_app-{kind}" in request.form, f"digest-{kind}" in request.form)
            for kind in NOTIFICATION_KINDS})
        db.session.commit()
        flash(_("Your notification settings are saved."), "success")
        return redirect(request.path)
    return render_template("notifications/settings.html", form=form, kinds=NOTIFICATION_KINDS,
                           current=services.settings_for(current_user))
