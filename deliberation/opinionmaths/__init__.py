"""Pol.is-style opinion maps: pure Python, NumPy and scikit-learn, shared by the web app and benchmarks.

Typical use (the web layer stores votes and the last state, recomputes off the request path):
    result = compute_map(votes, previous=MapState.from_dict(saved) if saved else None)
    result.groups, result.consensus, result.divisive, result.statements
    saved = result.state.to_dict()
    statement = next_statement(infos, seen_ids, seed=participant_id * 1_000_003 + len(seen_ids))
"""

from .model import (
    AGREE,
    DISAGREE,
    PASS,
    SMALL_GROUP,
    Z_90,
    Group,
    GroupStatement,
    MapState,
    OpinionMap,
    StatementInfo,
    StatementSummary,
    Vote,
)
from .pipeline import compute_map
from .routing import next_statement

__all__ = [
    "AGREE",
    "DISAGREE",
    "PASS",
    "SMALL_GROUP",
    "Z_90",
    "Group",
    "GroupStatement",
    "MapState",
    "OpinionMap",
    "StatementInfo",
    "StatementSummary",
    "Vote",
    "compute_map",
    "next_statement",
]
