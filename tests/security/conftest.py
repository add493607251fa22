"""A database seeded with the demo (every kind of record exists), and real ids for every route."""
from __future__ import annotations

import datetime
import re

import pytest

from deliberation.demo import DEMO_PASSWORD, load_demo
from models import (Comment, Debate, Delivery, LocalService, Milestone, MoveRequest, Neighbourhood,
                    Process, Proposal, RoleGrant, Statement, Survey, SurveyQuestion, Thread, User,
                    db)

HOSTILE = '"><script>window.__xss=1</script><img src=x onerror=window.__xss=1>'


def _first(model, *where):
    return db.session.scalar(db.select(model).where(*where).order_by(model.id).limit(1))


@pytest.fixture
def seeded(app, make_user):
    """The demo data plus one pending move request: every route has something to point at."""
    load_demo()
    db.session.commit()
    resident = db.session.scalar(db.select(User).where(User.email == "resident@agora.example"))
    if _first(MoveRequest) is None:
        other = _first(Neighbourhood, Neighbourhood.id != resident.neighbourhood_id)
        db.session.add(MoveRequest(user_id=resident.id,
                                   from_neighbourhood_id=resident.neighbourhood_id,
                                   to_neighbourhood_id=other.id))
        db.session.commit()
    if _first(Milestone) is None:
        db.session.add(Milestone(delivery_id=_first(Delivery).id, title="Order the benches",
                                 due_on=datetime.date(2027, 1, 1)))
        db.session.commit()
    return app


def demo_user(email_prefix: str) -> User:
    return db.session.scalar(db.select(User).where(User.email == f"{email_prefix}@agora.example"))


def path_values() -> dict[str, object]:
    """A real value for every path argument name used in the url map."""
    comment = _first(Comment)
    grant = _first(RoleGrant)
    return {
        "process_id": _first(Process).id, "proposal_id": _first(Proposal).id,
        "area_id": _first(Neighbourhood).id, "slug": _first(Neighbourhood).slug,
        "user_id": demo_user("resident").id, "grant_id": grant.id,
        "debate_id": _first(Debate).id, "delivery_id": _first(Delivery).id,
        "milestone_id": _first(Milestone).id, "service_id": _first(LocalService).id,
        "comment_id": comment.id, "thread_id": comment.thread_id if comment else _first(Thread).id,
        "survey_id": _first(Survey).id, "question_id": _first(SurveyQuestion).id,
        "move_id": _first(MoveRequest).id, "region": "status", "subject_type": "process",
        "subject_id": _first(Process).id, "token": "not-a-token", "name": "missing.png",
        "target": "open", "direction": "up", "filename": "css/app.css",
        "kind_value": "proposal", "item_id": _first(Proposal).id, "locale": "pl",
        "statement_id": _first(Statement).id,
    }


def fill(rule, values: dict[str, object]) -> str:
    """The rule's URL with every <converter:arg> replaced by a real value."""
    def one(match):
        return str(values[match.group(1)])
    url = re.sub(r"<(?:[^:<>]+:)?([a-z_]+)>", one, rule.rule)
    if rule.endpoint in ("threads.region",):
        url = url.replace("/status", "/composer")
    return url


def rules(app, method: str):
    return sorted((r for r in app.url_map.iter_rules() if method in r.methods),
                  key=lambda r: r.rule)


PASSWORD = DEMO_PASSWORD
