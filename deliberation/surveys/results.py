"""Survey results: counts per option, the scale's spread and average, and the anonymous CSV."""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from deliberation.exports import safe_cell as _cell  # one formula-defusing rule for every export
from deliberation.surveys.questions import SCALE, answer_text
from models import QuestionKind, Survey, SurveyAnswer, SurveyQuestion, SurveyResponse, db


@dataclass
class QuestionResult:
    """What one question's answers add up to; ``texts`` is for staff eyes only."""

    question: SurveyQuestion
    answered: int = 0
    bars: list[tuple[str, int]] = field(default_factory=list)
    average: float | None = None
    texts: list[str] = field(default_factory=list)


def _responses(survey: Survey) -> list[SurveyResponse]:
    """Responses in the order of their random codes, so the order tells nothing about who."""
    return list(db.session.scalars(select(SurveyResponse).where(
        SurveyResponse.survey_id == survey.id).order_by(SurveyResponse.code)))


def survey_results(survey: Survey) -> tuple[int, list[QuestionResult]]:
    """The number of responses, and each question's tally."""
    responses = _responses(survey)
    by_question: dict[int, list[SurveyAnswer]] = defaultdict(list)
    for response in responses:
        for answer in response.answers:
            by_question[answer.question_id].append(answer)
    results = []
    for question in survey.questions:
        answers = by_question.get(question.id, [])
        result = QuestionResult(question=question, answered=len(answers))
        if question.kind.has_options:
            counts = {option: 0 for option in question.options}
            for answer in answers:
                for choice in answer.choices or []:
                    if choice in counts:
                        counts[choice] += 1
            result.bars = list(counts.items())
        elif question.kind is QuestionKind.SCALE:
            numbers = [a.number for a in answers if a.number is not None]
            result.bars = [(str(n), numbers.count(n)) for n in SCALE]
            result.average = round(sum(numbers) / len(numbers), 2) if numbers else None
        else:
            result.texts = [a.text for a in answers if a.text]
        results.append(result)
    return len(responses), results


def export_csv(survey: Survey) -> str:
    """One row per response: its random code and one column per question; never who answered."""
    questions = list(survey.questions)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # "response_code" stays a fixed key for scripts; the question headings are read by people.
    writer.writerow([_cell(v) for v in ["response_code"] + [
        _("Q%(number)s. %(prompt)s", number=n, prompt=q.prompt) for n, q in enumerate(questions, start=1)]])
    for response in _responses(survey):
        answers = {a.question_id: a for a in response.answers}
        writer.writerow([_cell(response.code)] + [_cell(answer_text(answers.get(q.id)))
                                                  for q in questions])
    return buffer.getvalue()
