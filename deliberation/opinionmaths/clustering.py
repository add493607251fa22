"""Opinion groups: k-means on the map for each k, the k with the best silhouette, stable group ids.

Pol.is (conversation.clj) runs k-means for k = 2..5 and keeps the k with the best silhouette; it
starts each run from the previous centres so groups do not jump between recomputes. We do the same
on the 2-D map (Pol.is' intermediate 100 "base clusters" are left out, as red-dwarf does too).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

DECIMALS = 9
"""Coordinates are rounded to this many decimals before clustering, so floating-point noise from
summing in another order cannot reorder or split points that are really the same."""

RESTARTS = 4
"""k-means++ restarts per k (fixed seed); the run with the lowest inertia is kept."""

SILHOUETTE_SAMPLE = 2000
"""The silhouette is O(n^2); above this many participants it is scored on a fixed-seed sample."""

STICKY_K = 0.02
"""Keep last time's number of groups unless another k's silhouette beats it by more than this
(Pol.is holds k back for a few recomputes instead; this keeps the map calm between near-ties)."""

WARM_SLACK = 1.05
"""The warm start (last time's groups) wins unless a fresh start has 5% less inertia."""


@dataclass(frozen=True)
class Clustering:
    """Labels 0..k-1 per map point, the chosen k and its silhouette."""

    labels: np.ndarray
    k: int
    silhouette: float | None


def cluster(
    coords: np.ndarray,
    *,
    k_range: range,
    seed: int,
    warm: np.ndarray | None = None,
    previous_k: int | None = None,
) -> Clustering:
    """Cluster the map for every k in k_range and keep the best-separated grouping."""
    n = len(coords)
    if n == 0:
        return Clustering(np.zeros(0, dtype=np.int64), 0, None)
    # Work in an order fixed by the geometry alone, so neither k-means++ seeding nor the
    # silhouette sample depends on how participants were numbered.
    points = np.round(coords, DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0
    order = np.lexsort((points[:, 1], points[:, 0]))
    points = points[order]
    distinct = len(np.unique(points, axis=0))
    tried: dict[int, tuple[float, np.ndarray]] = {}
    for k in k_range:
        if 2 <= k <= distinct and k < n:
            labels = _kmeans(points, k, seed, warm if warm is not None and len(warm) == k else None)
            tried[k] = (_silhouette(points, labels, seed), labels)
    if not tried:
        return Clustering(np.zeros(n, dtype=np.int64), 1, None)
    best = max(tried, key=lambda k: (tried[k][0], -k))
    if previous_k in tried and tried[previous_k][0] >= tried[best][0] - STICKY_K:
        best = previous_k
    labels = np.empty(n, dtype=np.int64)
    labels[order] = tried[best][1]
    return Clustering(labels, best, tried[best][0])


def _kmeans(points: np.ndarray, k: int, seed: int, warm: np.ndarray | None) -> np.ndarray:
    """Labels of the best of RESTARTS k-means++ runs, or of the warm start when it is close."""
    fresh = KMeans(n_clusters=k, n_init=RESTARTS, random_state=seed).fit(points)
    if warm is None or len(np.unique(warm, axis=0)) < k:
        return fresh.labels_
    kept = KMeans(n_clusters=k, init=warm, n_init=1).fit(points)
    if kept.inertia_ <= WARM_SLACK * fresh.inertia_:
        return kept.labels_
    return fresh.labels_


def _silhouette(points: np.ndarray, labels: np.ndarray, seed: int) -> float:
    """Mean silhouette (scikit-learn), on a fixed sample for big maps; -1 if it cannot be scored."""
    sample = SILHOUETTE_SAMPLE if len(points) > SILHOUETTE_SAMPLE else None
    try:
        return float(silhouette_score(points, labels, sample_size=sample, random_state=seed))
    except ValueError:  # the sample held a single group
        return -1.0


def warm_centres(
    coords: np.ndarray, participants: np.ndarray, previous_members: dict[int, int]
) -> np.ndarray | None:
    """Last time's groups placed on the new map: the mean position of their members still here."""
    if not previous_members:
        return None
    old = np.array([previous_members.get(int(p), -1) for p in participants], dtype=np.int64)
    centres = [coords[old == g].mean(axis=0) for g in sorted(set(old.tolist()) - {-1})]
    if not centres:
        return None
    return np.round(np.array(centres), DECIMALS)


def stable_ids(
    labels: np.ndarray,
    coords: np.ndarray,
    participants: np.ndarray,
    previous_members: dict[int, int],
) -> np.ndarray:
    """A group id for each label: last time's id for the group sharing most members, new ones else.

    Matching maximises the total shared membership (Hungarian algorithm, scipy's
    linear_sum_assignment). Unmatched groups take the smallest free ids, biggest group first
    (then leftmost centre), which is also how ids are given on a first run.
    """
    k = int(labels.max()) + 1 if len(labels) else 0
    ids = np.full(k, -1, dtype=np.int64)
    old = np.array([previous_members.get(int(p), -1) for p in participants], dtype=np.int64)
    old_ids = sorted(set(old.tolist()) - {-1})
    if old_ids and k:
        column = {g: j for j, g in enumerate(old_ids)}
        overlap = np.zeros((k, len(old_ids)), dtype=np.int64)
        known = old >= 0
        np.add.at(overlap, (labels[known], [column[g] for g in old[known]]), 1)
        for i, j in zip(*linear_sum_assignment(overlap, maximize=True)):
            if overlap[i, j] > 0:
                ids[i] = old_ids[j]
    sizes = np.bincount(labels, minlength=k)
    centres = [coords[labels == i].mean(axis=0) if sizes[i] else (0.0, 0.0) for i in range(k)]
    free = (g for g in range(k + len(old_ids) + 1) if g not in set(ids.tolist()))
    for i in sorted(range(k), key=lambda i: (-sizes[i], centres[i][0], centres[i][1])):
        if ids[i] < 0:
            ids[i] = next(free)
    return ids
