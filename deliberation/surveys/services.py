"""Survey verbs: build, open and close, and answer once (changeable until the survey closes)."""
from __future__ import annotations

import secrets
from datetime import datetime

from babel.lists import format_list
from flask_babel import get_locale, gettext as _, pgettext
from sqlalchemy import delete, exists, func, or_, select

from deliberation.i18n.locales import writing_language
from deliberation import audit, permissions
from deliberation.errors import PolicyError
from deliberation.surveys.questions import AnswerProblem, clean_answer, clean_options
from models import (Neighbourhood, Survey, SurveyAnswer, SurveyQuestion,
                    SurveyResponse, SurveyStatus, User, db, utcnow)
from models.surveys import SURVEY_TRANSITIONS, survey_neighbourhoods

SETTINGS = ("title", "description", "verified_only", "results_public", "opens_at", "closes_at")
MAX_QUESTIONS = 50
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class AnswersRefused(PolicyError):
    """Some answers do not fit their questions; ``problems`` maps question id to the reason."""

    def __init__(self, problems: dict[int, str]):
        super().__init__(_("Some answers need another look; see the notes by each question."))
        self.problems = problems


def _state(status: SurveyStatus) -> str:
    """A status as it reads inside a sentence ("a survey that is open"), not as a badge."""
    return {SurveyStatus.DRAFT: pgettext("survey status in a sentence", "draft"),
            SurveyStatus.OPEN: pgettext("survey status in a sentence", "open"),
            SurveyStatus.CLOSED: pgettext("survey status in a sentence", "closed")}[status]


def _area_id(survey: Survey) -> int | None:
    """The neighbourhood an audit entry belongs to, when the survey has just one."""
    ids = survey.neighbourhood_ids
    return next(iter(ids)) if len(ids) == 1 else None


def _require_manager(actor: User, survey: Survey) -> None:
    if not permissions.can_manage_survey(actor, survey):
        raise PolicyError(_("You cannot change this survey."), status=403)


def _areas(actor: User, ids: list[int]) -> list[Neighbourhood]:
    """The chosen audience, refused if empty, unknown, or outside the actor's neighbourhoods."""
    if not ids:
        raise PolicyError(_("Choose at least one neighbourhood."), field="neighbourhoods")
    areas = list(db.session.scalars(select(Neighbourhood).where(Neighbourhood.id.in_(ids))))
    if len(areas) != len(set(ids)):
        raise PolicyError(_("Choose neighbourhoods from the list."), field="neighbourhoods")
    outside = sorted(a.name for a in areas if not permissions.can_survey_area(actor, a.id))
    if outside:
        raise PolicyError(_("You cannot survey %(neighbourhoods)s: facilitators survey the neighbourhoods they look after.",
                            neighbourhoods=format_list(outside, locale=get_locale())), field="neighbourhoods")
    return areas


def _check_dates(opens_at: datetime | None, closes_at: datetime | None) -> None:
    if opens_at and closes_at and closes_at <= opens_at:
        raise PolicyError(_("The survey must close after it opens."), field="closes_at")


def _lock(survey: Survey, shared: bool = False) -> None:
    """Serialise question changes against answers on databases with row locks."""
    db.session.execute(select(Survey.id).where(Survey.id == survey.id)
                       .with_for_update(read=shared))


def has_responses(survey: Survey) -> bool:
    return bool(db.session.scalar(select(exists().where(SurveyResponse.survey_id == survey.id))))


def response_count(survey: Survey) -> int:
    return db.session.scalar(select(func.count(SurveyResponse.id))
                             .where(SurveyResponse.survey_id == survey.id)) or 0


def create_survey(actor: User, values: dict) -> Survey:
    """Create a draft survey for neighbourhoods the actor looks after."""
    if not permissions.can_create_surveys(actor):
        raise PolicyError(_("Only facilitators, councillors and admins build surveys."), status=403)
    areas = _areas(actor, values["neighbourhood_ids"])
    _check_dates(values.get("opens_at"), values.get("closes_at"))
    survey = Survey(created_by_id=actor.id, neighbourhoods=areas, language=writing_language(),
                    **{k: v for k, v in values.items() if k in SETTINGS})
    db.session.add(survey)
    db.session.flush()
    audit.record(actor, "survey.create", survey, f"Created the survey “{survey.title}”",
                 neighbourhood_id=_area_id(survey))
    return survey


def update_survey(actor: User, survey: Survey, values: dict) -> list[str]:
    """Change the settings; who may answer is fixed once someone has answered."""
    _require_manager(actor, survey)
    if survey.status is SurveyStatus.CLOSED:
        raise PolicyError(_("This survey is closed, so its settings can no longer change."))
    areas = _areas(actor, values["neighbourhood_ids"])
    _check_dates(values.get("opens_at"), values.get("closes_at"))
    changes = sorted(k for k in SETTINGS if k in values and getattr(survey, k) != values[k])
    if {a.id for a in areas} != survey.neighbourhood_ids:
        changes.append("neighbourhoods")
    if {"neighbourhoods", "verified_only"} & set(changes) and has_responses(survey):
        raise PolicyError(_("People have already answered this survey, so who may answer it can no longer change."), field="neighbourhoods")
    for key in changes:
        setattr(survey, key, areas if key == "neighbourhoods" else values[key])
    if changes:
        audit.record(actor, "survey.update", survey, f"Changed {', '.join(changes)}",
                     neighbourhood_id=_area_id(survey))
    return changes


def _require_questions_editable(actor: User, survey: Survey) -> None:
    """The guard behind every question change, whatever the page showed."""
    _require_manager(actor, survey)
    if survey.status is SurveyStatus.CLOSED:
        raise PolicyError(_("This survey is closed, so its questions can no longer change."))
    _lock(survey)  # a first response landing meanwhile waits, then sees the new questions
    if has_responses(survey):
        raise PolicyError(_("People have already answered this survey, so its questions can no longer change: "
                            "every answer must stay tied to the question it was given for. To ask something "
                            "different, create a new survey."))


def _question_values(values: dict) -> dict:
    kind = values["kind"]
    return {"prompt": values["prompt"].strip(), "kind": kind, "required": bool(values["required"]),
            "options": clean_options(kind, values.get("options", ""))}


def add_question(actor: User, survey: Survey, values: dict) -> SurveyQuestion:
    """Append a question at the end of the survey."""
    _require_questions_editable(actor, survey)
    if len(survey.questions) >= MAX_QUESTIONS:
        raise PolicyError(_("A survey can have at most %(max_questions)s questions.", max_questions=MAX_QUESTIONS))
    last = max((q.position for q in survey.questions), default=0)
    question = SurveyQuestion(position=last + 1, **_question_values(values))
    survey.questions.append(question)
    db.session.flush()
    audit.record(actor, "survey.question", survey, f"Added the question “{question.prompt}”",
                 neighbourhood_id=_area_id(survey))
    return question


def update_question(actor: User, question: SurveyQuestion, values: dict) -> SurveyQuestion:
    _require_questions_editable(actor, question.survey)
    for key, value in _question_values(values).items():
        setattr(question, key, value)
    db.session.flush()
    audit.record(actor, "survey.question", question.survey,
                 f"Changed the question “{question.prompt}”",
                 neighbourhood_id=_area_id(question.survey))
    return question


def delete_question(actor: User, question: SurveyQuestion) -> None:
    survey = question.survey
    _require_questions_editable(actor, survey)
    survey.questions.remove(question)
    db.session.flush()
    audit.record(actor, "survey.question", survey, f"Deleted the question “{question.prompt}”",
                 neighbourhood_id=_area_id(survey))


def move_question(actor: User, question: SurveyQuestion, up: bool) -> bool:
    """Swap a question with its neighbour; False when it is already first (or last)."""
    survey = question.survey
    _require_questions_editable(actor, survey)
    order = list(survey.questions)
    index = order.index(question) + (-1 if up else 1)
    if not 0 <= index < len(order):
        return False
    other = order[index]
    mine, theirs = question.position, other.position
    question.position = -1  # step aside so the unique (survey, position) never trips
    db.session.flush()
    other.position = mine
    db.session.flush()
    question.position = theirs
    db.session.flush()
    db.session.expire(survey, ["questions"])
    audit.record(actor, "survey.question", survey,
                 f"Moved the question “{question.prompt}” {'up' if up else 'down'}",
                 neighbourhood_id=_area_id(survey))
    return True


def change_status(actor: User | None, survey: Survey, target: SurveyStatus) -> None:
    """Open or close a survey; ``actor`` is None when its date moved it."""
    if actor is not None:
        _require_manager(actor, survey)
    if target not in SURVEY_TRANSITIONS[survey.status]:
        raise PolicyError(_("A survey that is %(status)s cannot become %(target)s.",
                            status=_state(survey.status), target=_state(target)))
    if target is SurveyStatus.OPEN and not survey.questions:
        raise PolicyError(_("Add at least one question before opening the survey."))
    if target is SurveyStatus.OPEN and survey.closes_at and survey.closes_at <= utcnow():
        raise PolicyError(_("The closing date has passed; change it before opening the survey."))
    before, survey.status = survey.status, target
    who = " (automatically, on its date)" if actor is None else ""
    audit.record(actor, "survey.status", survey,
                 f"The survey “{survey.title}” is now {target.value}{who}",
                 neighbourhood_id=_area_id(survey), public=True,
                 detail={"status": [before.value, target.value]})


def refresh_status(survey: Survey, now: datetime | None = None) -> bool:
    """Open or close a survey whose date has come; stop where a guard says no."""
    now, moved = now or utcnow(), False
    while True:
        due = {SurveyStatus.DRAFT: survey.opens_at, SurveyStatus.OPEN: survey.closes_at}
        when = due.get(survey.status)
        if when is None or when > now:
            return moved
        try:
            change_status(None, survey, SURVEY_TRANSITIONS[survey.status][0])
        except PolicyError:
            return moved
        moved = True


def _effectively_open(now: datetime):
    """Open now, counting surveys whose dates have moved them but nobody has visited since."""
    started = or_(Survey.status == SurveyStatus.OPEN,
                  (Survey.status == SurveyStatus.DRAFT) & (Survey.opens_at <= now)
                  & Survey.questions.any())
    return started & or_(Survey.closes_at.is_(None), Survey.closes_at > now)


def open_surveys(neighbourhood_id: int | None) -> list[Survey]:
    """Surveys open now for one neighbourhood (or anywhere), closing soonest first."""
    query = select(Survey).where(_effectively_open(utcnow()))
    if neighbourhood_id is not None:
        query = query.where(Survey.id.in_(select(survey_neighbourhoods.c.survey_id).where(
            survey_neighbourhoods.c.neighbourhood_id == neighbourhood_id)))
    return list(db.session.scalars(query.order_by(Survey.closes_at.is_(None), Survey.closes_at,
                                                  Survey.id.desc())))


def managed_surveys(user: User) -> list[Survey]:
    """Every survey this person may manage or read the answers of, newest first."""
    surveys = db.session.scalars(select(Survey).order_by(Survey.created_at.desc(),
                                                         Survey.id.desc()))
    return [s for s in surveys if permissions.can_see_survey_answers(user, s)]


def own_response(user: User, survey: Survey, lock: bool = False) -> SurveyResponse | None:
    query = select(SurveyResponse).where(SurveyResponse.survey_id == survey.id,
                                         SurveyResponse.user_id == user.id)
    return db.session.scalar(query.with_for_update() if lock else query)


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def submit_response(user: User, survey: Survey, sent: dict[int, list[str]]) -> SurveyResponse:
    """Record or replace this person's answers while the survey is open."""
    if survey.status is not SurveyStatus.OPEN:
        raise PolicyError(_("This survey is not open yet.") if survey.status is SurveyStatus.DRAFT
                          else _("This survey has closed, so answers can no longer be given or changed."))
    refusal = permissions.survey_answer_refusal(user, survey)
    if refusal:
        raise PolicyError(refusal, status=403)
    cleaned, problems = {}, {}
    for question in survey.questions:
        try:
            cleaned[question.id] = clean_answer(question, sent.get(question.id, []))
        except AnswerProblem as problem:
            problems[question.id] = str(problem)
    if problems:
        raise AnswersRefused(problems)
    _lock(survey, shared=True)
    response = own_response(user, survey, lock=True)
    changed = response is not None
    if response is None:
        response = SurveyResponse(survey_id=survey.id, user_id=user.id, code=new_code(),
                                  neighbourhood_id=user.neighbourhood_id)
        db.session.add(response)
        db.session.flush()
    else:
        db.session.execute(delete(SurveyAnswer).where(SurveyAnswer.response_id == response.id))
        db.session.expire(response, ["answers"])
        response.updated_at = utcnow()
    response.answers.extend(
        SurveyAnswer(question_id=qid, choices=c.choices, number=c.number, text=c.text)
        for qid, c in cleaned.items() if not c.empty)
    db.session.flush()
    audit.record(user, "survey.answer", survey,
                 "Changed their survey answers" if changed else "Answered a survey",
                 neighbourhood_id=user.neighbourhood_id)
    return response

