"""Thread pages and actions: every verb is a plain form post that redirects back."""
from __future__ import annotations
from flask_babel import gettext as _

from flask import Blueprint, abort, flash, redirect, render_template
from flask_login import current_user, login_required

from deliberation.errors import PolicyError
from deliberation.extensions import db, limiter
from deliberation.forms import render_form, submit
from deliberation.moderation import services as moderation
from deliberation.permissions import can_view_thread, require
from deliberation.threads import facilitation, forms, queries, services
from deliberation.threads.owners import describe
from models import Comment, Thread

bp = Blueprint("threads", __name__, url_prefix="/threads")


def _thread(thread_id: int) -> Thread:
    thread = db.get_or_404(Thread, thread_id)
    if not can_view_thread(current_user, thread):
        abort(404)
    return thread


def _comment(comment_id: int) -> Comment:
    comment = db.get_or_404(Comment, comment_id)
    _thread(comment.thread_id)
    return comment


def _back(thread: Thread, anchor: str = ""):
    subject = describe(thread)
    return redirect((subject.url if subject else "/") + (f"#{anchor}" if anchor else ""))


def _act(thread: Thread, action, success: str, anchor: str = ""):
    """Run a one-button verb, commit, and go back with a message either way."""
    try:
        action()
        db.session.commit()
        flash(success, "success")
    except PolicyError as error:
        db.session.rollback()
        flash(error.message, "error")
    return _back(thread, anchor)


@bp.post("/<int:thread_id>/comments")
@login_required
@limiter.limit("30 per minute")
def post(thread_id: int):
    thread = _thread(thread_id)
    form = forms.CommentForm()
    if form.validate_on_submit():
        ok, comment = submit(form, lambda: services.post_comment(current_user, thread,
                                                                 form.body.data),
                             inline_403=True)
        if ok:
            flash(_("Your comment is posted."), "success")
            return _back(thread, f"comment-{comment.id}")
    return render_form("threads/compose.html", form, thread=thread, subject=describe(thread),
                       parent=None)


@bp.route("/comments/<int:comment_id>/reply", methods=["GET", "POST"])
@login_required
@limiter.limit("30 per minute", methods=["POST"])
def reply(comment_id: int):
    parent = _comment(comment_id)
    thread = parent.thread
    form = forms.ReplyForm()
    if form.validate_on_submit():
        ok, comment = submit(form, lambda: services.post_comment(current_user, thread,
                                                                 form.body.data, parent=parent),
                             inline_403=True)
        if ok:
            flash(_("Your reply is posted."), "success")
            return _back(thread, f"comment-{comment.id}")
    return render_form("threads/compose.html", form, thread=thread, subject=describe(thread),
                       parent=parent)


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@login_required
def edit(comment_id: int):
    comment = _comment(comment_id)
    require(comment.author_id == current_user.id)
    form = forms.EditForm(obj=comment)
    if form.validate_on_submit():
        ok, _result = submit(form, lambda: services.edit_comment(current_user, comment, form.body.data),
                       inline_403=True)
        if ok:
            flash(_("Your comment is updated."), "success")
            return _back(comment.thread, f"comment-{comment.id}")
    return render_form("threads/edit.html", form, comment=comment, subject=describe(comment.thread))


@bp.post("/comments/<int:comment_id>/delete")
@login_required
def delete(comment_id: int):
    comment = _comment(comment_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    return _act(comment.thread, lambda: services.delete_comment(current_user, comment),
                "Your comment is deleted.", f"comment-{comment.id}")


@bp.post("/comments/<int:comment_id>/react")
@login_required
def react(comment_id: int):
    comment = _comment(comment_id)
    form = forms.ReactionForm()
    if not form.validate_on_submit():
        abort(400)
    return _act(comment.thread,
                lambda: services.toggle_reaction(current_user, comment, form.kind.data),
                "Your reaction is saved.", f"comment-{comment.id}")


@bp.route("/comments/<int:comment_id>/flag", methods=["GET", "POST"])
@login_required
@limiter.limit("20 per minute", methods=["POST"])
def flag(comment_id: int):
    comment = _comment(comment_id)
    form = forms.FlagForm()
    if form.validate_on_submit():
        ok, _result = submit(form, lambda: moderation.flag_comment(current_user, comment,
                                                             form.reason.data, form.details.data))
        if ok:
            flash(_("Thank you. Moderators will look at this comment."), "success")
            return _back(comment.thread, f"comment-{comment.id}")
    return render_form("threads/flag.html", form, comment=comment, subject=describe(comment.thread))


@bp.post("/comments/<int:comment_id>/pin")
@login_required
def pin(comment_id: int):
    comment = _comment(comment_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    pinned = comment.pinned_at is None
    return _act(comment.thread, lambda: facilitation.set_pinned(current_user, comment, pinned),
                "Comment pinned." if pinned else "Comment unpinned.", f"comment-{comment.id}")


@bp.post("/<int:thread_id>/lock")
@login_required
def lock(thread_id: int):
    thread = _thread(thread_id)
    form = forms.LockForm()
    if not form.validate_on_submit():
        flash(_("Say why you are locking the discussion; everyone sees the reason."), "error")
        return _back(thread, f"thread-{thread.id}")
    return _act(thread, lambda: facilitation.lock_thread(current_user, thread, form.reason.data),
                "The discussion is locked.", f"thread-{thread.id}")


@bp.post("/<int:thread_id>/unlock")
@login_required
def unlock(thread_id: int):
    thread = _thread(thread_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    return _act(thread, lambda: facilitation.unlock_thread(current_user, thread),
                "The discussion is unlocked.", f"thread-{thread.id}")


@bp.post("/<int:thread_id>/slow-mode")
@login_required
def slow_mode(thread_id: int):
    thread = _thread(thread_id)
    form = forms.SlowModeForm()
    if not form.validate_on_submit():
        abort(400)
    return _act(thread, lambda: facilitation.set_slow_mode(current_user, thread, form.seconds.data),
                "Slow mode is updated.", f"thread-{thread.id}")


@bp.get("/<int:thread_id>/comments/<int:comment_id>")
def fragment(thread_id: int, comment_id: int):
    """One comment rendered for this viewer, for live updates to insert."""
    thread = _thread(thread_id)
    comment = db.get_or_404(Comment, comment_id)
    if comment.thread_id != thread.id:
        abort(404)
    node, view, container = queries.load_single(comment, current_user)
    return render_template("threads/_fragment.html", node=node, view=view, container=container)


@bp.get("/<int:thread_id>/fragments/<region>")
def region(thread_id: int, region: str):
    """A part of the thread (composer or pinned) re-rendered after a live event."""
    if region not in ("composer", "pinned"):
        abort(404)
    view = queries.load_frame(_thread(thread_id), current_user)
    return render_template(f"threads/_{region}.html", view=view)


@bp.app_context_processor
def _thread_helpers() -> dict:
    return {"can_edit_comment": services.can_edit, "slow_mode_choices": forms.SLOW_MODE_CHOICES,
            "sorts": queries.SORTS}
