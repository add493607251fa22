"""Ballot verbs: cast or change a ballot online, record a paper one, check a receipt."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from functools import cache
from typing import TypeVar

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, bindparam, delete, insert, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import joinedload

from deliberation import audit, permissions
from deliberation.budgeting.election import CHECK_KIND, limits_of
from deliberation.budgeting.messages import translate
from deliberation.budgeting.proposals import ballot_projects
from deliberation.errors import PolicyError
from deliberation.tallying.validity import check_ballot
from deliberation.verification.services import verify_resident
from models import (Ballot, BallotChoice, BallotKind, Channel, Participation, Phase, Process,
                    Proposal, User, VerificationMethod, db)

RECEIPT_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
T = TypeVar("T")

# Every vote runs these, so they are built once: the ORM caches their SQL, but building a
# statement and its cache key on each request costs about as much as running it.
_BALLOT = select(Ballot).where(Ballot.process_id == bindparam("process_id"),
                               Ballot.voter_key == bindparam("voter_key"))
_LOCKED_BALLOT = _BALLOT.with_for_update()
_CHANNEL_TAKEN = select(Participation.channel).where(
    Participation.process_id == bindparam("process_id"),
    Participation.user_id == bindparam("user_id")).with_for_update()
_CHOICES = BallotChoice.__table__
_DROP_CHOICES = delete(_CHOICES).where(_CHOICES.c.ballot_id == bindparam("ballot_id"))
_ADD_CHOICES = insert(_CHOICES)


def voter_key(process: Process, user: User) -> str:
    """A keyed hash: ties a ballot to its voter without storing who the voter is."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, f"ballot:{process.id}:{user.id}".encode(), hashlib.sha256).hexdigest()


def _keyed(process: Process, voter: User) -> dict:
    """Parameters that find a voter's ballot."""
    return {"process_id": process.id, "voter_key": voter_key(process, voter)}


@cache
def _receipt_query() -> Select:
    """The ballot with its choices' titles (built on first use, as options configure mappers)."""
    return _BALLOT.options(joinedload(Ballot.choices).joinedload(BallotChoice.proposal)
                           .load_only(Proposal.title))


def new_receipt_code() -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_receipt(code: str) -> str:
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:12]}" if len(raw) == 12 else raw


def _validate(process: Process, choices: list[int] | dict[int, int]) -> list[tuple[int, int]]:
    """Check a ballot against the process's limits; return (proposal id, points) in order."""
    projects = {p.id: p for p in ballot_projects(process)}
    labels = {pid: f"“{p.title}”" for pid, p in projects.items()}
    unknown = [c for c in choices if c not in projects]
    if unknown:
        raise PolicyError(_("Your ballot names a project that is not on this ballot."), field="choices")
    costs = {labels[pid]: p.cost for pid, p in projects.items()}
    named = ({labels[k]: v for k, v in choices.items()} if isinstance(choices, dict)
             else [labels[c] for c in choices])
    problems = check_ballot(CHECK_KIND[process.ballot_kind], limits_of(process), named, costs,
                            process.budget)
    if problems:
        raise PolicyError(" ".join(translate(problem, process.currency) for problem in problems),
                          field="choices")
    if isinstance(choices, dict):
        return list(choices.items())
    return [(pid, 1) for pid in choices]


def _write_choices(ballot: Ballot, rows: list[tuple[int, int]]) -> None:
    """Replace a ballot's choices (deleting first, so the unique constraint never trips).

    Plain table statements on the session's connection, not the ORM's bulk path: nothing needs
    the new rows as objects, and the ballot's loaded choices are expired instead.
    """
    connection = db.session.connection()
    if ballot.id is None:
        db.session.flush()  # the new ballot needs its id
    else:
        connection.execute(_DROP_CHOICES, {"ballot_id": ballot.id})
    db.session.expire(ballot, ["choices"])
    if rows:
        connection.execute(_ADD_CHOICES, [
            {"ballot_id": ballot.id, "proposal_id": pid, "points": points, "position": i}
            for i, (pid, points) in enumerate(rows)])


def _new_ballot(process: Process, voter: User, channel: Channel, recorded_by: User | None) -> Ballot:
    db.session.add(Participation(process_id=process.id, user_id=voter.id, channel=channel,
                                 neighbourhood_id=voter.neighbourhood_id,
                                 recorded_by_id=recorded_by.id if recorded_by else None))
    ballot = Ballot(process_id=process.id, voter_key=voter_key(process, voter),
                    receipt_code=new_receipt_code(), channel=channel)
    db.session.add(ballot)
    return ballot


def _channel_taken(process: Process, voter: User) -> Channel | None:
    """How the voter already took part, if at all (locking the record while we decide)."""
    return db.session.scalar(_CHANNEL_TAKEN, {"process_id": process.id, "user_id": voter.id})


def _refuse_paper_voter(channel: Channel | None) -> None:
    """A paper ballot was checked in person at a session, so it cannot be replaced online."""
    if channel is not None and channel is not Channel.ONLINE:
        raise PolicyError(_("You already voted on paper at a community session, and a paper "
                            "ballot cannot be replaced online."))


def cast_ballot(voter: User, process: Process, choices: list[int] | dict[int, int]) -> Ballot:
    """Record or replace the voter's online ballot while voting is open; the last one counts."""
    if process.phase is not Phase.VOTING:
        raise PolicyError(_("Voting is not open for this process."))
    if not permissions.can_vote(voter, process):
        raise PolicyError(_("Only verified residents of this neighbourhood can vote here."),
                          status=403)
    rows = _validate(process, choices)
    ballot = db.session.scalar(_LOCKED_BALLOT, _keyed(process, voter))
    if ballot is None:
        _refuse_paper_voter(_channel_taken(process, voter))
        ballot = _new_ballot(process, voter, Channel.ONLINE, None)
    else:
        _refuse_paper_voter(ballot.channel)  # a ballot shares its participation's channel
        ballot.version = Ballot.version + 1  # computed by the database, so no update is lost
    _write_choices(ballot, rows)
    db.session.flush()
    audit.record(voter, "ballot.cast", process, "Cast or changed an online ballot",
                 neighbourhood_id=voter.neighbourhood_id)
    return ballot


def record_paper_ballot(staff: User, process: Process, voter: User, choices, check: str) -> Ballot:
    """Enter a paper ballot for a resident checked in person; one person, one vote."""
    if process.phase is not Phase.VOTING:
        raise PolicyError(_("Voting is not open for this process."))
    if not permissions.can_record_paper_ballot(staff, process, voter):
        raise PolicyError(_("You cannot enter ballots for this resident."), status=403)
    if not check.strip():
        raise PolicyError(_("Say how you checked who the voter is (census code or ID)."),
                          field="check")
    rows = _validate(process, choices)
    if db.session.scalar(select(Participation.channel).where(
            Participation.process_id == process.id, Participation.user_id == voter.id)) is not None:
        raise PolicyError(_("%(name)s has already voted in this process, so this paper ballot "
                            "cannot be accepted.", name=voter.display_name), field="voter")
    if not voter.is_verified:
        verify_resident(staff, voter, VerificationMethod.IN_PERSON, check)
    ballot = _new_ballot(process, voter, Channel.PAPER, staff)
    _write_choices(ballot, rows)
    db.session.flush()
    audit.record(staff, "ballot.paper", process, f"Entered a paper ballot for {voter.display_name}",
                 neighbourhood_id=voter.neighbourhood_id, detail={"check": check.strip()[:200]})
    return ballot


def own_ballot(voter: User, process: Process) -> Ballot | None:
    """The voter's current ballot, found through the keyed hash."""
    return db.session.scalar(_BALLOT, _keyed(process, voter))


def receipt_ballot(voter: User, process: Process) -> Ballot | None:
    """The voter's ballot with its choices and their projects' titles, in one query."""
    return db.session.scalars(_receipt_query(), _keyed(process, voter)).unique().one_or_none()


def participation(voter: User, process: Process) -> Participation | None:
    return db.session.scalar(select(Participation).where(
        Participation.process_id == process.id, Participation.user_id == voter.id))


def find_receipt(process: Process, code: str) -> Ballot:
    """After voting closes, anyone may check that the ballot with this code was counted."""
    if process.phase in (Phase.DRAFT, Phase.PROPOSALS, Phase.REVIEW, Phase.VOTING):
        raise PolicyError(_("Receipts can be checked once voting has closed."), field="code")
    ballot = db.session.scalar(select(Ballot).where(
        Ballot.process_id == process.id, Ballot.receipt_code == normalise_receipt(code)))
    if ballot is None:
        raise PolicyError(_("No counted ballot has this receipt code. Check it for typos."), field="code")
    return ballot


def commit_with_retry(action: Callable[[], T], attempts: int = 3) -> T:
    """Run a write and commit; a concurrent writer's unique-key race is retried, not doubled."""
    for attempt in range(attempts):
        try:
            value = action()
            db.session.commit()
            return value
        except (IntegrityError, OperationalError):
            db.session.rollback()
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def is_ranked(process: Process) -> bool:
    return process.ballot_kind is BallotKind.RANKED
