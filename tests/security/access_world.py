"""The world the access table speaks of: the demo data, seen from one person of each role."""
from __future__ import annotations

import re

from flask.testing import FlaskClient

from models import (Comment, Debate, Delivery, LocalService, Milestone, MoveRequest, Neighbourhood,
                    Process, Proposal, Role, RoleGrant, Survey, SurveyQuestion, User, db)
from tests.security.conftest import PASSWORD, demo_user

ROLES = ["anonymous", "unverified", "outsider", "resident", "facilitator elsewhere", "facilitator",
         "councillor", "admin"]


def people(make_user) -> dict[str, User | None]:
    old_town = db.session.scalar(db.select(Neighbourhood).where(Neighbourhood.slug == "old-town"))
    return {
        "anonymous": None, "unverified": demo_user("newcomer"), "outsider": demo_user("hillcrest"),
        "resident": demo_user("resident"),
        "facilitator elsewhere": make_user("facilitator", neighbourhood=old_town,
                                           password=PASSWORD),
        "facilitator": demo_user("facilitator"), "councillor": demo_user("councillor"),
        "admin": demo_user("admin"),
    }


def targets() -> dict[str, object]:
    """Objects in Riverside (the resident's and facilitator's neighbourhood) wherever possible."""
    riverside = db.session.scalar(db.select(Neighbourhood).where(Neighbourhood.slug == "riverside"))
    hillcrest = db.session.scalar(db.select(Neighbourhood).where(Neighbourhood.slug == "hillcrest"))
    process = db.session.scalar(db.select(Process).where(Process.neighbourhood_id == riverside.id,
                                                         Process.title == "Riverside Fund 2026"))
    proposal = db.session.scalar(db.select(Proposal).where(Proposal.process_id == process.id)
                                 .order_by(Proposal.id).limit(1))
    newcomer, facilitator = demo_user("newcomer"), demo_user("facilitator")
    # Someone else's comment in Riverside's debate: the facilitator's.
    comment = db.session.scalar(db.select(Comment).where(Comment.author_id == facilitator.id)
                                .order_by(Comment.id).limit(1))
    grant = db.session.scalar(db.select(RoleGrant).where(
        RoleGrant.user_id == demo_user("councillor").id))
    resident = demo_user("resident")
    move = db.session.scalar(db.select(MoveRequest).where(MoveRequest.user_id == resident.id))
    if move is None:
        move = MoveRequest(user_id=resident.id, from_neighbourhood_id=riverside.id,
                           to_neighbourhood_id=hillcrest.id)
        db.session.add(move)
        db.session.commit()
    survey = db.session.scalar(db.select(Survey).order_by(Survey.id).limit(1))
    delivery = db.session.scalar(db.select(Delivery).order_by(Delivery.id).limit(1))
    milestone = db.session.scalar(db.select(Milestone).where(Milestone.delivery_id == delivery.id))
    if milestone is None:
        import datetime
        milestone = Milestone(delivery_id=delivery.id, title="Order",
                              due_on=datetime.date(2027, 1, 1))
        db.session.add(milestone)
        db.session.commit()
    return {
        "process_id": process.id, "proposal_id": proposal.id, "area_id": riverside.id,
        "slug": riverside.slug, "user_id": newcomer.id, "grant_id": grant.id,
        "debate_id": db.session.scalar(db.select(Debate.id).where(
            Debate.neighbourhood_id == riverside.id).limit(1)),
        "delivery_id": delivery.id, "milestone_id": milestone.id,
        "service_id": db.session.scalar(db.select(LocalService.id).limit(1)),
        "comment_id": comment.id, "thread_id": comment.thread_id, "survey_id": survey.id,
        "question_id": db.session.scalar(db.select(SurveyQuestion.id).where(
            SurveyQuestion.survey_id == survey.id).order_by(SurveyQuestion.id).limit(1)),
        "move_id": move.id, "region": "status", "subject_type": "process",
        "subject_id": process.id, "token": "not-a-token", "name": "missing.png",
        "target": "open", "direction": "down", "filename": "css/app.css",
    }


FORM = {"title": "Forged title", "body": "Forged body", "reason": "spam", "details": "x",
        "description": "Forged", "name": "Forged", "display_name": "Forged", "text": "Forged",
        "message": "Forged", "role": "admin", "kind": "agree", "decision": "approve",
        "action": "approve", "estimated_cost": "10", "category": "Other", "minutes": "5",
        "confirm": "y", "score": "5", "comment": "Forged", "label": "Forged",
        "due_on": "2027-01-01",
        "offer": "Forged", "verified_at": "2020-01-01", "is_admin": "1"}


def fingerprint() -> int:
    """A hash of every row of every table: equal before and after means nothing changed."""
    db.session.expire_all()
    rows = []
    for table in db.metadata.sorted_tables:
        rows.append((table.name, tuple(map(tuple, db.session.execute(
            db.select(table).order_by(*table.primary_key.columns)).all()))))
    return hash(repr(rows))


def outcome(client: FlaskClient, method: str, url: str, data: dict | None = None) -> str:
    """'denied' (403/404, sent to log in, or an error flash), else 'ok' (or the odd status)."""
    with client.session_transaction() as session:
        session.pop("_flashes", None)
    response = client.open(url, method=method, data=data)
    status = response.status_code
    response.close()
    if status in (403, 404):
        return "denied"
    if status in (301, 302, 303) and "/login" in response.headers["Location"]:
        return "denied"
    with client.session_transaction() as session:
        flashes = session.get("_flashes", [])
    if any(category == "error" for category, _ in flashes):
        return "refused"
    if status >= 500:
        return "crash"
    return "ok" if status < 400 else str(status)


def logged_in(app, user: User | None) -> tuple[FlaskClient, str]:
    """A client logged in as ``user`` (CSRF stays on, as in production) and its CSRF token."""
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    if user is not None:
        response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                               "csrf_token": token})
        assert response.status_code == 302, user.email
        page = client.get("/account").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    return client, token


__all__ = ["ROLES", "people", "targets", "outcome", "logged_in", "Role"]
