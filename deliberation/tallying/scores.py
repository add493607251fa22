"""Project scores counted from the ballots themselves, never copied from the PROJECTS columns."""

from __future__ import annotations

import numpy as np

from .model import POINT_KINDS, Instance, Profile


def supporters(instance: Instance, profile: Profile) -> np.ndarray:
    """How many ballots list each project (pabulib's 'votes' column), whatever the ballot kind."""
    return np.bincount(profile.items, minlength=len(instance.projects)).astype(np.int64)


def item_points(profile: Profile) -> np.ndarray:
    """What each stored ballot item is worth: 1 for approval, its points, or Borda on the ballot's length."""
    if profile.kind in POINT_KINDS:
        return (
            profile.points
            if profile.points is not None
            else np.ones(len(profile.items), dtype=np.int64)
        )
    if profile.kind == "ordinal":
        lengths = np.repeat(profile.lengths(), profile.lengths())
        return lengths - profile.item_positions()
    return np.ones(len(profile.items), dtype=np.int64)


def scores(instance: Instance, profile: Profile) -> np.ndarray:
    """Score per project in file order: voters for approval and choose-1, points, or Borda for ordinal."""
    weights = item_points(profile)
    totals = np.bincount(profile.items, weights=weights, minlength=len(instance.projects))
    if np.issubdtype(weights.dtype, np.integer):
        return np.rint(totals).astype(np.int64)
    return totals


def score_label(kind: str) -> str:
    """The word residents see next to a score."""
    return {"cumulative": "points", "scoring": "points", "ordinal": "Borda points"}.get(
        kind, "votes"
    )
