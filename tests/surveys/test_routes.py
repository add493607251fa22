"""Surveys over HTTP: who may build, answer, see results, read written answers and export."""
import pytest

from deliberation.surveys import services
from models import Survey, SurveyResponse, SurveyStatus, db
from tests.conftest import login
from tests.surveys_factories import as_form, valid_answers

ROLES = ["anonymous", "unverified", "outsider", "resident", "facilitator elsewhere", "facilitator",
         "councillor", "admin"]
STAFF = ["facilitator", "councillor", "admin"]
# (url template, roles allowed; others get 403 or, if anonymous, a redirect to log in)
RULES = [
    ("/surveys", ROLES),
    ("/surveys/{s}", ROLES),
    ("/surveys/{s}/answer", ["resident"] + STAFF),
    ("/surveys/new", ["facilitator elsewhere"] + STAFF),
    ("/surveys/manage", ["facilitator elsewhere"] + STAFF),
    ("/surveys/{s}/edit", STAFF),
    ("/surveys/questions/{q}/edit", STAFF),
    ("/surveys/{s}/results", STAFF),
    ("/surveys/{s}/export.csv", STAFF),
]


@pytest.fixture
def world(make_user, make_survey, make_neighbourhood):
    survey = make_survey(verified_only=True)
    area = survey.neighbourhoods[0]
    people = {
        "anonymous": None,
        "unverified": make_user("unverified", neighbourhood=area),
        "outsider": make_user(neighbourhood=make_neighbourhood()),
        "resident": make_user(neighbourhood=area, name="Rosa Respondent"),
        "facilitator elsewhere": make_user("facilitator"),
        "facilitator": make_user("facilitator", neighbourhood=area),
        "councillor": make_user("councillor", neighbourhood=area),
        "admin": make_user("admin", neighbourhood=area),
    }
    services.submit_response(people["resident"], survey, valid_answers(survey))
    db.session.commit()
    return {"survey": survey, **people}


@pytest.mark.parametrize("role", ROLES)
def test_access_table(client, world, role):
    user = world[role]
    if user is not None:
        login(client, user)
    survey = world["survey"]
    for template, allowed in RULES:
        url = template.format(s=survey.id, q=survey.questions[0].id)
        status = client.get(url).status_code
        if role in allowed:
            assert status == 200, (role, url)
        elif user is None:
            assert status == 302, (role, url)
        else:
            assert status == 403, (role, url)


@pytest.mark.parametrize("role", ROLES)
def test_written_answers_are_for_staff_only_even_when_results_are_public(client, world, role):
    survey = world["survey"]
    survey.results_public, survey.status = True, SurveyStatus.CLOSED
    db.session.commit()
    if world[role] is not None:
        login(client, world[role])
    page = client.get(f"/surveys/{survey.id}/results")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "How people rated" in text and "<svg" in text
    assert ("More lights by the lock, please." in text) is (role in STAFF)


def test_unverified_residents_learn_why_they_cannot_answer(client, world):
    login(client, world["unverified"])
    page = client.get(f"/surveys/{world['survey'].id}/answer")
    assert page.status_code == 403
    assert "Only verified residents can answer this survey" in page.get_data(as_text=True)


def test_drafts_are_hidden_from_residents(client, make_user, make_survey):
    draft = make_survey(status="draft")
    area = draft.neighbourhoods[0]
    login(client, make_user(neighbourhood=area))
    assert client.get(f"/surveys/{draft.id}").status_code == 404
    assert "Safety walk" not in client.get("/surveys").get_data(as_text=True)
    login(client, make_user("facilitator", neighbourhood=area))
    assert client.get(f"/surveys/{draft.id}").status_code == 200
    assert "Safety walk" in client.get("/surveys").get_data(as_text=True)


def test_a_wrong_answer_is_refused_by_its_question_and_nothing_is_lost(client, make_user,
                                                                       make_survey):
    survey = make_survey()
    login(client, make_user(neighbourhood=survey.neighbourhoods[0]))
    answers = valid_answers(survey)
    answers[survey.questions[0].id] = []
    answers[survey.questions[2].id] = ["9"]
    answers[survey.questions[4].id] = ["The lamp by <the lock> flickers"]
    page = client.post(f"/surveys/{survey.id}/answer", data=as_form(answers))
    text = page.get_data(as_text=True)
    assert page.status_code == 400
    q1, q3 = survey.questions[0].id, survey.questions[2].id
    assert f'id="q-{q1}-error"><li>This question needs an answer.' in text
    assert f'id="q-{q3}-error"><li>Choose a number from 1 to 5.' in text
    assert "The lamp by &lt;the lock&gt; flickers</textarea>" in text
    assert 'value="Mill Lane"' in text
    assert db.session.scalar(db.select(db.func.count(SurveyResponse.id))) == 0


def test_residents_answer_then_change_their_answers(client, make_user, make_survey):
    survey = make_survey()
    login(client, make_user(neighbourhood=survey.neighbourhoods[0]))
    answers = valid_answers(survey)
    assert client.post(f"/surveys/{survey.id}/answer", data=as_form(answers)).status_code == 302
    page = client.get(f"/surveys/{survey.id}/answer").get_data(as_text=True)
    assert "Change your answers" in page and 'value="Mill Lane"' in page
    answers[survey.questions[3].id] = ["Lock Street"]
    assert client.post(f"/surveys/{survey.id}/answer", data=as_form(answers)).status_code == 302
    responses = db.session.scalars(db.select(SurveyResponse)).all()
    assert len(responses) == 1
    assert "Lock Street" in {a.text for a in responses[0].answers}


def test_a_question_change_after_the_first_response_is_refused(client, world):
    survey, question = world["survey"], world["survey"].questions[0]
    login(client, world["facilitator"])
    form = {"prompt": "A different question?", "kind": "single_choice", "required": "y",
            "options": "Yes\nNo"}
    page = client.post(f"/surveys/questions/{question.id}/edit", data=form)
    assert page.status_code == 400
    assert "People have already answered this survey, so its questions can no longer change" in \
        page.get_data(as_text=True)
    assert client.post(f"/surveys/questions/{question.id}/delete").status_code == 302
    db.session.expire_all()
    assert question.prompt == "How safe do you feel walking at night?"
    assert len(db.session.get(Survey, survey.id).questions) == 5


def test_a_facilitator_builds_a_survey_for_their_own_neighbourhood(client, make_user,
                                                                  make_neighbourhood):
    home, other = make_neighbourhood(), make_neighbourhood()
    login(client, make_user("facilitator", neighbourhood=home))
    form = {"title": "Parks", "description": "", "neighbourhoods": [str(home.id), str(other.id)],
            "audience": "everyone"}
    page = client.post("/surveys/new", data=form)
    assert page.status_code == 400
    assert f"You cannot survey {other.name}" in page.get_data(as_text=True)
    assert f'value="{home.id}" id="neighbourhoods-{home.id}" checked' in page.get_data(as_text=True)
    form["neighbourhoods"] = [str(home.id)]
    assert client.post("/surveys/new", data=form).status_code == 302
    survey = db.session.scalar(db.select(Survey))
    assert survey.neighbourhood_ids == {home.id} and not survey.verified_only
    question = {"prompt": "Which park?", "kind": "single_choice", "options": "North\nSouth"}
    assert client.post(f"/surveys/{survey.id}/questions/new", data=question).status_code == 302
    question["prompt"] = "How often do you go?"
    question["kind"] = "scale"
    assert client.post(f"/surveys/{survey.id}/questions/new", data=question).status_code == 302
    db.session.expire_all()
    second = db.session.get(Survey, survey.id).questions[1]
    assert client.post(f"/surveys/questions/{second.id}/move/up").status_code == 302
    db.session.expire_all()
    assert [q.prompt for q in db.session.get(Survey, survey.id).questions] == \
        ["How often do you go?", "Which park?"]
    assert not db.session.get(Survey, survey.id).questions[1].required  # the box was not ticked
    assert client.post(f"/surveys/{survey.id}/status/open").status_code == 302
    db.session.expire_all()
    assert db.session.get(Survey, survey.id).status is SurveyStatus.OPEN


def test_the_export_is_a_csv_download_without_names(client, world):
    login(client, world["councillor"])
    export = client.get(f"/surveys/{world['survey'].id}/export.csv")
    assert export.headers["Content-Disposition"].startswith("attachment;")
    text = export.get_data(as_text=True)
    assert text.startswith("response_code,") and "Mill Lane" in text
    assert "Rosa Respondent" not in text and world["resident"].email not in text


def test_the_neighbourhood_page_lists_its_open_surveys(client, make_survey, make_neighbourhood):
    survey = make_survey(neighbourhood=make_neighbourhood("Riverbank"))
    page = client.get("/neighbourhoods/riverbank").get_data(as_text=True)
    assert f'href="/surveys/{survey.id}"' in page


def test_opening_needs_a_question_and_closing_ends_answering(client, make_user, make_survey):
    empty = make_survey(status="draft", questions=[])
    login(client, make_user("councillor"))
    page = client.post(f"/surveys/{empty.id}/status/open", follow_redirects=True)
    assert "Add at least one question before opening the survey." in page.get_data(as_text=True)
    survey = make_survey()
    assert client.post(f"/surveys/{survey.id}/status/closed").status_code == 302
    login(client, make_user(neighbourhood=survey.neighbourhoods[0]))
    page = client.get(f"/surveys/{survey.id}/answer", follow_redirects=True)
    assert "This survey is not open for answers." in page.get_data(as_text=True)


def test_a_survey_closes_by_itself_when_its_date_passes(client, make_survey):
    from datetime import timedelta

    from models import utcnow
    survey = make_survey(closes_at=utcnow() + timedelta(seconds=1))
    survey.closes_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert "This survey is closed." in client.get(f"/surveys/{survey.id}").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Survey, survey.id).status is SurveyStatus.CLOSED


def test_staff_edit_the_settings_and_what_was_typed_is_kept(client, world):
    survey = world["survey"]
    login(client, world["facilitator"])
    form = {"title": "Safety walk 2027", "description": "New text",
            "neighbourhoods": [str(survey.neighbourhoods[0].id)], "audience": "verified",
            "opens_at": "2027-05-01T10:00", "closes_at": "2027-04-01T10:00"}
    page = client.post(f"/surveys/{survey.id}/edit", data=form)
    assert page.status_code == 400
    text = page.get_data(as_text=True)
    assert "The survey must close after it opens." in text and 'value="Safety walk 2027"' in text
    form["closes_at"] = "2027-06-01T10:00"
    assert client.post(f"/surveys/{survey.id}/edit", data=form).status_code == 302
    db.session.expire_all()
    assert db.session.get(Survey, survey.id).title == "Safety walk 2027"
