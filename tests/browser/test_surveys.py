"""Surveys in real browsers: a facilitator builds one, residents answer, staff read the results."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from deliberation.surveys import services
from deliberation.surveys.questions import answer_text
from models import QuestionKind, Survey, SurveyResponse, SurveyStatus, db
from tests.browser_fixtures import log_in
from tests.conftest import PASSWORD
from tests.surveys_factories import valid_answers

pytestmark = pytest.mark.browser

QUESTIONS = [
    ("Which park do you use most?", "single_choice", "North Park\nSouth Park", True),
    ("What would you add?", "multiple_choice", "Benches\nLights\nBins", True),
    ("How clean is your park?", "scale", "", True),
    ("Your street", "short_text", "", False),
    ("Tell us more", "long_text", "", False),
]


def _as(new_context, live_server, user, javascript=True):
    page = new_context(base_url=live_server.url, java_script_enabled=javascript).new_page()
    log_in(page, user.email, PASSWORD)
    return page


def _group(page, prompt):
    """A choice or scale question: its fieldset, named by its legend."""
    return page.get_by_role("group", name=re.compile(re.escape(prompt)))


def test_a_facilitator_builds_a_survey_with_every_kind_and_opens_it(page, make_user,
                                                                    make_neighbourhood):
    area = make_neighbourhood("Riverside")
    make_neighbourhood("Old Town")
    log_in(page, make_user("facilitator", neighbourhood=area).email, PASSWORD)
    page.get_by_role("link", name="Surveys").click()
    page.get_by_role("link", name="Create a survey").click()
    expect(page.get_by_label("Old Town")).to_have_count(0)  # not theirs to survey
    page.get_by_role("button", name="Save survey").click()
    expect(page.get_by_text("Give the survey a title.")).to_be_visible()
    expect(page.get_by_text("Choose at least one neighbourhood.")).to_be_visible()
    page.get_by_label("Title").fill("Our parks")
    page.get_by_label("Description").fill("Help us plan **the parks**.")
    page.get_by_label("Riverside").check()
    page.get_by_label("Everyone signed in").check()
    page.get_by_label("Show results publicly").check()
    page.get_by_role("button", name="Save survey").click()
    expect(page.get_by_text("is created as a draft")).to_be_visible()
    for prompt, kind, options, required in QUESTIONS:
        page.get_by_role("link", name="Add a question").click()
        page.get_by_label("Question", exact=True).fill(prompt)
        page.get_by_label("Kind of answer").select_option(kind)
        page.get_by_label("Options").fill(options)
        page.get_by_label("An answer is required").set_checked(required)
        page.get_by_role("button", name="Save question").click()
        expect(page.get_by_text("Question added.")).to_be_visible()
    page.get_by_role("button", name=re.compile("^Move up.*Tell us more")).click()
    expect(page.locator(".survey-questions > li strong")).to_have_text(
        ["Which park do you use most?", "What would you add?", "How clean is your park?",
         "Tell us more", "Your street"])
    page.get_by_role("button", name="Open the survey").click()
    expect(page.get_by_text("“Our parks” is now open.")).to_be_visible()
    survey = db.session.scalar(db.select(Survey))
    db.session.refresh(survey)
    assert survey.status is SurveyStatus.OPEN and not survey.verified_only
    assert {q.kind for q in survey.questions} == set(QuestionKind)
    assert [q.required for q in survey.questions] == [True, True, True, False, False]


def test_a_resident_is_told_what_to_fix_and_later_changes_the_answers(page, make_user, make_survey):
    survey = make_survey()
    resident = make_user(neighbourhood=survey.neighbourhoods[0])
    log_in(page, resident.email, PASSWORD)
    page.get_by_role("link", name="Surveys").click()
    page.get_by_role("link", name="Safety walk 2026").click()
    page.get_by_role("link", name="Answer this survey").click()
    page.get_by_label("The underpass").check()
    _group(page, "street lighting").get_by_label("2", exact=True).check()
    page.get_by_label("Anything else you want to tell us?").fill("The lock is very dark.")
    page.get_by_role("button", name="Send my answers").click()
    night = _group(page, "How safe do you feel walking at night?")
    expect(night.get_by_text("This question needs an answer.")).to_be_visible()
    expect(page.get_by_label("Anything else you want to tell us?")).to_have_value(
        "The lock is very dark.")
    expect(page.get_by_label("The underpass")).to_be_checked()
    night.get_by_label("Not safe").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("your answers are saved")).to_be_visible()
    page.get_by_role("link", name="Change my answers").click()
    expect(page.get_by_label("Not safe")).to_be_checked()
    page.get_by_label("Fairly safe").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("your answers are saved")).to_be_visible()
    db.session.expire_all()
    response = db.session.scalar(db.select(SurveyResponse))
    assert db.session.scalar(db.select(db.func.count(SurveyResponse.id))) == 1
    assert ["Fairly safe"] in [a.choices for a in response.answers]


def test_the_facilitator_sees_the_chart_and_downloads_an_anonymous_csv(page, make_user,
                                                                       make_survey):
    survey = make_survey()
    area = survey.neighbourhoods[0]
    people = [make_user(neighbourhood=area, name=f"Neighbour {n}") for n in range(2)]
    for person in people:
        services.submit_response(person, survey, valid_answers(survey))
    db.session.commit()
    log_in(page, make_user("facilitator", neighbourhood=area).email, PASSWORD)
    page.goto(f"/surveys/{survey.id}")
    page.get_by_role("link", name="See the results").click()
    expect(page.get_by_role("img", name="How people rated “How good is the street lighting?” "
                                        "(1 to 5)")).to_be_visible()
    expect(page.get_by_text("Average: 2.0")).to_be_visible()
    expect(page.get_by_text("More lights by the lock, please.").first).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download answers (CSV)").click()
    content = Path(download.value.path()).read_text(encoding="utf-8")
    assert content.startswith("response_code,Q1. How safe do you feel walking at night?")
    assert content.count("Mill Lane") == 2
    for person in people:
        assert person.display_name not in content and person.email not in content


def test_a_survey_with_answers_refuses_a_question_change(new_context, live_server, make_user,
                                                         make_survey):
    survey = make_survey()
    area = survey.neighbourhoods[0]
    staff = _as(new_context, live_server, make_user("facilitator", neighbourhood=area))
    staff.goto(f"/surveys/{survey.id}")
    staff.get_by_role("link", name=re.compile("^Edit.*How safe do you feel")).click()
    staff.get_by_label("Question", exact=True).fill("Do you feel safe?")
    resident = _as(new_context, live_server, make_user(neighbourhood=area))
    resident.goto(f"/surveys/{survey.id}/answer")
    resident.get_by_label("Very safe").check()
    resident.get_by_label("The park").check()
    _group(resident, "street lighting").get_by_label("5", exact=True).check()
    resident.get_by_role("button", name="Send my answers").click()
    expect(resident.get_by_text("your answers are saved")).to_be_visible()
    staff.get_by_role("button", name="Save question").click()
    expect(staff.get_by_text("People have already answered this survey, so its questions can "
                             "no longer change: every answer")).to_be_visible()
    expect(staff.get_by_label("Question", exact=True)).to_have_value("Do you feel safe?")
    staff.goto(f"/surveys/{survey.id}")
    expect(staff.get_by_role("link", name=re.compile("^Edit “"))).to_have_count(0)
    db.session.expire_all()
    assert db.session.get(Survey, survey.id).questions[0].prompt == \
        "How safe do you feel walking at night?"


def test_a_browser_without_javascript_can_answer(nojs_page, make_user, make_survey):
    survey = make_survey()
    resident = make_user(neighbourhood=survey.neighbourhoods[0])
    log_in(nojs_page, resident.email, PASSWORD)
    nojs_page.goto(f"/surveys/{survey.id}/answer")
    nojs_page.get_by_label("Very safe").check()
    nojs_page.get_by_label("The canal path").check()
    nojs_page.get_by_role("button", name="Send my answers").click()
    expect(_group(nojs_page, "street lighting").get_by_text("This question needs an answer.")) \
        .to_be_visible()
    _group(nojs_page, "street lighting").get_by_label("4", exact=True).check()
    nojs_page.get_by_label("Which street should be fixed first?").fill("Lock Street")
    nojs_page.get_by_role("button", name="Send my answers").click()
    expect(nojs_page.get_by_text("your answers are saved")).to_be_visible()
    db.session.expire_all()
    response = db.session.scalar(db.select(SurveyResponse))
    prompts = {q.id: q.prompt for q in survey.questions}
    assert {prompts[a.question_id]: answer_text(a) for a in response.answers} == {
        "How safe do you feel walking at night?": "Very safe",
        "Which places worry you?": "The canal path",
        "How good is the street lighting?": "4",
        "Which street should be fixed first?": "Lock Street"}
