"""Moderators' pages: the flag queue, hiding and restoring, mutes, appeals, the log."""
from __future__ import annotations
from flask_babel import gettext as _, lazy_gettext as _l

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from deliberation import audit, permissions
from deliberation.errors import PolicyError
from deliberation.extensions import db
from deliberation.forms import render_form, submit
from deliberation.moderation import forms, services
from deliberation.opinions import moderation as statement_moderation
from deliberation.threads.owners import describe
from models import Comment, Thread, User

bp = Blueprint("moderation", __name__)

LOG_ACTIONS = [("moderation.", _l("All moderation")), ("moderation.hide", _l("Hidden")),
               ("moderation.auto_hide", _l("Hidden automatically")), ("moderation.restore", _l("Restored")),
               ("moderation.flag", _l("Flags")), ("moderation.dismiss", _l("Flags dismissed")),
               ("moderation.appeal", _l("Appeals")), ("moderation.mute", _l("Mutes")),
               ("moderation.lock", _l("Locks")), ("moderation.slow_mode", _l("Slow mode"))]


def _scope() -> set[int] | None:
    """None means every neighbourhood (admins); otherwise the facilitator's own."""
    permissions.require(permissions.is_admin(current_user)
                        or bool(permissions.facilitated_neighbourhood_ids(current_user)))
    return None if permissions.is_admin(current_user) else \
        permissions.facilitated_neighbourhood_ids(current_user)


def _back(comment: Comment):
    subject = describe(comment.thread)
    return redirect(f"{subject.url}#comment-{comment.id}" if subject
                    else url_for("moderation.flags"))


@bp.get("/staff/flags")
@login_required
def flags():
    order = "newest" if request.args.get("order") == "newest" else "most"
    scope = _scope()
    return render_template("moderation/flags.html", queue=services.flag_queue(scope, order),
                           appeals=services.pending_appeals(scope), order=order,
                           statements=statement_moderation.flag_queue(scope),
                           confirm=forms.ConfirmForm(), describe=describe)


@bp.route("/staff/comments/<int:comment_id>/hide", methods=["GET", "POST"])
@login_required
def hide(comment_id: int):
    comment = db.get_or_404(Comment, comment_id)
    permissions.require(permissions.can_moderate(current_user, comment.thread.neighbourhood_id))
    form = forms.HideForm()
    if form.validate_on_submit():
        ok, _result = submit(form, lambda: services.hide_comment(current_user, comment, form.reason.data))
        if ok:
            flash(_("The comment is hidden and its author has been told why."), "success")
            return _back(comment)
    return render_form("moderation/hide.html", form, comment=comment,
                       subject=describe(comment.thread))


def _one_button(comment_id: int, verb, message: str):
    comment = db.get_or_404(Comment, comment_id)
    permissions.require(permissions.can_moderate(current_user, comment.thread.neighbourhood_id))
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    try:
        verb(current_user, comment)
        db.session.commit()
        flash(message, "success")
    except PolicyError as error:
        db.session.rollback()
        flash(error.message, "error")
    return redirect(request.referrer if request.referrer and request.referrer.startswith(
        request.host_url) else url_for("moderation.flags"))


@bp.post("/staff/comments/<int:comment_id>/restore")
@login_required
def restore(comment_id: int):
    return _one_button(comment_id, services.restore_comment, "The comment is visible again.")


@bp.post("/staff/comments/<int:comment_id>/dismiss")
@login_required
def dismiss(comment_id: int):
    return _one_button(comment_id, services.dismiss_flags, "The flags are dismissed.")


@bp.route("/threads/comments/<int:comment_id>/appeal", methods=["GET", "POST"])
@login_required
def appeal(comment_id: int):
    comment = db.get_or_404(Comment, comment_id)
    permissions.require(comment.author_id == current_user.id)
    form = forms.AppealForm()
    if form.validate_on_submit():
        ok, _result = submit(form, lambda: services.appeal(current_user, comment, form.text.data))
        if ok:
            flash(_("Your appeal is sent. A moderator will review the comment."), "success")
            return _back(comment)
    return render_form("moderation/appeal.html", form, comment=comment,
                       subject=describe(comment.thread))


@bp.route("/staff/threads/<int:thread_id>/mute/<int:user_id>", methods=["GET", "POST"])
@login_required
def mute(thread_id: int, user_id: int):
    thread, person = db.get_or_404(Thread, thread_id), db.get_or_404(User, user_id)
    permissions.require(permissions.can_moderate(current_user, thread.neighbourhood_id))
    form = forms.MuteForm()
    if form.validate_on_submit():
        ok, _result = submit(form, lambda: services.mute_user(current_user, thread, person,
                                                        form.minutes.data, form.reason.data))
        if ok:
            flash(_("%(display_name)s is muted in this discussion.", display_name=person.display_name), "success")
            subject = describe(thread)
            return redirect(subject.url if subject else url_for("moderation.flags"))
    return render_form("moderation/mute.html", form, thread=thread, person=person,
                       subject=describe(thread), muted=permissions.active_mute(person, thread),
                       confirm=forms.ConfirmForm())


@bp.post("/staff/threads/<int:thread_id>/unmute/<int:user_id>")
@login_required
def unmute(thread_id: int, user_id: int):
    thread, person = db.get_or_404(Thread, thread_id), db.get_or_404(User, user_id)
    permissions.require(permissions.can_moderate(current_user, thread.neighbourhood_id))
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.unmute_user(current_user, thread, person)
        db.session.commit()
        flash(_("%(display_name)s can write here again.", display_name=person.display_name), "success")
    except PolicyError as error:
        db.session.rollback()
        flash(error.message, "error")
    return redirect(url_for("moderation.mute", thread_id=thread.id, user_id=person.id))


@bp.get("/staff/moderation-log")
@login_required
def log():
    scope = _scope()
    action = request.args.get("action", "moderation.")[:64]
    if not action.startswith("moderation."):
        action = "moderation."
    page = db.paginate(audit.search(action, scope), page=request.args.get("page", 1, type=int) or 1,
                       per_page=50, error_out=False)
    return render_template("moderation/log.html", page=page, action=action, actions=LOG_ACTIONS)
