"""The public picture of delivery in a neighbourhood: projects by status, money, progress over time."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from babel import Locale
from babel.dates import format_skeleton
from flask_babel import get_locale
from sqlalchemy import select

from models import Delivery, DeliveryStatus, Neighbourhood, ProgressUpdate, db

ORDER = [DeliveryStatus.IN_PROGRESS, DeliveryStatus.PLANNED, DeliveryStatus.DELIVERED,
         DeliveryStatus.CANCELLED]


def neighbourhood_board(area: Neighbourhood) -> dict:
    """Projects for the area (and city-wide ones) grouped by status, with totals and a spend chart."""
    deliveries = db.session.scalars(select(Delivery).where(
        (Delivery.neighbourhood_id == area.id) | Delivery.neighbourhood_id.is_(None))
        .order_by(Delivery.id)).all()
    groups = {status: [d for d in deliveries if d.status is status] for status in ORDER}
    live = [d for d in deliveries if d.status is not DeliveryStatus.CANCELLED]
    currencies = {d.proposal.process.currency for d in deliveries}
    return {"groups": groups, "allocated": sum(d.allocation for d in live),
            "spent": sum(d.spent for d in deliveries), "spend_chart": _spend_by_month(deliveries),
            "currency": currencies.pop() if len(currencies) == 1 else ""}


def month_label(key: str) -> str:
    """A "2026-03" month key as the reader's language names the month ("Mar 2026")."""
    year, month = (int(part) for part in key.split("-"))
    return format_skeleton("yMMM", date(year, month, 1), locale=get_locale() or Locale.parse("en_GB"))


def _spend_by_month(deliveries: list[Delivery]) -> list[tuple[str, int]]:
    """Money reported spent by the end of each month, from the dated updates."""
    ids = [d.id for d in deliveries]
    if not ids:
        return []
    latest: dict[int, int] = {}
    by_month: dict[str, int] = defaultdict(int)
    updates = db.session.scalars(select(ProgressUpdate).where(ProgressUpdate.delivery_id.in_(ids))
                                 .order_by(ProgressUpdate.created_at, ProgressUpdate.id)).all()
    for update in updates:
        latest[update.delivery_id] = update.spent
        by_month[f"{update.created_at:%Y-%m}"] = sum(latest.values())
    return sorted(by_month.items())
