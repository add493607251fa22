"""Account pages: register, log in and out, settings, password reset, deletion."""
from __future__ import annotations
from flask_babel import gettext as _

from flask import Blueprint, flash, redirect, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from deliberation import live
from deliberation.accounts import forms, services
from deliberation.errors import PolicyError, render_error
from deliberation.extensions import db, limiter
from deliberation.forms import render_form, select_choices, submit
from deliberation.neighbourhoods.services import neighbourhood_choices
from deliberation.security import safe_next

bp = Blueprint("accounts", __name__)


def _start_session(user, remember: bool) -> None:
    """Begin a fresh session so nothing planted before login survives it."""
    session.clear()
    login_user(user, remember=remember)


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
def register():
    form = forms.RegisterForm()
    form.neighbourhood.choices = select_choices(neighbourhood_choices())
    if form.validate_on_submit():
        ok, user = submit(form, lambda: services.register_user(
            form.display_name.data, form.email.data, form.password.data, form.neighbourhood.data,
            form.census_reference.data))
        if ok:
            _start_session(user, remember=False)
            flash(_("Welcome to Agora! Your account is ready. Staff will verify where you live before you can vote or propose."), "success")
            return redirect(url_for("neighbourhoods.home"))
    return render_form("accounts/register.html", form)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def login():
    form = forms.LoginForm()
    if form.validate_on_submit():
        # a blocked account's 403 says why by the email field
        ok, user = submit(form, lambda: services.authenticate(form.email.data, form.password.data),
                          inline_403=True)
        if ok:
            _start_session(user, remember=form.remember.data)
            flash(_("Welcome back, %(display_name)s.", display_name=user.display_name), "success")
            return redirect(safe_next(request.args.get("next"), url_for("neighbourhoods.home")))
    return render_form("accounts/login.html", form)


@bp.post("/logout")
@login_required
def logout():
    user_id = current_user.id
    services.end_sessions(current_user)
    db.session.commit()
    live.disconnect_user(user_id, "You have logged out.")
    logout_user()
    session.clear()
    flash(_("You have logged out on every device."), "info")
    return redirect(url_for("neighbourhoods.home"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def settings():
    form = forms.ProfileForm(obj=current_user)
    if form.validate_on_submit():
        current_user.display_name = form.display_name.data.strip()
        current_user.census_reference = (form.census_reference.data or "").strip() or None
        db.session.commit()
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("accounts.settings"))
    return render_form("accounts/settings.html", form)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = forms.ChangePasswordForm()
    if form.validate_on_submit():
        ok, _result = submit(form, lambda: services.change_password(
            current_user, form.current_password.data, form.password.data))
        if ok:
            _start_session(current_user._get_current_object(), remember=False)
            flash(_("Your password is changed. Other devices have been logged out."), "success")
            return redirect(url_for("accounts.settings"))
    return render_form("accounts/change_password.html", form)


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit("5 per 15 minutes", methods=["POST"])
def forgot_password():
    form = forms.ForgotPasswordForm()
    if form.validate_on_submit():
        services.send_password_reset(form.email.data)
        flash(_("If an account uses that email, a reset link is on its way. It works once, within an hour."), "info")
        return redirect(url_for("accounts.login"))
    return render_form("accounts/forgot_password.html", form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@limiter.limit("10 per 15 minutes", methods=["POST"])
def reset_password(token: str):
    try:
        services.user_for_reset_token(token)
    except PolicyError as error:
        return render_error(400, error.message)
    form = forms.ResetPasswordForm()
    if form.validate_on_submit():
        user = services.reset_password(token, form.password.data)
        db.session.commit()
        _start_session(user, remember=False)
        flash(_("Your new password is set and you are logged in."), "success")
        return redirect(url_for("neighbourhoods.home"))
    return render_form("accounts/reset_password.html", form)


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
def delete_account():
    form = forms.DeleteAccountForm()

    def delete() -> None:
        services.delete_account(current_user, form.password.data)
        live.disconnect_user_after_commit(current_user.id, "Your account is deleted.")

    if form.validate_on_submit():
        ok, _result = submit(form, delete)
        if ok:
            logout_user()
            session.clear()
            flash(_("Your account is deleted. What you wrote stays, without your name."), "info")
            return redirect(url_for("neighbourhoods.home"))
    return render_form("accounts/delete.html", form)
