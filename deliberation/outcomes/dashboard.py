"""Participation and satisfaction per neighbourhood, for councillors."""
from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from models import (Channel, Comment, Neighbourhood, Participation, Proposal, RatingEvent,
                    SurveyResponse, Thread, User, db, utcnow)

# Each metric: label -> (column holding the neighbourhood, column holding the time, extra filters).
METRICS: dict[str, tuple] = {
    "Proposals": (User.neighbourhood_id, Proposal.created_at,
                  lambda q: q.select_from(Proposal).join(User, User.id == Proposal.author_id)),
    "Online ballots": (Participation.neighbourhood_id, Participation.created_at,
                       lambda q: q.where(Participation.channel == Channel.ONLINE)),
    "Paper ballots": (Participation.neighbourhood_id, Participation.created_at,
                      lambda q: q.where(Participation.channel == Channel.PAPER)),
    "Comments": (Thread.neighbourhood_id, Comment.created_at,
                 lambda q: q.select_from(Comment).join(Thread, Thread.id == Comment.thread_id)),
    "Survey responses": (SurveyResponse.neighbourhood_id, SurveyResponse.created_at, lambda q: q),
    "Ratings": (RatingEvent.neighbourhood_id, RatingEvent.created_at, lambda q: q),
}
# What the dashboard page calls each metric, in the reader's language (the keys stay English for CSV).
METRIC_LABELS = {
    "Proposals": (_l("Proposals"), _l("Proposals per month")),
    "Online ballots": (_l("Online ballots"), _l("Online ballots per month")),
    "Paper ballots": (_l("Paper ballots"), _l("Paper ballots per month")),
    "Comments": (_l("Comments"), _l("Comments per month")),
    "Survey responses": (_l("Survey responses"), _l("Survey responses per month")),
    "Ratings": (_l("Ratings"), _l("Ratings per month")),
}


def _counts(area_column, query_filter) -> dict[int | None, int]:
    query = query_filter(select(area_column, func.count()).group_by(area_column))
    return dict(db.session.execute(query).all())


def participation_table() -> list[dict]:
    """One row per neighbourhood: people, participation counts and average satisfaction."""
    areas = db.session.scalars(select(Neighbourhood).order_by(Neighbourhood.name)).all()
    verified = dict(db.session.execute(select(User.neighbourhood_id, func.count()).where(
        User.verified_at.is_not(None), User.deleted_at.is_(None)).group_by(User.neighbourhood_id)).all())
    counts = {label: _counts(area, extra) for label, (area, _, extra) in METRICS.items()}
    satisfaction = dict(db.session.execute(select(RatingEvent.neighbourhood_id, func.avg(RatingEvent.stars))
                                           .group_by(RatingEvent.neighbourhood_id)).all())
    return [{"area": area, "verified": verified.get(area.id, 0),
             "counts": {label: counts[label].get(area.id, 0) for label in METRICS},
             "satisfaction": round(float(satisfaction[area.id]), 2) if satisfaction.get(area.id) else None}
            for area in areas]


def monthly(months: int = 12) -> tuple[list[str], dict[str, list[int]]]:
    """Participation per month over the last year, for the chart and the CSV."""
    start = (utcnow().replace(day=1) - timedelta(days=31 * (months - 1))).replace(day=1)
    labels, index = [], {}
    year, month = start.year, start.month
    for i in range(months):
        labels.append(f"{year}-{month:02d}")
        index[(year, month)] = i
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    series = {}
    for label, (area, when, extra) in METRICS.items():
        values = defaultdict(int)
        for moment in db.session.scalars(extra(select(when).where(when >= start))):
            values[index.get((moment.year, moment.month))] += 1
        series[label] = [values.get(i, 0) for i in range(months)]
    return labels, series
