"""Ratings of delivered projects and local services, and a league table that is fair to small counts."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from deliberation import audit, permissions
from deliberation.errors import PolicyError
from deliberation.i18n.formatting import format_date
from models import (Delivery, DeliveryStatus, LocalService, ProjectRating, Proposal, RatingEvent,
                    ServiceRating, User, db, utcnow)

PRIOR_WEIGHT = 5
"""How many imaginary ratings each item starts with (the Bayesian prior)..."""
PRIOR_STARS = 3.0
"""...each of them neutral, the middle of the scale, so few ratings cannot lift an item far."""
CHANGE_INTERVAL = timedelta(days=30)


def _check_stars(stars: int) -> None:
    if stars not in range(1, 6):
        raise PolicyError(_("Choose from 1 to 5 stars."), field="stars")


def rate_project(resident: User, delivery: Delivery, stars: int, comment: str) -> ProjectRating:
    """Residents of its neighbourhood rate a delivered project; they may change it any time."""
    _check_stars(stars)
    if delivery.status is not DeliveryStatus.DELIVERED:
        raise PolicyError(_("Projects can be rated once they are delivered."))
    if not permissions.can_rate_in(resident, delivery.neighbourhood_id):
        raise PolicyError(_("Only verified residents of this neighbourhood can rate it."), status=403)
    rating = db.session.scalar(select(ProjectRating).where(
        ProjectRating.delivery_id == delivery.id, ProjectRating.user_id == resident.id))
    if rating is None:
        rating = ProjectRating(delivery_id=delivery.id, user_id=resident.id)
        db.session.add(rating)
    rating.stars, rating.comment, rating.updated_at = stars, comment.strip()[:500], utcnow()
    db.session.add(RatingEvent(delivery_id=delivery.id, neighbourhood_id=delivery.neighbourhood_id,
                               stars=stars))
    return rating


def create_service(actor: User, name: str, description: str, category: str,
                   neighbourhood_id: int | None) -> LocalService:
    if not (permissions.is_councillor(actor) or permissions.is_admin(actor)):
        raise PolicyError(_("Only councillors and admins register services."), status=403)
    service = LocalService(name=name.strip(), description=description.strip(),
                           category=category.strip() or "Other", neighbourhood_id=neighbourhood_id,
                           created_by_id=actor.id)
    db.session.add(service)
    db.session.flush()
    audit.record(actor, "service.create", service, f"Registered the service “{service.name}”",
                 neighbourhood_id=neighbourhood_id, public=True)
    return service


def rate_service(resident: User, service: LocalService, stars: int, comment: str) -> ServiceRating:
    """Rate a service; a rating may change at most once a month so trends mean something."""
    _check_stars(stars)
    if not permissions.can_rate_in(resident, service.neighbourhood_id):
        raise PolicyError(_("Only verified residents of this neighbourhood can rate it."), status=403)
    rating = db.session.scalar(select(ServiceRating).where(
        ServiceRating.service_id == service.id, ServiceRating.user_id == resident.id))
    if rating is not None:
        allowed = rating.updated_at + CHANGE_INTERVAL
        if utcnow() < allowed:
            raise PolicyError(_("You rated this service on %(updated_at)s; you can change your rating from %(allowed)s.", updated_at=format_date(rating.updated_at), allowed=format_date(allowed)), field="stars")
    else:
        rating = ServiceRating(service_id=service.id, user_id=resident.id)
        db.session.add(rating)
    rating.stars, rating.comment, rating.updated_at = stars, comment.strip()[:500], utcnow()
    db.session.add(RatingEvent(service_id=service.id, neighbourhood_id=service.neighbourhood_id,
                               stars=stars))
    return rating


@dataclass
class LeagueRow:
    kind: str
    item: object
    name: str
    category: str
    neighbourhood_id: int | None
    count: int
    mean: float
    score: float
    trend: list[float]


def _trend(events: list[RatingEvent], months: int = 6) -> list[float]:
    """Average stars per month over the last months, for the sparkline."""
    now, buckets = utcnow(), defaultdict(list)
    for event in events:
        age = (now.year - event.created_at.year) * 12 + now.month - event.created_at.month
        if age < months:
            buckets[months - 1 - age].append(event.stars)
    return [round(sum(b) / len(b), 2) if (b := buckets.get(i)) else 0.0 for i in range(months)]


def _recent_events():
    """Rating events recent enough for the six-month sparkline."""
    return select(RatingEvent).where(RatingEvent.created_at >= utcnow() - timedelta(days=190))


def _row(kind: str, item, name: str, category: str, area: int | None, n: int, total: int,
         events: list[RatingEvent]) -> LeagueRow:
    """The plain mean beside the Bayesian score (PRIOR_WEIGHT ratings of PRIOR_STARS) and the trend."""
    return LeagueRow(kind, item, name, category, area, n, total / n if n else 0.0,
                     (PRIOR_WEIGHT * PRIOR_STARS + total) / (PRIOR_WEIGHT + n), _trend(events))


def league_table(neighbourhood_id: int | None = None, category: str = "") -> tuple[list[LeagueRow], float]:
    """Delivered projects and services by Bayesian average: few ratings pull towards the overall mean."""
    projects = db.session.execute(
        select(Delivery, Proposal.title, Proposal.category, func.count(ProjectRating.id),
               func.coalesce(func.sum(ProjectRating.stars), 0))
        .join(Proposal, Proposal.id == Delivery.proposal_id)
        .outerjoin(ProjectRating, ProjectRating.delivery_id == Delivery.id)
        .where(Delivery.status == DeliveryStatus.DELIVERED).group_by(Delivery.id, Proposal.id)).all()
    services = db.session.execute(
        select(LocalService, func.count(ServiceRating.id), func.coalesce(func.sum(ServiceRating.stars), 0))
        .outerjoin(ServiceRating, ServiceRating.service_id == LocalService.id)
        .group_by(LocalService.id)).all()
    items = [("project", d, title, cat, d.neighbourhood_id, n, total) for d, title, cat, n, total in projects]
    items += [("service", s, s.name, s.category, s.neighbourhood_id, n, total) for s, n, total in services]
    if neighbourhood_id:
        items = [i for i in items if i[4] in (neighbourhood_id, None)]
    if category:
        items = [i for i in items if i[3] == category]
    ratings = sum(i[5] for i in items)
    overall = sum(i[6] for i in items) / ratings if ratings else 3.0
    events = defaultdict(list)
    for event in db.session.scalars(_recent_events()):
        events[("project", event.delivery_id) if event.delivery_id else ("service", event.service_id)].append(event)
    rows = [_row(kind, item, name, cat, area, n, total, events[(kind, item.id)])
            for kind, item, name, cat, area, n, total in items]
    return sorted(rows, key=lambda r: (-r.score, -r.count, r.name)), overall


def service_row(service: LocalService) -> LeagueRow:
    """One service's line of the table, for its own page, without counting the whole table."""
    n, total = db.session.execute(
        select(func.count(ServiceRating.id), func.coalesce(func.sum(ServiceRating.stars), 0))
        .where(ServiceRating.service_id == service.id)).one()
    events = db.session.scalars(_recent_events().where(RatingEvent.service_id == service.id)).all()
    return _row("service", service, service.name, service.category, service.neighbourhood_id,
                n, total, events)
