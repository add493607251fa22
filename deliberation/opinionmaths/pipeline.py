"""compute_map: votes (and the last state) -> projection, groups, representative statements, consensus."""

from __future__ import annotations

from collections.abc import Iterable

from .model import MapState, OpinionMap, Vote


def compute_map(
    votes: Iterable[Vote],
    previous: MapState | None = None,
    *,
    min_votes: int = 7,
    k_range: range = range(2, 6),
    seed: int = 0,
) -> OpinionMap:
    """Recompute the whole map; the same votes in any order (and the same previous) give the same map."""
    raise NotImplementedError("interface only; the maths lands in the next commit")
