"""Recomputing a map from the stored votes, idempotently, and keeping the result for pages to read.

Which snapshot is current is decided by its marker, not by the clock: the conversation's revision
plus the sum of its votes' revisions, a number that grows with every committed change. A recompute
stores its map only when the newest snapshot's marker is lower than the votes it read, and
(conversation, marker) is unique, so two processes recomputing at once store one map, and a slow
recompute finishing late can never replace a newer map.
"""
from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from deliberation.opinionmaths import MapState, OpinionMap, Vote, compute_map
from models import Conversation, MapSnapshot, Statement, StatementVote, db, utcnow

KEEP = 3  # snapshots kept per conversation: the current one and a couple being replaced
MIN_VOTES = 7  # reactions before a person is placed on the map (Pol.is' threshold)


def latest(conversation_id: int) -> MapSnapshot | None:
    """The current map: the snapshot with the highest marker."""
    return db.session.scalar(select(MapSnapshot).where(MapSnapshot.conversation_id == conversation_id)
                             .order_by(MapSnapshot.marker.desc()).limit(1))


def current_marker(conversation_id: int) -> int:
    """What the marker of a map computed now would be."""
    revision = db.session.scalar(select(Conversation.revision).where(
        Conversation.id == conversation_id)) or 0
    total = db.session.scalar(select(func.coalesce(func.sum(StatementVote.revision), 0)).where(
        StatementVote.conversation_id == conversation_id))
    return revision + int(total)


def is_stale(conversation_id: int) -> bool:
    """True when votes or statements changed since the current map was computed."""
    snapshot_marker = db.session.scalar(select(func.max(MapSnapshot.marker)).where(
        MapSnapshot.conversation_id == conversation_id))
    return snapshot_marker is None or snapshot_marker < current_marker(conversation_id)


def _read_votes(conversation_id: int) -> tuple[int, list[Vote], int]:
    """(marker, votes on visible statements, visible statements), the votes in one statement."""
    revision = db.session.scalar(select(Conversation.revision).where(
        Conversation.id == conversation_id)) or 0  # read first: the marker never runs ahead
    rows = db.session.execute(select(
        StatementVote.participant_id, StatementVote.statement_id, StatementVote.value,
        StatementVote.revision, Statement.hidden_at.is_(None))
        .join(Statement, Statement.id == StatementVote.statement_id)
        .where(StatementVote.conversation_id == conversation_id)).all()
    visible = db.session.scalar(select(func.count(Statement.id)).where(
        Statement.conversation_id == conversation_id, Statement.hidden_at.is_(None)))
    marker = revision + sum(r[3] for r in rows)
    return marker, [Vote(r[0], r[1], r[2]) for r in rows if r[4]], int(visible or 0)


def _compute(votes: list[Vote], previous: MapSnapshot | None, statements: int,
             seed: int) -> OpinionMap | None:
    if not votes:
        return None
    state = previous.state if previous is not None and previous.state.get("components") else None
    options = {"min_votes": max(1, min(MIN_VOTES, statements)), "seed": seed}
    try:
        return compute_map(votes, previous=MapState.from_dict(state) if state else None, **options)
    except ValueError:  # the last state no longer fits (statements hidden): start afresh
        return compute_map(votes, previous=None, **options)


def recompute(conversation_id: int) -> MapSnapshot | None:
    """Store a new map if the current one is stale; None when there was nothing to do."""
    previous = latest(conversation_id)
    marker, votes, statements = _read_votes(conversation_id)
    if previous is not None and previous.marker >= marker:
        return None
    result = _compute(votes, previous, statements, seed=conversation_id)
    snapshot = MapSnapshot(conversation_id=conversation_id, computed_at=utcnow(),
                           vote_count=len(votes), marker=marker,
                           result=to_json(result) if result else EMPTY,
                           state=result.state.to_dict() if result else {})
    try:
        with db.session.begin_nested():
            db.session.add(snapshot)
    except IntegrityError:  # another process stored the map of these very votes
        return None
    old = select(MapSnapshot.id).where(MapSnapshot.conversation_id == conversation_id) \
        .order_by(MapSnapshot.marker.desc()).offset(KEEP)
    db.session.execute(delete(MapSnapshot).where(MapSnapshot.id.in_(old.scalar_subquery())))
    return snapshot


EMPTY = {"k": 0, "silhouette": None, "participants": {}, "groups": [], "consensus": [],
         "divisive": [], "statements": {}, "unclustered": []}


def _statement_json(summary) -> dict:
    return {"agree": int(summary.agree), "disagree": int(summary.disagree),
            "passed": int(summary.passed), "consensus": float(summary.consensus),
            "divisiveness": float(summary.divisiveness), "extremity": float(summary.extremity),
            "by_group": {str(g): [int(v) for v in counts] for g, counts in summary.by_group.items()}}


def _repness_json(r) -> dict:
    return {"statement": int(r.statement), "direction": int(r.direction), "agree": int(r.agree),
            "disagree": int(r.disagree), "passed": int(r.passed), "seen": int(r.seen),
            "p_in": float(r.p_agree_in), "p_out": float(r.p_agree_out), "z": float(r.z),
            "p_test": float(r.p_test), "significant": bool(r.significant)}


def to_json(result: OpinionMap) -> dict:
    """The map as plain JSON (ids as strings where they are keys), as pages and pushes read it."""
    return {
        "k": int(result.k),
        "silhouette": None if result.silhouette is None else float(result.silhouette),
        "participants": {str(p): [float(x), float(y)] for p, (x, y) in result.participants.items()},
        "groups": [{"id": int(g.id), "members": [int(m) for m in g.members],
                    "centre": [float(c) for c in g.centre],
                    "representative": [_repness_json(r) for r in g.representative]}
                   for g in result.groups],
        "consensus": [int(s) for s in result.consensus],
        "divisive": [int(s) for s in result.divisive],
        "statements": {str(s): _statement_json(v) for s, v in result.statements.items()},
        "unclustered": [int(p) for p in result.unclustered],
    }


def extremities(conversation: Conversation) -> dict[int, float]:
    """Each statement's loading on the current map, which routing prefers (0 before any map)."""
    snapshot = latest(conversation.id)
    if snapshot is None:
        return {}
    return {int(s): float(v.get("extremity", 0.0)) for s, v in snapshot.result["statements"].items()}
