"""What can be translated: each kind of content, its fields, and who answers for it."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask import url_for

from deliberation import permissions
from models import ContentKind, Debate, Outcome, Proposal, Survey, SurveyQuestion, User, db


@dataclass(frozen=True)
class Kind:
    """One translatable kind: the model, its fields, and the people who speak for it."""

    model: type
    fields: tuple[str, ...]
    areas: Callable[[object], set[int]]      # neighbourhoods whose residents may volunteer
    owns: Callable[[User, object], bool]      # its author or staff: translations go live at once
    url: Callable[[object], str]
    visible: Callable[[User, object], bool] = lambda user, subject: True


def _proposal_owner(user: User, proposal: Proposal) -> bool:
    area = proposal.process.neighbourhood_id
    return proposal.author_id == user.id or (
        permissions.can_facilitate(user, area) if area else permissions.is_admin(user))


def _areas_of_process(process) -> set[int]:
    return {process.neighbourhood_id} if process.neighbourhood_id else set()


KINDS: dict[ContentKind, Kind] = {
    ContentKind.PROPOSAL: Kind(
        Proposal, ("title", "description"), lambda p: _areas_of_process(p.process), _proposal_owner,
        lambda p: url_for("budgeting.proposal", proposal_id=p.id),
        lambda u, p: permissions.can_view_process(u, p.process)),
    ContentKind.DEBATE: Kind(
        Debate, ("title", "question", "background"), lambda d: {d.neighbourhood_id},
        lambda u, d: permissions.can_facilitate(u, d.neighbourhood_id),
        lambda d: url_for("debates.show", debate_id=d.id)),
    ContentKind.SURVEY: Kind(
        Survey, ("title", "description"), lambda s: s.neighbourhood_ids,
        permissions.can_manage_survey, lambda s: url_for("surveys.show", survey_id=s.id),
        permissions.can_view_survey),
    ContentKind.OUTCOME: Kind(
        Outcome, ("summary",), lambda o: _areas_of_process(o.process),
        lambda u, o: permissions.can_publish_outcome(u),
        lambda o: url_for("outcomes.outcome", process_id=o.process_id)),
}
# A survey's questions are translated on the survey's page, with the same people answering for them.
QUESTION_FIELDS = ("prompt",)
KIND_OF = {kind.model: key for key, kind in KINDS.items()} | {SurveyQuestion: ContentKind.SURVEY_QUESTION}


def parse_kind(value: str) -> ContentKind | None:
    """The kind named in a URL, if it is one that can be translated on its own page."""
    try:
        kind = ContentKind(value)
    except ValueError:
        return None
    return kind if kind in KINDS else None


def load(kind: ContentKind, subject_id: int):
    return db.session.get(KINDS[kind].model, subject_id)


def language_of(subject) -> str:
    """The language the original was written in (a question shares its survey's)."""
    if isinstance(subject, SurveyQuestion):
        return subject.survey.language
    return subject.language


def parts(kind: ContentKind, subject) -> list[tuple[ContentKind, object, str]]:
    """Every (kind, subject, field) a translation of this content covers, questions included."""
    listed = [(kind, subject, name) for name in KINDS[kind].fields]
    if kind is ContentKind.SURVEY:
        listed += [(ContentKind.SURVEY_QUESTION, q, name)
                   for q in subject.questions for name in QUESTION_FIELDS]
    return listed
