"""The data equal shares works on, prepared once per election so repeated runs are cheap."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from .model import Instance, Number, Profile
from .scores import item_points


@dataclass
class Election:
    """Everything MES needs, prepared once so the add1 loop can rerun cheaply."""

    n: int
    ids: list[str]
    costs: list[Number]
    cost_f: np.ndarray
    supporters: list[np.ndarray]
    utility: list[np.ndarray]
    total_utility: list[Number]
    candidates: list[int]
    free: list[int]
    profile: Profile
    cost_utility: bool
    cost_list: list[float] = field(default_factory=list)
    total_list: list[float] = field(default_factory=list)
    points: list[np.ndarray] = field(default_factory=list)
    twins: dict[int, int] = field(default_factory=dict)


def prepare(instance: Instance, profile: Profile) -> Election:
    """Index supporters and utilities per project (supporters are voters with positive utility)."""
    m = len(instance.projects)
    costs = [p.cost for p in instance.projects]
    cost_f = instance.costs_float()
    cost_utility = profile.kind in ("approval", "choose-1")
    weights = np.ones(len(profile.items)) if cost_utility else item_points(profile)
    keep = weights > 0
    items, voters, weights = profile.items[keep], profile.voter_of_item()[keep], weights[keep]
    order = np.argsort(items, kind="stable")
    bounds = np.searchsorted(items[order], np.arange(m + 1))
    supporters = [voters[order[bounds[p] : bounds[p + 1]]] for p in range(m)]
    raw = [weights[order[bounds[p] : bounds[p + 1]]] for p in range(m)]
    utility = [
        np.full(len(s), cost_f[p]) if cost_utility else raw[p].astype(np.float64)
        for p, s in enumerate(supporters)
    ]
    totals: list[Number] = [
        costs[p] * len(supporters[p]) if cost_utility else _exact_sum(raw[p]) for p in range(m)
    ]
    has_support = [len(s) > 0 for s in supporters]
    candidates = [p for p in range(m) if has_support[p] and costs[p] > 0]
    free = [p for p in range(m) if has_support[p] and costs[p] == 0]
    ids = [p.id for p in instance.projects]
    election = Election(
        profile.n_voters,
        ids,
        costs,
        cost_f,
        supporters,
        utility,
        totals,
        candidates,
        free,
        profile,
        cost_utility,
        points=raw,
    )
    election.cost_list = [float(c) for c in cost_f]
    election.total_list = [float(t) for t in totals]
    election.twins = _twins(election)
    return election


def _exact_sum(values: np.ndarray) -> Number:
    """Sum points exactly, whether stored as integers or floats."""
    if np.issubdtype(values.dtype, np.integer):
        return int(values.sum())
    return sum((Fraction(float(v)) for v in values), Fraction(0))


def _twins(e: Election) -> dict[int, int]:
    """Map each project to the first project with the same cost, supporters and utilities (exact ties)."""
    first: dict[tuple, int] = {}
    twins = {}
    for p in e.candidates:
        key = (e.costs[p], e.supporters[p].tobytes(), e.utility[p].tobytes())
        twins[p] = first.setdefault(key, p)
    return twins
