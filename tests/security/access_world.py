"""The world the access table speaks of: the demo data, seen from one person of each role,
and the other states it is put in (phases, debates, locks, mutes) through the app's services."""
from __future__ import annotations

import re
import sqlite3
from contextlib import contextmanager
from datetime import timedelta

from flask.testing import FlaskClient

from deliberation.budgeting.processes import advance_phase
from deliberation.budgeting.proposals import ballot_projects, submit_proposal
from deliberation.budgeting.voting import cast_ballot
from deliberation.debates import services as debates
from deliberation.moderation.services import appeal, flag_comment, hide_comment, mute_user
from deliberation.outcomes.services import vote_funded
from deliberation.threads.facilitation import lock_thread
from models import (Comment, Conversation, Debate, Delivery, LocalService, Milestone, MoveRequest, Neighbourhood,
                    Phase, Process, Proposal, RoleGrant, Statement, Survey, SurveyQuestion, User,
                    db, utcnow)
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
        "kind_value": "proposal", "item_id": proposal.id, "locale": "pl",
        **_opinion_targets(riverside),
    }


def _opinion_targets(riverside: Neighbourhood) -> dict[str, int]:
    """Riverside's opinion map and its first statement (a seed, written by the facilitator)."""
    conversation = db.session.scalar(db.select(Conversation).join(Debate).where(
        Debate.neighbourhood_id == riverside.id))
    statement = db.session.scalar(db.select(Statement).where(
        Statement.conversation_id == conversation.id).order_by(Statement.id).limit(1))
    return {"conversation_id": conversation.id, "statement_id": statement.id}


FORM = {"title": "Forged title", "body": "Forged body", "reason": "spam", "details": "x",
        "description": "Forged", "name": "Forged", "display_name": "Forged", "text": "Forged",
        "message": "Forged", "role": "admin", "kind": "agree", "decision": "approve",
        "action": "approve", "estimated_cost": "10", "category": "Other", "minutes": "5",
        "confirm": "y", "score": "5", "comment": "Forged", "label": "Forged", "verdict": "feasible",
        "due_on": "2027-01-01",
        "offer": "Forged", "verified_at": "2020-01-01", "is_admin": "1"}


def _dump_queries() -> list[str]:
    """One SELECT per table, in primary key order."""
    return [f'SELECT * FROM "{table.name}" ORDER BY '
            + ", ".join(f'"{column.name}"' for column in table.primary_key.columns)
            for table in db.metadata.sorted_tables]


def fingerprint() -> int:
    """A hash of every row of every table: equal before and after means nothing changed."""
    db.session.expire_all()
    with db.engine.connect() as connection:
        cursor = connection.connection.driver_connection.cursor()
        rows = []
        for query in _dump_queries():
            cursor.execute(query)
            rows.append(tuple(cursor.fetchall()))
        return hash(tuple(rows))


def outcome(client: FlaskClient, method: str, url: str, data: dict | None = None) -> str:
    """'denied' (403/404, sent to log in), 'refused' (an error, or 409: not in this state),
    'notice' (sent elsewhere with a notice, as when voting is not open), else 'ok'."""
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
    if status == 409 or any(category == "error" for category, _ in flashes):
        return "refused"
    if status >= 500:
        return "crash"
    if status in (302, 303) and any(category == "info" for category, _ in flashes):
        return "notice"
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


# The states in which permissions change. Each builder acts through the app's own services,
# as the people involved would, and returns the targets that now point elsewhere ("query" and
# "form" add to a route's URL and to what is posted).

def _process(title: str) -> Process:
    return db.session.scalar(db.select(Process).where(Process.title == title))


def _riverside_debate() -> Debate:
    return db.session.scalar(db.select(Debate).join(Neighbourhood).where(
        Neighbourhood.slug == "riverside").order_by(Debate.id).limit(1))


def proposals_phase() -> dict[str, object]:
    """Riverside's 2027 fund collects proposals, and the facilitator has sent one."""
    process = _process("Riverside Fund 2027")
    advance_phase(demo_user("admin"), process, Phase.PROPOSALS)
    proposal = submit_proposal(demo_user("facilitator"), process, {
        "title": "Planters on Lock Street", "description": "Six planters.", "estimated_cost": 900,
        "category": "Green spaces", "location": "", "latitude": None, "longitude": None})
    db.session.commit()
    return {"process_id": process.id, "proposal_id": proposal.id}


def review_phase() -> dict[str, object]:
    """The same fund once proposals closed: facilitators review, authors no longer edit."""
    values = proposals_phase()
    advance_phase(demo_user("admin"), db.session.get(Process, values["process_id"]), Phase.REVIEW)
    db.session.commit()
    return values


def results_phase() -> dict[str, object]:
    """Riverside's 2026 vote is counted; the resident voted and checks their receipt code."""
    process = _process("Riverside Fund 2026")
    on_ballot = [p.id for p in ballot_projects(process)]
    ballot = cast_ballot(demo_user("resident"), process, on_ballot[:2])
    advance_phase(demo_user("admin"), process, Phase.RESULTS)
    db.session.commit()
    funded = vote_funded(process)  # the councillors' form confirms the residents' vote
    return {"query": {"budgeting.results": f"?code={ballot.receipt_code}"},
            "form": {f"decision-{pid}": "fund" if pid in funded else "no" for pid in on_ballot}}


def debate_scheduled() -> dict[str, object]:
    """A second Riverside debate that starts tomorrow: nothing can be said in it yet."""
    start = utcnow() + timedelta(days=1)
    debate = debates.create_debate(demo_user("facilitator"), _riverside_debate().neighbourhood,
                                   "Market day", "A Sunday market?", "", start,
                                   start + timedelta(days=7))
    thread = debates.debate_thread(debate)
    db.session.commit()
    return {"debate_id": debate.id, "thread_id": thread.id}


def debate_closed() -> dict[str, object]:
    """The facilitator closed Riverside's debate with a conclusion."""
    debates.conclude_debate(demo_user("facilitator"), _riverside_debate(), "Lights, solar.")
    db.session.commit()
    return {}


def thread_locked() -> dict[str, object]:
    """The facilitator locked the discussion of Riverside's debate."""
    thread = debates.debate_thread(_riverside_debate())
    lock_thread(demo_user("facilitator"), thread, "Cooling off until Monday.")
    db.session.commit()
    return {}


def resident_muted() -> dict[str, object]:
    """The facilitator muted the resident in Riverside's debate for an hour."""
    thread = debates.debate_thread(_riverside_debate())
    mute_user(demo_user("facilitator"), thread, demo_user("resident"), 60, "Personal remarks.")
    db.session.commit()
    return {}


@contextmanager
def undone():
    """Whatever the block writes is undone: the SQLite database is put back as it was."""
    db.session.commit()
    snapshot = sqlite3.connect(":memory:")
    with db.engine.connect() as connection:
        connection.connection.driver_connection.backup(snapshot)
    try:
        yield
    finally:
        db.session.rollback()
        with db.engine.connect() as connection:
            snapshot.backup(connection.connection.driver_connection)
        snapshot.close()
        db.session.expire_all()


def moderated() -> dict[str, int]:
    """Text only some people see (flags, hidden reasons, appeals, mutes, receipts) must exist."""
    facilitator, resident = demo_user("facilitator"), demo_user("resident")
    debate = _riverside_debate()
    thread = debates.debate_thread(debate)
    written = {c.author_id: c for c in db.session.scalars(
        db.select(Comment).where(Comment.thread_id == thread.id))}
    flag_comment(demo_user("newcomer"), written[facilitator.id], "other", "Rude remark")
    hide_comment(facilitator, written[resident.id], "Off topic")  # notifies the resident
    appeal(resident, written[resident.id], "It was on topic")
    debates.raise_hand(resident, debate)
    mute_user(facilitator, thread, resident, 60, "Personal remarks.")  # notifies too
    process = _process("Riverside Fund 2026")
    cast_ballot(resident, process, [p.id for p in ballot_projects(process)][:2])
    db.session.commit()
    return {"debate_id": debate.id, "comment_id": written[resident.id].id}
