"""Factories for debates, threads and comments, shared by unit, socket and browser tests."""
from __future__ import annotations

from datetime import timedelta

import pytest

from deliberation.debates import services as debates
from deliberation.threads import services as threads
from models import Comment, Debate, DebateStatus, User, db, utcnow


@pytest.fixture
def make_debate(app, make_neighbourhood):
    """make_debate(neighbourhood=..., status="open"|"scheduled"|"closed", minutes=60)."""
    def make(*, neighbourhood=None, title: str = "Should the canal path get lights?",
             question: str = "Do we want lights along the canal path?", status: str = "open",
             minutes: int = 60, background: str = "The path is dark after 5pm in winter.") -> Debate:
        area = neighbourhood or make_neighbourhood()
        now = utcnow()
        starts = now - timedelta(minutes=5) if status != "scheduled" else now + timedelta(days=1)
        debate = Debate(neighbourhood_id=area.id, title=title, question=question,
                        background=background, starts_at=starts,
                        ends_at=starts + timedelta(minutes=minutes + 5),
                        status=DebateStatus(status if status != "closed" else "open"))
        db.session.add(debate)
        db.session.flush()
        debates.debate_thread(debate)
        if status == "closed":
            debate.status, debate.closed_at = DebateStatus.CLOSED, now
        db.session.commit()
        return debate
    return make


@pytest.fixture
def make_comment(app):
    """make_comment(debate, author, "text", parent=None): posted through the service."""
    def make(debate: Debate, author: User, body: str = "I agree with this.",
             parent: Comment | None = None) -> Comment:
        comment = threads.post_comment(author, debates.debate_thread(debate), body, parent)
        db.session.commit()
        return comment
    return make
