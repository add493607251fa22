"""Survey services: building, locking after the first answer, checking answers, one response."""
import csv
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from deliberation.errors import PolicyError
from deliberation.surveys import results, services
from models import (AuditEntry, QuestionKind, SurveyAnswer, SurveyResponse, SurveyStatus, db,
                    utcnow)
from tests.surveys_factories import valid_answers


def _settings(area, **over):
    values = {"title": "Night safety", "description": "Tell us **how** it feels.",
              "neighbourhood_ids": [area.id], "verified_only": True, "results_public": False,
              "opens_at": None, "closes_at": None}
    return values | over


def _question(kind="single_choice", prompt="How safe?", options="Safe\nUnsafe", required=True):
    return {"prompt": prompt, "kind": QuestionKind(kind), "required": required, "options": options}


def test_a_facilitator_builds_and_opens_a_survey_with_every_kind(make_user, make_neighbourhood):
    area = make_neighbourhood()
    facilitator = make_user("facilitator", neighbourhood=area)
    survey = services.create_survey(facilitator, _settings(area))
    for kind in QuestionKind:
        services.add_question(facilitator, survey, _question(kind.value, prompt=f"Q {kind.value}",
                                                             options="Yes\nNo\nMaybe"))
    assert [q.kind for q in survey.questions] == list(QuestionKind)
    assert survey.questions[0].options == ["Yes", "No", "Maybe"]
    assert survey.questions[2].options is None  # only choice questions keep options
    services.change_status(facilitator, survey, SurveyStatus.OPEN)
    db.session.commit()
    assert survey.status is SurveyStatus.OPEN
    actions = db.session.scalars(db.select(AuditEntry.action).where(
        AuditEntry.subject_type == "survey")).all()
    assert actions.count("survey.question") == 5 and "survey.status" in actions


def test_facilitators_survey_only_their_neighbourhoods(make_user, make_neighbourhood):
    home, elsewhere = make_neighbourhood(), make_neighbourhood()
    facilitator = make_user("facilitator", neighbourhood=home)
    both = [home.id, elsewhere.id]
    with pytest.raises(PolicyError, match="You cannot survey") as refused:
        services.create_survey(facilitator, _settings(home, neighbourhood_ids=both))
    assert refused.value.field == "neighbourhoods"
    with pytest.raises(PolicyError, match="at least one neighbourhood"):
        services.create_survey(facilitator, _settings(home, neighbourhood_ids=[]))
    with pytest.raises(PolicyError, match="Only facilitators"):
        services.create_survey(make_user(neighbourhood=home), _settings(home))
    councillor = make_user("councillor")
    assert services.create_survey(councillor, _settings(home, neighbourhood_ids=both))


@pytest.mark.parametrize("options, message", [
    ("Only one", "between 2 and 20 options"),
    ("\n".join(f"Option {n}" for n in range(21)), "you gave 21"),
    ("Same\nsame", "must be different"),
])
def test_choice_questions_need_two_to_twenty_distinct_options(make_user, make_survey, options,
                                                               message):
    survey = make_survey(status="draft")
    admin = make_user("admin")
    with pytest.raises(PolicyError, match=message) as refused:
        services.add_question(admin, survey, _question(options=options))
    assert refused.value.field == "options"


def test_questions_move_up_and_down_and_can_be_deleted(make_user, make_survey):
    survey = make_survey(status="draft")
    admin = make_user("admin")
    first, second, third = survey.questions[:3]
    assert services.move_question(admin, second, up=True)
    assert not services.move_question(admin, second, up=True)  # already first
    assert services.move_question(admin, first, up=False)
    db.session.commit()
    db.session.refresh(survey)
    assert survey.questions[:3] == [second, third, first]
    services.delete_question(admin, third)
    db.session.commit()
    assert third not in survey.questions and len(survey.questions) == 4


def test_questions_lock_after_the_first_response(make_user, make_survey):
    survey = make_survey()
    admin, area = make_user("admin"), survey.neighbourhoods[0]
    services.submit_response(make_user(neighbourhood=area), survey,
                             valid_answers(survey))
    question = survey.questions[0]
    for change in (lambda: services.add_question(admin, survey, _question()),
                   lambda: services.update_question(admin, question, _question(prompt="New?")),
                   lambda: services.delete_question(admin, question),
                   lambda: services.move_question(admin, survey.questions[1], up=True)):
        with pytest.raises(PolicyError, match="already answered this survey, so its questions"):
            change()
    with pytest.raises(PolicyError, match="who may answer"):
        services.update_survey(admin, survey, _settings(area, verified_only=False))
    services.update_survey(admin, survey, _settings(area, title="Renamed"))
    assert survey.title == "Renamed" and question.prompt == "How safe do you feel walking at night?"


@pytest.mark.parametrize("position, sent, message", [
    (0, [], "needs an answer"),
    (0, ["Perfectly safe"], "Choose from the options offered"),
    (0, ["Very safe", "Not safe"], "Choose only one option"),
    (1, ["The moon"], "Choose from the options offered"),
    (2, ["6"], "from 1 to 5"),
    (2, ["0"], "from 1 to 5"),
    (2, ["three"], "from 1 to 5"),
    (3, ["x" * 201], "Keep your answer to 200 characters; it has 201"),
    (4, ["x" * 5001], "Keep your answer to 5,000 characters"),
])
def test_answers_are_checked_per_kind(make_user, make_survey, position, sent, message):
    survey = make_survey()
    answers = valid_answers(survey)
    question = survey.questions[position]
    answers[question.id] = sent
    with pytest.raises(services.AnswersRefused) as refused:
        services.submit_response(make_user(neighbourhood=survey.neighbourhoods[0]), survey, answers)
    assert list(refused.value.problems) == [question.id]
    assert message in refused.value.problems[question.id]
    assert db.session.scalar(db.select(db.func.count(SurveyResponse.id))) == 0


def test_optional_questions_may_be_skipped(make_user, make_survey):
    survey = make_survey()
    answers = valid_answers(survey)
    for question in survey.questions[3:]:
        answers[question.id] = ["   "]
    response = services.submit_response(make_user(neighbourhood=survey.neighbourhoods[0]), survey,
                                        answers)
    assert len(response.answers) == 3


def test_one_response_per_person_edited_until_the_survey_closes(make_user, make_survey):
    survey = make_survey()
    resident = make_user(neighbourhood=survey.neighbourhoods[0])
    answers = valid_answers(survey)
    first = services.submit_response(resident, survey, answers)
    db.session.commit()
    answers[survey.questions[2].id] = ["5"]
    second = services.submit_response(resident, survey, answers)
    db.session.commit()
    assert second.id == first.id and second.code == first.code
    numbers = db.session.scalars(db.select(SurveyAnswer.number).where(
        SurveyAnswer.number.is_not(None))).all()
    assert numbers == [5]
    services.change_status(None, survey, SurveyStatus.CLOSED)
    with pytest.raises(PolicyError, match="closed, so answers can no longer"):
        services.submit_response(resident, survey, answers)


def test_the_database_refuses_a_second_response(make_user, make_survey):
    survey = make_survey()
    resident = make_user(neighbourhood=survey.neighbourhoods[0])
    services.submit_response(resident, survey, valid_answers(survey))
    db.session.commit()
    db.session.add(SurveyResponse(survey_id=survey.id, user_id=resident.id, code="AAAAA-BBBBB"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_audience_and_verified_only_rules(make_user, make_survey, make_neighbourhood):
    survey = make_survey(verified_only=True)
    area = survey.neighbourhoods[0]
    with pytest.raises(PolicyError, match="for residents of") as refused:
        services.submit_response(make_user(neighbourhood=make_neighbourhood()), survey,
                                 valid_answers(survey))
    assert refused.value.status == 403
    unverified = make_user("unverified", neighbourhood=area)
    with pytest.raises(PolicyError, match="Only verified residents"):
        services.submit_response(unverified, survey, valid_answers(survey))
    survey.verified_only = False
    assert services.submit_response(unverified, survey, valid_answers(survey)).id


def test_surveys_open_and_close_on_their_dates(make_user, make_survey):
    now = utcnow()
    survey = make_survey(status="draft", opens_at=now - timedelta(hours=2),
                         closes_at=now + timedelta(hours=1))
    assert services.open_surveys(survey.neighbourhoods[0].id) == [survey]  # due, not yet visited
    assert services.refresh_status(survey) and survey.status is SurveyStatus.OPEN
    assert services.refresh_status(survey, now + timedelta(hours=2))
    assert survey.status is SurveyStatus.CLOSED
    empty = make_survey(status="draft", questions=[], opens_at=now - timedelta(hours=1))
    assert not services.refresh_status(empty) and empty.status is SurveyStatus.DRAFT
    with pytest.raises(PolicyError, match="cannot become open"):
        services.change_status(make_user("admin"), survey, SurveyStatus.OPEN)


def test_csv_has_a_random_code_per_response_and_no_names(make_user, make_survey):
    survey = make_survey()
    people = [make_user(neighbourhood=survey.neighbourhoods[0], name=f"Named Person {n}")
              for n in range(3)]
    answers = valid_answers(survey)
    answers[survey.questions[3].id] = ["=HYPERLINK(\"http://evil\")"]
    for person in people:
        services.submit_response(person, survey, answers)
    db.session.commit()
    text = results.export_csv(survey)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["response_code", "Q1. How safe do you feel walking at night?"]
    assert len(rows) == 4 and len({r[0] for r in rows[1:]}) == 3
    assert rows[1][1:4] == ["Fairly safe", "The underpass; The park", "2"]
    assert rows[1][4].startswith("'=")  # spreadsheet formulas are defused
    for person in people:
        assert person.display_name not in text and person.email not in text
    assert all(re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", row[0]) for row in rows[1:])


def test_results_count_options_and_average_the_scale(make_user, make_survey):
    survey = make_survey()
    area = survey.neighbourhoods[0]
    for rating in ("1", "4"):
        answers = valid_answers(survey)
        answers[survey.questions[2].id] = [rating]
        services.submit_response(make_user(neighbourhood=area), survey, answers)
    total, rows = results.survey_results(survey)
    assert total == 2
    assert rows[0].bars == [("Very safe", 0), ("Fairly safe", 2), ("Not safe", 0)]
    assert rows[2].bars == [("1", 1), ("2", 0), ("3", 0), ("4", 1), ("5", 0)]
    assert rows[2].average == 2.5
    assert rows[4].texts == ["More lights by the lock, please."] * 2
