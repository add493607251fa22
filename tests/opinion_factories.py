"""Factories for opinion maps: a debate's conversation with statements, and residents' reactions."""
from __future__ import annotations

import pytest

from deliberation.opinions import services, snapshots
from models import Conversation, Statement, db


@pytest.fixture
def make_conversation(app, make_debate, make_user):
    """make_conversation(debate=None, seeds=[...], residents_may_add=True) -> (conversation, facilitator)."""
    def make(*, debate=None, seeds=("The canal path needs lights.", "Lights would disturb wildlife.",
                                    "The council should pay, not the fund."),
             residents_may_add: bool = True, status: str = "open"):
        debate = debate or make_debate(status=status)
        facilitator = make_user("facilitator", neighbourhood=debate.neighbourhood)
        conversation = services.start_conversation(facilitator, debate, list(seeds),
                                                   residents_may_add)
        db.session.commit()
        return conversation, facilitator
    return make


@pytest.fixture
def react(app):
    """react(user, statement, "agree"|"disagree"|"pass"): one reaction through the service, committed."""
    def do(user, statement: Statement, value: str):
        vote = services.vote_on_statement(user, statement, value)
        db.session.commit()
        return vote
    return do


@pytest.fixture
def recompute(app):
    """recompute(conversation): store the map now, as the background task would."""
    def do(conversation: Conversation):
        snapshot = snapshots.recompute(conversation.id)
        db.session.commit()
        return snapshot
    return do
