"""Survey pages for residents: the list, one survey, answering it, its results and export."""
from __future__ import annotations
from flask_babel import gettext as _

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from deliberation import permissions
from deliberation.budgeting.voting import commit_with_retry
from deliberation.errors import PolicyError, render_error
from deliberation.extensions import db, limiter, login_manager
from deliberation.surveys import results as tally
from deliberation.surveys import services
from deliberation.surveys.forms import AnswerForm, ConfirmForm
from deliberation.surveys.questions import sent_values
from models import Survey, SurveyQuestion, SurveyStatus

bp = Blueprint("surveys", __name__)


def load_survey(survey_id: int) -> Survey:
    """Fetch a survey the current person may see, opening or closing it if its date has come."""
    survey = db.get_or_404(Survey, survey_id)
    if not permissions.can_view_survey(current_user, survey):
        abort(404)
    if services.refresh_status(survey):
        db.session.commit()
    return survey


def load_question(question_id: int) -> SurveyQuestion:
    question = db.get_or_404(SurveyQuestion, question_id)
    load_survey(question.survey_id)
    return question


@bp.get("/surveys")
def index():
    area = current_user.neighbourhood_id if current_user.is_authenticated else None
    surveys = services.open_surveys(area)
    if any([services.refresh_status(s) for s in surveys]):
        db.session.commit()
    answered = {s.id for s in surveys if current_user.is_authenticated
                and services.own_response(current_user, s) is not None}
    drafts = [s for s in services.managed_surveys(current_user) if s.status is SurveyStatus.DRAFT] \
        if permissions.can_create_surveys(current_user) else []
    return render_template("surveys/list.html", surveys=[s for s in surveys if
                                                          s.status is SurveyStatus.OPEN],
                           answered=answered, drafts=drafts)


@bp.get("/surveys/<int:survey_id>")
def show(survey_id: int):
    survey = load_survey(survey_id)
    response = services.own_response(current_user, survey) \
        if current_user.is_authenticated else None
    return render_template("surveys/show.html", survey=survey, response=response,
                           refusal=permissions.survey_answer_refusal(current_user, survey),
                           locked=services.has_responses(survey),
                           responses=services.response_count(survey), confirm=ConfirmForm())


def _sent(survey: Survey) -> dict[int, list[str]]:
    """What the answer form sent, per question."""
    return {q.id: [v[:20000] for v in request.form.getlist(f"q-{q.id}")[:25]]
            for q in survey.questions}


def _answer_page(survey: Survey, form, sent: dict, problems: dict, status: int = 200,
                 response=None):
    return render_template("surveys/answer.html", survey=survey, form=form, sent=sent,
                           problems=problems, response=response), status


@bp.route("/surveys/<int:survey_id>/answer", methods=["GET", "POST"])
@login_required
@limiter.limit("20 per minute", methods=["POST"])
def answer(survey_id: int):
    survey = load_survey(survey_id)
    if survey.status is not SurveyStatus.OPEN:
        flash(_("This survey is not open for answers."), "info")
        return redirect(url_for("surveys.show", survey_id=survey.id))
    refusal = permissions.survey_answer_refusal(current_user, survey)
    if refusal:
        return render_error(403, refusal)
    form = AnswerForm()
    response = services.own_response(current_user, survey)
    if form.validate_on_submit():
        sent = _sent(survey)
        try:
            commit_with_retry(lambda: services.submit_response(current_user, survey, sent))
        except services.AnswersRefused as refused:
            db.session.rollback()
            flash(refused.message, "error")
            return _answer_page(survey, form, sent, refused.problems, 400, response)
        except PolicyError as error:
            db.session.rollback()
            flash(error.message, "error")
            return redirect(url_for("surveys.show", survey_id=survey.id))
        flash(_("Thank you: your answers are saved. You can change them until the survey closes."),
              "success")
        return redirect(url_for("surveys.show", survey_id=survey.id))
    answers = {a.question_id: a for a in response.answers} if response else {}
    sent = {q.id: sent_values(answers.get(q.id)) for q in survey.questions}
    return _answer_page(survey, form, sent, {}, response=response)


@bp.get("/surveys/<int:survey_id>/results")
def results(survey_id: int):
    survey = load_survey(survey_id)
    if not permissions.can_see_survey_results(current_user, survey):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        abort(403)
    total, rows = tally.survey_results(survey)
    return render_template("surveys/results.html", survey=survey, total=total, rows=rows,
                           staff=permissions.can_see_survey_answers(current_user, survey))


@bp.get("/surveys/<int:survey_id>/export.csv")
@login_required
def export(survey_id: int):
    survey = load_survey(survey_id)
    permissions.require(permissions.can_see_survey_answers(current_user, survey))
    return Response(tally.export_csv(survey), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="survey-{survey.id}-answers.csv"'})


from deliberation.surveys import builder  # noqa: E402,F401  (staff pages on the same blueprint)
