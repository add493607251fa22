"""Demo survey: night-time safety in Riverside, open, with answers from demo residents."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from deliberation.surveys.services import (add_question, change_status, create_survey,
                                           submit_response)
from models import Neighbourhood, QuestionKind, Survey, SurveyStatus, User, db, utcnow

TITLE = "Feeling safe in Riverside after dark"
QUESTIONS = [
    ("How safe do you feel walking at night?", QuestionKind.SINGLE_CHOICE, True,
     "Very safe\nFairly safe\nA bit unsafe\nVery unsafe"),
    ("Where do you feel least safe?", QuestionKind.MULTIPLE_CHOICE, False,
     "The canal path\nThe underpass\nMill Lane\nThe allotments"),
    ("How good is the street lighting near your home?", QuestionKind.SCALE, True, ""),
    ("Which street should get better lighting first?", QuestionKind.SHORT_TEXT, False, ""),
    ("Anything else we should know?", QuestionKind.LONG_TEXT, False, ""),
]
# Demo respondents by email, with their answers in question order.
ANSWERS = {
    "resident@agora.example": (["A bit unsafe"], ["The canal path", "The underpass"], ["2"],
                               ["Canal Row"], ["The lamps by the lock are often out."]),
    "facilitator@agora.example": (["Fairly safe"], ["The underpass"], ["3"], ["Mill Lane"], []),
    "newcomer@agora.example": (["Very unsafe"], ["The canal path", "The allotments"], ["1"], [],
                               ["I walk home from late shifts and avoid the path."]),
}


def load_surveys_demo(facilitator: User) -> None:
    """Create the demo survey through the services, once."""
    if db.session.scalar(select(Survey.id).where(Survey.title == TITLE)) is not None:
        return
    riverside = db.session.scalar(select(Neighbourhood).where(Neighbourhood.name == "Riverside"))
    survey = create_survey(facilitator, {
        "title": TITLE, "neighbourhood_ids": [riverside.id], "verified_only": False,
        "results_public": True, "opens_at": None, "closes_at": utcnow() + timedelta(days=30),
        "description": "The council is planning new street lights. Tell us where you feel "
                       "unsafe walking at night, so the money goes where it helps most."})
    for prompt, kind, required, options in QUESTIONS:
        add_question(facilitator, survey, {"prompt": prompt, "kind": kind, "required": required,
                                           "options": options})
    change_status(facilitator, survey, SurveyStatus.OPEN)
    for email, answers in ANSWERS.items():
        person = db.session.scalar(select(User).where(User.email == email))
        if person is not None:
            submit_response(person, survey, {q.id: a for q, a in zip(survey.questions, answers)})
