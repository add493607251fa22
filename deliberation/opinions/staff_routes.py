"""Facilitators' opinion-map routes: start, settings, close, report; moderating statements."""
from __future__ import annotations
from flask_babel import gettext as _

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from deliberation import permissions
from deliberation.exports import download
from deliberation.extensions import db
from deliberation.forms import render_form, submit
from deliberation.opinions import forms, moderation, pages, report, services
from deliberation.opinions.routes import act, back, bp


def _facilitated(debate_id: int):
    debate = pages.debate_or_404(debate_id)
    permissions.require(permissions.can_run_opinion_map(current_user, debate))
    return debate


def _confirmed() -> None:
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)


@bp.post("/debates/<int:debate_id>/opinions/start")
@login_required
def start(debate_id: int):
    debate = _facilitated(debate_id)
    form = forms.StartForm()
    if form.validate_on_submit():
        ok, _conversation = submit(form, lambda: services.start_conversation(
            current_user, debate, (form.seeds.data or "").splitlines(), form.residents_may_add.data))
        if ok:
            flash(_("The opinion map is started."), "success")
            return redirect(url_for("opinions.show", debate_id=debate.id))
    return render_form("opinions/show.html", form, **pages.conversation_page(
        debate, services.conversation_for(debate), current_user, start_form=form))


@bp.post("/debates/<int:debate_id>/opinions/settings")
@login_required
def settings(debate_id: int):
    debate = _facilitated(debate_id)
    conversation = pages.conversation_or_404(debate)
    form = forms.SettingsForm()
    if not form.validate_on_submit():
        abort(400)
    return act(lambda: services.set_residents_may_add(current_user, conversation,
                                                      form.residents_may_add.data),
               _("The setting is saved."), back(debate.id, "facilitator-tools"))


@bp.post("/debates/<int:debate_id>/opinions/close")
@login_required
def close(debate_id: int):
    debate = _facilitated(debate_id)
    conversation = pages.conversation_or_404(debate)
    _confirmed()
    return act(lambda: services.close_conversation(current_user, conversation),
               _("The opinion map is closed."), back(debate.id, "facilitator-tools"))


@bp.get("/debates/<int:debate_id>/opinions/report.csv")
@login_required
def export(debate_id: int):
    debate = _facilitated(debate_id)
    conversation = pages.conversation_or_404(debate)
    text = report.export_report_csv(current_user, conversation)
    db.session.commit()
    return download(text, f"opinion-map-{debate.id}.csv")


@bp.post("/debates/<int:debate_id>/opinions/report")
@login_required
def attach_report(debate_id: int):
    debate = _facilitated(debate_id)
    conversation = pages.conversation_or_404(debate)
    _confirmed()
    return act(lambda: report.attach_report_to_conclusion(current_user, conversation),
               _("The opinion map's report is in the debate's conclusion."),
               url_for("debates.show", debate_id=debate.id))


def _moderated(statement_id: int):
    statement = pages.statement_or_404(statement_id)
    permissions.require(permissions.can_moderate(
        current_user, statement.conversation.debate.neighbourhood_id))
    return statement


@bp.route("/opinions/statements/<int:statement_id>/hide", methods=["GET", "POST"])
@login_required
def hide(statement_id: int):
    statement = _moderated(statement_id)
    form = forms.HideStatementForm()
    if form.validate_on_submit():
        ok, _result = submit(form, lambda: moderation.hide_statement(current_user, statement,
                                                                     form.reason.data))
        if ok:
            flash(_("The statement is hidden and its author has been told why."), "success")
            return redirect(back(statement.conversation.debate_id, "facilitator-tools"))
    return render_form("opinions/hide.html", form, statement=statement,
                       debate=statement.conversation.debate)


@bp.post("/opinions/statements/<int:statement_id>/restore")
@login_required
def restore(statement_id: int):
    statement = _moderated(statement_id)
    _confirmed()
    return act(lambda: moderation.restore_statement(current_user, statement),
               _("The statement is back on the map."),
               back(statement.conversation.debate_id, "facilitator-tools"))


@bp.post("/opinions/statements/<int:statement_id>/dismiss")
@login_required
def dismiss(statement_id: int):
    statement = _moderated(statement_id)
    _confirmed()
    return act(lambda: moderation.dismiss_flags(current_user, statement),
               _("The flags are dismissed."), url_for("moderation.flags"))


@bp.route("/opinions/statements/<int:statement_id>/flag", methods=["GET", "POST"])
@login_required
def flag(statement_id: int):
    statement = pages.statement_or_404(statement_id)
    if statement.is_hidden:
        abort(404)
    form = forms.FlagStatementForm()
    if form.validate_on_submit():
        ok, _result = submit(form, lambda: moderation.flag_statement(
            current_user, statement, form.reason.data, form.details.data))
        if ok:
            flash(_("Thank you. The moderators will look at this statement."), "success")
            return redirect(back(statement.conversation.debate_id))
    return render_form("opinions/flag.html", form, statement=statement,
                       debate=statement.conversation.debate)
