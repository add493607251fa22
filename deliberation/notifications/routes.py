"""Follow and unfollow buttons, and the settings for which notices arrive and how."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from deliberation.extensions import db
from deliberation.notifications import services
from deliberation.security import safe_next
from models.follows import FOLLOWABLE, NOTIFICATION_KINDS

bp = Blueprint("notifications", __name__)


@bp.post("/follow/<subject_type>/<int:subject_id>")
@login_required
def follow(subject_type: str, subject_id: int):
    if subject_type not in FOLLOWABLE or not FlaskForm().validate_on_submit():
        abort(400)
    if request.form.get("action") == "unfollow":
        services.unfollow(current_user, subject_type, subject_id)
        flash("You no longer follow this.", "info")
    else:
        services.follow(current_user, subject_type, subject_id)
        flash("You follow this now: news arrives in your notifications.", "success")
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
        flash("Your notification settings are saved.", "success")
        return redirect(request.path)
    return render_template("notifications/settings.html", form=form, kinds=NOTIFICATION_KINDS,
                           current=services.settings_for(current_user))
