"""Opinion-map pages for residents: react to one statement at a time, add one, see the map."""
from __future__ import annotations
from flask_babel import gettext as _

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from deliberation.errors import PolicyError
from deliberation.extensions import db, limiter
from deliberation.forms import render_form, submit
from deliberation.opinions import forms, pages, services

bp = Blueprint("opinions", __name__)


def act(verb, success: str, target: str):
    """Run a one-button verb, commit, and go back with a message either way."""
    try:
        verb()
        db.session.commit()
        flash(success, "success")
    except PolicyError as error:
        db.session.rollback()
        if error.status == 403:
            abort(403)
        flash(error.message, "error")
    return redirect(target)


def back(debate_id: int, anchor: str = "opinion-card") -> str:
    return url_for("opinions.show", debate_id=debate_id) + f"#{anchor}"


@bp.get("/debates/<int:debate_id>/opinions")
def show(debate_id: int):
    debate = pages.debate_or_404(debate_id)
    conversation = services.conversation_for(debate)
    return render_template("opinions/show.html",
                           **pages.conversation_page(debate, conversation, current_user))


@bp.post("/debates/<int:debate_id>/opinions/vote")
@login_required
@limiter.limit("120 per minute")
def vote(debate_id: int):
    """A plain form post redirects to the page; one sent by opinion-card.js gets the next card back."""
    debate = pages.debate_or_404(debate_id)
    conversation = pages.conversation_or_404(debate)
    form = forms.VoteForm()
    live = request.headers.get("X-Requested-With") == "live"
    if not form.validate_on_submit():
        if live:
            return card(debate, conversation, ("error", _("Choose agree, disagree or pass.")), 400)
        flash(_("Choose agree, disagree or pass."), "error")
        return redirect(back(debate.id))
    verb = lambda: services.vote_on_statement(  # noqa: E731
        current_user, services.votable(conversation, form.statement_id.data), form.value.data)
    if not live:
        return act(verb, _("Your reaction is saved."), back(debate.id))
    try:
        verb()
        db.session.commit()
    except PolicyError as error:
        db.session.rollback()
        return card(debate, conversation, ("error", error.message), error.status)
    return card(debate, conversation, ("success", _("Your reaction is saved.")))


def card(debate, conversation, message: tuple[str, str], status: int = 200):
    """The statement card alone, with what became of the vote, for opinion-card.js to swap in."""
    return render_template("opinions/_card.html", debate=debate,
                           **pages.card_context(conversation, current_user, message)), status


@bp.post("/debates/<int:debate_id>/opinions/statements")
@login_required
@limiter.limit("20 per minute")
def add_statement(debate_id: int):
    debate = pages.debate_or_404(debate_id)
    conversation = pages.conversation_or_404(debate)
    form = forms.StatementForm()
    if form.validate_on_submit():
        ok, _statement = submit(form, lambda: services.add_statement(
            current_user, conversation, form.text.data), inline_403=True)
        if ok:
            flash(_("Your statement is on the map. Others can react to it now."), "success")
            return redirect(back(debate.id, "add-statement"))
    return render_form("opinions/show.html", form, **pages.conversation_page(
        debate, conversation, current_user, statement_form=form))


@bp.get("/debates/<int:debate_id>/opinions/map", endpoint="map")
def show_map(debate_id: int):
    debate = pages.debate_or_404(debate_id)
    conversation = services.conversation_for(debate)
    return render_template("opinions/map.html",
                           **pages.map_page(debate, conversation, current_user))


@bp.get("/debates/<int:debate_id>/opinions/map/live")
def map_region(debate_id: int):
    """The map's live region, fetched again when a new map is pushed."""
    debate = pages.debate_or_404(debate_id)
    conversation = pages.conversation_or_404(debate)
    return render_template("opinions/_map.html",
                           **pages.map_page(debate, conversation, current_user))


from deliberation.opinions import staff_routes  # noqa: E402,F401  (the facilitators' routes)
