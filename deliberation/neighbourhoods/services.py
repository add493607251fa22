"""Neighbourhood verbs: create, describe, and move residents between them."""
from __future__ import annotations
from flask_babel import gettext as _

import re

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from deliberation import audit
from deliberation.errors import PolicyError
from models import MoveRequest, MoveStatus, Neighbourhood, User, db, utcnow


def all_neighbourhoods() -> list[Neighbourhood]:
    return list(db.session.scalars(select(Neighbourhood).order_by(Neighbourhood.name)))


def neighbourhood_choices() -> list[tuple[int, str]]:
    """Options for a select field, in alphabetical order."""
    return [(n.id, n.name) for n in all_neighbourhoods()]


def slugify(name: str) -> str:
    """A readable address part from a name."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:80] or "area"


def _name_taken(name: str, exclude_id: int | None = None) -> bool:
    query = select(Neighbourhood.id).where(
        (Neighbourhood.name == name) | (Neighbourhood.slug == slugify(name)))
    return any(found != exclude_id for found in db.session.scalars(query))


def create_neighbourhood(actor: User, name: str, description: str) -> Neighbourhood:
    """Add a neighbourhood; names are unique so residents can tell them apart."""
    name = name.strip()
    if _name_taken(name):
        raise PolicyError(_("A neighbourhood with this name already exists."), field="name")
    area = Neighbourhood(name=name, slug=slugify(name), description=description.strip())
    db.session.add(area)
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        raise PolicyError(_("A neighbourhood with this name already exists."), field="name") from error
    audit.record(actor, "neighbourhood.create", area, f"Created neighbourhood {name}",
                 neighbourhood_id=area.id, public=True)
    return area


def update_neighbourhood(actor: User, area: Neighbourhood, name: str, description: str) -> None:
    """Rename or describe a neighbourhood, keeping a record of the old name."""
    name = name.strip()
    if _name_taken(name, exclude_id=area.id):
        raise PolicyError(_("A neighbourhood with this name already exists."), field="name")
    before = {"name": area.name, "description": area.description}
    area.name, area.slug, area.description = name, slugify(name), description.strip()
    summary = (f"Renamed {before['name']} to {name}" if before["name"] != name
               else f"Updated the description of {name}")
    audit.record(actor, "neighbourhood.update", area, summary, neighbourhood_id=area.id,
                 detail={"before": before}, public=True)


def pending_move(user: User) -> MoveRequest | None:
    return db.session.scalar(select(MoveRequest).where(
        MoveRequest.user_id == user.id, MoveRequest.status == MoveStatus.PENDING))


def request_move(user: User, to_id: int, reason: str) -> MoveRequest:
    """Ask staff to move a resident to another neighbourhood."""
    if to_id is None or db.session.get(Neighbourhood, to_id) is None:
        raise PolicyError(_("Choose one of the listed neighbourhoods."), field="neighbourhood")
    if to_id == user.neighbourhood_id:
        raise PolicyError(_("You already belong to this neighbourhood."), field="neighbourhood")
    if pending_move(user) is not None:
        raise PolicyError(_("You already have a move request waiting for a decision."))
    move = MoveRequest(user_id=user.id, from_neighbourhood_id=user.neighbourhood_id,
                       to_neighbourhood_id=to_id, reason=reason.strip())
    db.session.add(move)
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        raise PolicyError(_("You already have a move request waiting for a decision.")) from error
    audit.record(user, "move.request", move, "Asked to move neighbourhood",
                 neighbourhood_id=to_id)
    return move


def decide_move(actor: User, move: MoveRequest, approve: bool) -> None:
    """Approve or decline; a move resets verification, which was for the old address."""
    if move.status is not MoveStatus.PENDING:
        raise PolicyError(_("This request has already been decided."))
    move.status = MoveStatus.APPROVED if approve else MoveStatus.DECLINED
    move.decided_by_id, move.decided_at = actor.id, utcnow()
    if approve:
        resident = move.user
        resident.neighbourhood_id = move.to_neighbourhood_id
        resident.verified_at = resident.verified_by_id = resident.verification_method = None
    verb = "Approved" if approve else "Declined"
    audit.record(actor, f"move.{move.status.value}", move,
                 f"{verb} {move.user.display_name}'s move to {move.to_neighbourhood.name}",
                 neighbourhood_id=move.to_neighbourhood_id)


def moves_for(staff_neighbourhood_ids: set[int] | None) -> list[MoveRequest]:
    """Pending moves into the given neighbourhoods (all, for admins)."""
    query = select(MoveRequest).where(MoveRequest.status == MoveStatus.PENDING)
    if staff_neighbourhood_ids is not None:
        query = query.where(MoveRequest.to_neighbourhood_id.in_(staff_neighbourhood_ids))
    return list(db.session.scalars(query.order_by(MoveRequest.created_at)))
