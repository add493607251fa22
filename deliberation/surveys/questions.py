"""Question kinds: how each one checks its options and turns what was sent into an answer."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from deliberation.errors import PolicyError
from deliberation.i18n.formatting import format_number
from models import QuestionKind, SurveyAnswer, SurveyQuestion

MIN_OPTIONS, MAX_OPTIONS, OPTION_LENGTH = 2, 20, 200
TEXT_LIMITS = {QuestionKind.SHORT_TEXT: 200, QuestionKind.LONG_TEXT: 5000}
SCALE = range(1, 6)


def clean_options(kind: QuestionKind, text: str) -> list[str] | None:
    """Options one per line, for choice questions only; refused when too few, many or repeated."""
    if not kind.has_options:
        return None
    options = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not MIN_OPTIONS <= len(options) <= MAX_OPTIONS:
        raise PolicyError(_("A choice question needs between %(min)s and %(max)s options, one per line; you gave %(given)s.",
                            min=MIN_OPTIONS, max=MAX_OPTIONS, given=len(options)), field="options")
    if any(len(o) > OPTION_LENGTH for o in options):
        raise PolicyError(_("Keep each option to %(limit)s characters.", limit=format_number(OPTION_LENGTH)),
                          field="options")
    if len({o.casefold() for o in options}) != len(options):
        raise PolicyError(_("Each option must be different."), field="options")
    return options


@dataclass
class Cleaned:
    """A valid answer, ready to store; ``None`` everywhere means the question was skipped."""

    choices: list[str] | None = None
    number: int | None = None
    text: str | None = None

    @property
    def empty(self) -> bool:
        return self.choices is None and self.number is None and self.text is None


class AnswerProblem(ValueError):
    """An answer that does not fit its question; the message is for the resident."""


def _choices(question: SurveyQuestion, sent: list[str]) -> Cleaned:
    picked = [s for s in sent if s != ""]
    if not picked:
        return Cleaned()
    if any(p not in question.options for p in picked):
        raise AnswerProblem(_("Choose from the options offered."))
    if question.kind is QuestionKind.SINGLE_CHOICE and len(picked) > 1:
        raise AnswerProblem(_("Choose only one option."))
    return Cleaned(choices=[o for o in question.options if o in picked])


def _scale(question: SurveyQuestion, sent: list[str]) -> Cleaned:
    value = (sent[0] if sent else "").strip()
    if not value:
        return Cleaned()
    if len(sent) > 1 or not value.isdigit() or int(value) not in SCALE:
        raise AnswerProblem(_("Choose a number from 1 to 5."))
    return Cleaned(number=int(value))


def _text(question: SurveyQuestion, sent: list[str]) -> Cleaned:
    value = (sent[0] if sent else "").replace("\r\n", "\n").strip()
    limit = TEXT_LIMITS[question.kind]
    if len(value) > limit:
        raise AnswerProblem(_("Keep your answer to %(limit)s characters; it has %(length)s.",
                              limit=format_number(limit), length=format_number(len(value))))
    return Cleaned(text=value or None)


CLEANERS = {QuestionKind.SINGLE_CHOICE: _choices, QuestionKind.MULTIPLE_CHOICE: _choices,
            QuestionKind.SCALE: _scale, QuestionKind.SHORT_TEXT: _text,
            QuestionKind.LONG_TEXT: _text}


def clean_answer(question: SurveyQuestion, sent: list[str]) -> Cleaned:
    """Check what was sent for one question; a missing required answer is a problem too."""
    cleaned = CLEANERS[question.kind](question, sent)
    if cleaned.empty and question.required:
        raise AnswerProblem(_("This question needs an answer."))
    return cleaned


def sent_values(answer: SurveyAnswer | None) -> list[str]:
    """A stored answer as the form sends it, to show it again."""
    if answer is None:
        return []
    if answer.choices is not None:
        return list(answer.choices)
    if answer.number is not None:
        return [str(answer.number)]
    return [answer.text or ""]


def answer_text(answer: SurveyAnswer | None) -> str:
    """An answer in one cell of a table or a CSV."""
    if answer is None:
        return ""
    if answer.choices is not None:
        return "; ".join(answer.choices)
    return str(answer.number) if answer.number is not None else (answer.text or "")
