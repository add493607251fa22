"""What the opinion-map pages show one reader, gathered here so the routes stay thin."""
from __future__ import annotations

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from deliberation.debates import services as debates
from deliberation.extensions import db
from deliberation.opinionmaths import SMALL_GROUP
from deliberation.opinions import forms, services, snapshots, view
from deliberation.permissions import (can_moderate, can_run_opinion_map, opinion_vote_refusal,
                                      statement_refusal)
from models import Conversation, Debate, Flag, Statement, User


def debate_or_404(debate_id: int) -> Debate:
    debate = db.get_or_404(Debate, debate_id, options=[joinedload(Debate.neighbourhood)])
    if debates.sync_status(debate):  # the timebox is applied lazily, on the next visit
        db.session.commit()
    return debate


def conversation_or_404(debate: Debate) -> Conversation:
    conversation = services.conversation_for(debate)
    if conversation is None:
        abort(404)
    return conversation


def statement_or_404(statement_id: int) -> Statement:
    statement = db.get_or_404(Statement, statement_id)
    debates.sync_status(statement.conversation.debate)
    return statement


def _flag_counts(conversation: Conversation) -> dict[int, int]:
    return dict(db.session.execute(select(Flag.subject_id, func.count(Flag.id)).join(
        Statement, Statement.id == Flag.subject_id).where(
        Flag.subject_type == "statement", Flag.resolved_at.is_(None),
        Statement.conversation_id == conversation.id).group_by(Flag.subject_id)).all())


def conversation_page(debate: Debate, conversation: Conversation | None, user: User,
                      **forms_given) -> dict:
    """The conversation page: the next statement, one's own reactions and statements, staff tools."""
    facilitator = can_run_opinion_map(user, debate)
    context = {"debate": debate, "conversation": conversation, "facilitator": facilitator,
               "status": debates.effective_status(debate),
               "start_form": forms_given.get("start_form") or forms.StartForm(),
               "confirm": forms.ConfirmForm()}
    if conversation is None:
        return context
    context |= card_context(conversation, user)
    closed = services.closed_reason(conversation)
    add_refusal = statement_refusal(user, conversation)
    if add_refusal is None and closed and (services.is_finished(conversation) or not facilitator):
        add_refusal = closed
    context |= {
        "add_refusal": add_refusal,
        "statement_form": forms_given.get("statement_form") or forms.StatementForm(),
        "settings_form": forms.SettingsForm(residents_may_add=conversation.residents_may_add),
        "own": [s for s in _authored(user, conversation)],
        "moderator": can_moderate(user, debate.neighbourhood_id),
    }
    if context["moderator"]:
        context |= {"flags": _flag_counts(conversation), "hidden": [
            s for s in _all(conversation) if s.is_hidden]}
    return context


def card_context(conversation: Conversation, user: User, message: tuple[str, str] | None = None) -> dict:
    """The card alone (the next statement and the count): all a vote sent by opinion-card.js gets back."""
    statements = services.visible_statements(conversation)
    mine = services.seen_by(user, conversation)
    refusal = services.closed_reason(conversation) or opinion_vote_refusal(user, conversation)
    return {"statements": statements, "mine": mine, "refusal": refusal, "card_message": message,
            "next": None if refusal else services.next_statement_for(user, conversation, statements, mine),
            "answered": sum(1 for s in statements if s.id in mine)}


def _all(conversation: Conversation) -> list[Statement]:
    return list(db.session.scalars(select(Statement).where(
        Statement.conversation_id == conversation.id).order_by(Statement.id)))


def _authored(user: User, conversation: Conversation) -> list[Statement]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(db.session.scalars(select(Statement).where(
        Statement.conversation_id == conversation.id, Statement.author_id == user.id,
        Statement.seed.is_(False)).order_by(Statement.id)))


def map_page(debate: Debate, conversation: Conversation | None, user: User) -> dict:
    """The map page and its live region, drawn for this reader."""
    context = {"debate": debate, "conversation": conversation,
               "facilitator": can_run_opinion_map(user, debate),
               "min_votes": snapshots.MIN_VOTES, "small_group": SMALL_GROUP}
    if conversation is not None:
        viewer = user.id if getattr(user, "is_authenticated", False) else None
        context["map"] = view.map_view(conversation, snapshots.latest(conversation.id), viewer)
    return context
