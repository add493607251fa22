"""The demo survey is built through the services, answered by demo residents, and loads once."""
from deliberation.surveys.demo import TITLE, load_surveys_demo
from models import Survey, SurveyResponse, SurveyStatus, db


def test_demo_survey_is_open_with_answers_and_idempotent(make_user, make_neighbourhood):
    riverside = make_neighbourhood("Riverside")
    facilitator = make_user("facilitator", neighbourhood=riverside,
                            email="facilitator@agora.example")
    make_user(neighbourhood=riverside, email="resident@agora.example")
    make_user("unverified", neighbourhood=riverside, email="newcomer@agora.example")
    load_surveys_demo(facilitator)
    db.session.commit()
    load_surveys_demo(facilitator)
    db.session.commit()
    survey = db.session.scalar(db.select(Survey).where(Survey.title == TITLE))
    assert db.session.scalar(db.select(db.func.count(Survey.id))) == 1
    assert survey.status is SurveyStatus.OPEN and len(survey.questions) == 5
    assert db.session.scalar(db.select(db.func.count(SurveyResponse.id))) == 3
