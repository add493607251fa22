"""Debate pages: the neighbourhood's list, one debate with its thread, and facilitators' tools."""
from __future__ import annotations
from flask_babel import gettext as _

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from deliberation import permissions
from deliberation.debates import editing, forms, services
from deliberation.errors import PolicyError
from deliberation.extensions import db
from deliberation.forms import render_form, submit
from deliberation.opinions import services as opinion_services
from deliberation.threads.queries import view_for_request
from models import Announcement, Debate, DebateStatus, Neighbourhood

bp = Blueprint("debates", __name__)


def _debate(debate_id: int) -> Debate:
    debate = db.get_or_404(Debate, debate_id, options=[joinedload(Debate.neighbourhood)])
    if services.sync_status(debate):  # the timebox is applied lazily, on the next visit
        db.session.commit()
    return debate


@bp.get("/neighbourhoods/<slug>/debates")
def index(slug: str):
    area = db.first_or_404(select(Neighbourhood).where(Neighbourhood.slug == slug))
    which = request.args.get("show", "open")
    which = which if which in services.FILTERS else "open"
    return render_template("debates/index.html", area=area, which=which, filters=services.FILTERS,
                           debates=services.debates_for(area, which),
                           can_create=permissions.can_facilitate(current_user, area.id))


@bp.route("/neighbourhoods/<slug>/debates/new", methods=["GET", "POST"])
@login_required
def create(slug: str):
    area = db.first_or_404(select(Neighbourhood).where(Neighbourhood.slug == slug))
    permissions.require(permissions.can_facilitate(current_user, area.id))
    form = forms.DebateForm()
    if form.validate_on_submit():
        ok, debate = submit(form, lambda: services.create_debate(
            current_user, area, form.title.data, form.question.data, form.background.data,
            form.starts_at.data, form.ends_at.data, form.link_url.data))
        if ok:
            flash(_("The debate “%(title)s” is created.", title=debate.title), "success")
            return redirect(url_for("debates.show", debate_id=debate.id))
    return render_form("debates/new.html", form, area=area)


@bp.route("/debates/<int:debate_id>/edit", methods=["GET", "POST"])
@login_required
def edit(debate_id: int):
    """The create form again, for a debate that is still upcoming or open."""
    debate = _debate(debate_id)
    permissions.require(editing.can_edit_debate(current_user, debate))
    refusal = editing.edit_refusal(debate)
    if refusal:
        return render_template("debates/edit.html", debate=debate, refusal=refusal), 409
    status = services.effective_status(debate)
    form = forms.edit_form(debate, status is DebateStatus.OPEN)
    if form.validate_on_submit():
        ok, changed = submit(form, lambda: editing.edit_debate(
            current_user, debate, {key: form[key].data for key in editing.FIELDS}))
        if ok:
            flash(_("The debate is updated.") if changed else "Nothing changed.", "success")
            return redirect(url_for("debates.show", debate_id=debate.id))
    return render_form("debates/edit.html", form, debate=debate, status=status)


@bp.get("/debates/<int:debate_id>")
def show(debate_id: int):
    debate = _debate(debate_id)
    thread = services.debate_thread(debate)
    if db.session.new:  # the thread was made on this first visit; else a commit would expire all
        db.session.commit()
    return render_template("debates/show.html", debate=debate,
                           view=view_for_request(thread, current_user),
                           opinion_map=opinion_services.conversation_for(debate), **_panels(debate))


def _panels(debate: Debate) -> dict:
    """What the live regions of a debate page show."""
    announcements = list(db.session.scalars(select(Announcement).where(
        Announcement.debate_id == debate.id).order_by(Announcement.id.desc()).limit(5)))
    return {"status": services.effective_status(debate),
            "minutes_left": services.minutes_left(debate),
            "hands": services.hand_queue(debate), "announcements": announcements,
            "facilitator": permissions.can_facilitate(current_user, debate.neighbourhood_id),
            "can_edit": editing.can_edit_debate(current_user, debate)
            and editing.edit_refusal(debate) is None,
            "conclude_form": forms.ConcludeForm(), "announce_form": forms.AnnounceForm(),
            "confirm": forms.ConfirmForm()}


@bp.get("/debates/<int:debate_id>/fragments/<region>")
def region(debate_id: int, region: str):
    """A live region of the debate page, re-rendered after an event."""
    if region not in ("hands", "announcements", "status"):
        abort(404)
    debate = _debate(debate_id)
    return render_template(f"debates/_{region}.html", debate=debate, **_panels(debate))


def _act(debate: Debate, verb, success: str, anchor: str = ""):
    try:
        verb()
        db.session.commit()
        flash(success, "success")
    except PolicyError as error:
        db.session.rollback()
        flash(error.message, "error")
    return redirect(url_for("debates.show", debate_id=debate.id) + (f"#{anchor}" if anchor else ""))


def _confirmed() -> None:
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)


@bp.post("/debates/<int:debate_id>/open")
@login_required
def open_now(debate_id: int):
    debate = _debate(debate_id)
    _confirmed()
    return _act(debate, lambda: services.open_debate(current_user, debate), "The debate is open.")


@bp.post("/debates/<int:debate_id>/conclude")
@login_required
def conclude(debate_id: int):
    debate = _debate(debate_id)
    permissions.require(permissions.can_facilitate(current_user, debate.neighbourhood_id))
    form = forms.ConcludeForm()
    if form.validate_on_submit():
        ok, _result = submit(form, lambda: services.conclude_debate(current_user, debate,
                                                              form.conclusion.data))
        if ok:
            flash(_("The debate is closed and its conclusion published."), "success")
            return redirect(url_for("debates.show", debate_id=debate.id))
    panels = _panels(debate) | {"conclude_form": form}
    return render_form("debates/show.html", form, debate=debate,
                       view=view_for_request(services.debate_thread(debate), current_user),
                       **panels)


@bp.post("/debates/<int:debate_id>/archive")
@login_required
def archive(debate_id: int):
    debate = _debate(debate_id)
    _confirmed()
    return _act(debate, lambda: services.archive_debate(current_user, debate),
                "The debate is archived.")


@bp.post("/debates/<int:debate_id>/announce")
@login_required
def announce(debate_id: int):
    debate = _debate(debate_id)
    form = forms.AnnounceForm()
    if not form.validate_on_submit():
        flash(_("Write the announcement (up to 500 characters)."), "error")
        return redirect(url_for("debates.show", debate_id=debate.id))
    return _act(debate, lambda: services.announce(current_user, debate, form.body.data),
                "Your announcement is sent.", "announcements")


@bp.post("/debates/<int:debate_id>/hand")
@login_required
def hand(debate_id: int):
    debate = _debate(debate_id)
    _confirmed()
    if request.form.get("lower"):
        return _act(debate, lambda: services.lower_hand(current_user, debate),
                    "Your hand is lowered.", "hands")
    return _act(debate, lambda: services.raise_hand(current_user, debate),
                "Your hand is raised. The facilitator will call you.", "hands")


@bp.post("/debates/<int:debate_id>/call-next")
@login_required
def call_next(debate_id: int):
    debate = _debate(debate_id)
    _confirmed()
    return _act(debate, lambda: services.call_next(current_user, debate),
                "Next speaker called.", "hands")
