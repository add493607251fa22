"""Factories for surveys: one question of every kind, in any status, for any audience."""
import pytest

from models import QuestionKind, Survey, SurveyQuestion, SurveyStatus, db

QUESTIONS = [
    (QuestionKind.SINGLE_CHOICE, "How safe do you feel walking at night?", True,
     ["Very safe", "Fairly safe", "Not safe"]),
    (QuestionKind.MULTIPLE_CHOICE, "Which places worry you?", True,
     ["The underpass", "The canal path", "The park"]),
    (QuestionKind.SCALE, "How good is the street lighting?", True, None),
    (QuestionKind.SHORT_TEXT, "Which street should be fixed first?", False, None),
    (QuestionKind.LONG_TEXT, "Anything else you want to tell us?", False, None),
]


@pytest.fixture
def make_survey(app, make_neighbourhood):
    """make_survey(status="open", neighbourhood=..., verified_only=True, ...) -> Survey."""
    def make(status: str = "open", neighbourhood=None, areas=None, questions=QUESTIONS,
             author=None, **settings) -> Survey:
        areas = areas or [neighbourhood if neighbourhood is not None else make_neighbourhood()]
        survey = Survey(title=settings.pop("title", "Safety walk 2026"),
                        status=SurveyStatus(status),
                        neighbourhoods=areas, created_by_id=author.id if author else None,
                        **settings)
        for position, (kind, prompt, required, options) in enumerate(questions, start=1):
            survey.questions.append(SurveyQuestion(position=position, kind=kind, prompt=prompt,
                                                   required=required, options=options))
        db.session.add(survey)
        db.session.commit()
        return survey
    return make


def valid_answers(survey: Survey) -> dict[int, list[str]]:
    """A complete, valid set of answers, as the answer form sends them."""
    by_kind = {QuestionKind.SINGLE_CHOICE: ["Fairly safe"],
               QuestionKind.MULTIPLE_CHOICE: ["The underpass", "The park"],
               QuestionKind.SCALE: ["2"], QuestionKind.SHORT_TEXT: ["Mill Lane"],
               QuestionKind.LONG_TEXT: ["More lights by the lock, please."]}
    return {q.id: by_kind[q.kind] for q in survey.questions}


def as_form(answers: dict[int, list[str]]) -> dict[str, list[str]]:
    return {f"q-{qid}": values for qid, values in answers.items()}
