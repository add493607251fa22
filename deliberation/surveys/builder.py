"""Staff pages for surveys: create, edit settings, build the questions, open and close."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from deliberation import permissions
from deliberation.errors import PolicyError
from deliberation.extensions import db
from deliberation.forms import render_form, select_choices, submit
from deliberation.neighbourhoods.services import neighbourhood_choices
from deliberation.surveys import services
from deliberation.surveys.forms import ConfirmForm, QuestionForm, SurveyForm
from deliberation.surveys.routes import bp, load_question, load_survey
from models import QuestionKind, Survey, SurveyStatus


@bp.get("/surveys/manage")
@login_required
def manage():
    permissions.require(permissions.can_create_surveys(current_user))
    surveys = services.managed_surveys(current_user)
    counts = {s.id: services.response_count(s) for s in surveys}
    return render_template("surveys/manage.html", surveys=surveys, counts=counts)


def _survey_form(survey: Survey | None = None) -> SurveyForm:
    form = SurveyForm(obj=survey)
    form.neighbourhoods.choices = select_choices(
        (i, name) for i, name in neighbourhood_choices()
        if permissions.can_survey_area(current_user, i))
    if survey is not None and not form.is_submitted():
        form.neighbourhoods.data = sorted(survey.neighbourhood_ids)
        form.audience.data = "verified" if survey.verified_only else "everyone"
    return form


def _survey_values(form: SurveyForm) -> dict:
    return {"title": form.title.data.strip(), "description": (form.description.data or "").strip(),
            "neighbourhood_ids": list(form.neighbourhoods.data or []),
            "verified_only": form.audience.data != "everyone",
            "results_public": bool(form.results_public.data),
            "opens_at": form.opens_at.data, "closes_at": form.closes_at.data}


@bp.route("/surveys/new", methods=["GET", "POST"])
@login_required
def new_survey():
    permissions.require(permissions.can_create_surveys(current_user))
    form = _survey_form()
    if form.validate_on_submit():
        ok, survey = submit(form, lambda: services.create_survey(current_user,
                                                                 _survey_values(form)))
        if ok:
            flash(_("“%(title)s” is created as a draft. Now add its questions.", title=survey.title), "success")
            return redirect(url_for("surveys.show", survey_id=survey.id))
    return render_form("surveys/survey_form.html", form, survey=None)


@bp.route("/surveys/<int:survey_id>/edit", methods=["GET", "POST"])
@login_required
def edit_survey(survey_id: int):
    survey = load_survey(survey_id)
    permissions.require(permissions.can_manage_survey(current_user, survey))
    form = _survey_form(survey)
    if form.validate_on_submit():
        ok, changed = submit(form, lambda: services.update_survey(current_user, survey,
                                                                  _survey_values(form)))
        if ok:
            flash(_("Saved.") if changed else _("Nothing changed."), "success")
            return redirect(url_for("surveys.show", survey_id=survey.id))
    return render_form("surveys/survey_form.html", form, survey=survey)


def _question_values(form: QuestionForm) -> dict:
    return {"prompt": form.prompt.data, "kind": QuestionKind(form.kind.data),
            "required": bool(form.required.data), "options": form.options.data or ""}


@bp.route("/surveys/<int:survey_id>/questions/new", methods=["GET", "POST"])
@login_required
def new_question(survey_id: int):
    survey = load_survey(survey_id)
    permissions.require(permissions.can_manage_survey(current_user, survey))
    form = QuestionForm()
    if form.validate_on_submit():
        ok, _result = submit(form, lambda: services.add_question(current_user, survey,
                                                           _question_values(form)))
        if ok:
            flash(_("Question added."), "success")
            return redirect(url_for("surveys.show", survey_id=survey.id, _anchor="questions"))
    return render_form("surveys/question_form.html", form, survey=survey, question=None,
                       locked=services.has_responses(survey))


@bp.route("/surveys/questions/<int:question_id>/edit", methods=["GET", "POST"])
@login_required
def edit_question(question_id: int):
    question = load_question(question_id)
    survey = question.survey
    permissions.require(permissions.can_manage_survey(current_user, survey))
    form = QuestionForm(obj=question)
    if not form.is_submitted():
        form.kind.data = question.kind.value
        form.options.data = "\n".join(question.options or [])
    if form.validate_on_submit():
        ok, _result = submit(form, lambda: services.update_question(current_user, question,
                                                              _question_values(form)))
        if ok:
            flash(_("Question saved."), "success")
            return redirect(url_for("surveys.show", survey_id=survey.id, _anchor="questions"))
    return render_form("surveys/question_form.html", form, survey=survey, question=question,
                       locked=services.has_responses(survey))


def _confirmed() -> None:
    if not ConfirmForm().validate_on_submit():
        abort(400)


@bp.post("/surveys/questions/<int:question_id>/delete")
@login_required
def delete_question(question_id: int):
    question = load_question(question_id)
    survey_id = question.survey_id
    permissions.require(permissions.can_manage_survey(current_user, question.survey))
    _confirmed()
    try:
        services.delete_question(current_user, question)
        db.session.commit()
        flash(_("Question deleted."), "success")
    except PolicyError as error:
        db.session.rollback()
        flash(error.message, "error")
    return redirect(url_for("surveys.show", survey_id=survey_id, _anchor="questions"))


@bp.post("/surveys/questions/<int:question_id>/move/<any(up, down):direction>")
@login_required
def move_question(question_id: int, direction: str):
    question = load_question(question_id)
    permissions.require(permissions.can_manage_survey(current_user, question.survey))
    _confirmed()
    try:
        services.move_question(current_user, question, up=direction == "up")
        db.session.commit()
    except PolicyError as error:
        db.session.rollback()
        flash(error.message, "error")
    return redirect(url_for("surveys.show", survey_id=question.survey_id, _anchor="questions"))


@bp.post("/surveys/<int:survey_id>/status/<any(open, closed):target>")
@login_required
def change_status(survey_id: int, target: str):
    survey = load_survey(survey_id)
    permissions.require(permissions.can_manage_survey(current_user, survey))
    _confirmed()
    try:
        services.change_status(current_user, survey, SurveyStatus(target))
        db.session.commit()
        flash(_("“%(title)s” is now open.", title=survey.title) if survey.status is SurveyStatus.OPEN
              else _("“%(title)s” is now closed.", title=survey.title), "success")
    except PolicyError as error:
        db.session.rollback()
        flash(error.message, "error")
    return redirect(url_for("surveys.show", survey_id=survey.id))
