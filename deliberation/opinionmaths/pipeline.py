"""compute_map: votes (and the last state) -> projection, groups, representative statements, consensus.

Steps (each module documents its formulas):
  1. matrix.tabulate: votes indexed by sorted participant and statement ids (order-free);
  2. participants with fewer than min_votes reactions (passes count) stay off the map, as in Pol.is;
  3. projection.project: sparsity-aware PCA of the others to two dimensions;
  4. clustering.cluster: k-means for k in k_range, best silhouette, warm-started from last time;
     clustering.stable_ids keeps last time's group ids;
  5. stats: per-group counts -> representative statements, consensus, divisiveness.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from . import stats
from .clustering import DECIMALS, cluster, stable_ids, warm_centres
from .matrix import VoteTable, tabulate
from .model import Group, MapState, OpinionMap, StatementSummary, Vote
from .projection import Projection, project


def compute_map(
    votes: Iterable[Vote] | np.ndarray,
    previous: MapState | None = None,
    *,
    min_votes: int = 7,
    k_range: range = range(2, 6),
    seed: int = 0,
) -> OpinionMap:
    """Recompute the whole map; the same votes in any order (and the same previous) give the same map.

    `votes` may also be an (n, 3) integer array of (participant, statement, value) rows.
    """
    table = tabulate(votes)
    rows = table.votes_per_participant() >= min_votes
    clustered = table.participants[rows]
    members_before = previous.members if previous else {}
    projection = project(
        table, rows, previous_axes=_aligned_axes(previous, table.statements), seed=seed
    )
    coords = projection.coords
    found = cluster(
        coords,
        k_range=k_range,
        seed=seed,
        warm=_warm(coords, clustered, previous),
        previous_k=len(previous.centres) if previous and previous.centres else None,
    )
    ids = stable_ids(found.labels, coords, clustered, members_before)
    order = np.argsort(ids)  # group positions sorted by id
    position = np.empty(found.k, dtype=np.int64)
    position[order] = np.arange(found.k)
    group_of_row = np.full(len(table.participants), -1, dtype=np.int64)
    group_of_row[rows] = position[found.labels] if found.k else -1
    group_ids = ids[order]
    counts = table.counts(group_of_row, groups=found.k)
    groups = _groups(counts, group_ids, group_of_row, table, coords, rows)
    summaries, consensus, divisive = _statements(table, counts, group_ids, projection)
    members = {int(p): int(group_ids[g]) for p, g in zip(clustered, group_of_row[rows])}
    state = MapState(
        statements=tuple(int(s) for s in table.statements),
        mean=tuple(float(v) for v in projection.mean),
        components=(
            tuple(float(v) for v in projection.components[0]),
            tuple(float(v) for v in projection.components[1]),
        ),
        centres={group.id: group.centre for group in groups},
        members=members,
    )
    return OpinionMap(
        participants={int(p): (float(x), float(y)) for p, (x, y) in zip(clustered, coords)},
        groups=groups,
        consensus=consensus,
        divisive=divisive,
        statements=summaries,
        k=found.k,
        silhouette=found.silhouette,
        state=state,
        unclustered=tuple(int(p) for p in table.participants[~rows]),
    )


def _aligned_axes(previous: MapState | None, statements: np.ndarray) -> np.ndarray | None:
    """Last time's axes with columns in this table's statement order (0 for new statements)."""
    if previous is None or not previous.statements or not len(statements):
        return None  # with no statement left, the lookup below would index an empty array
    old = np.asarray(previous.statements, dtype=np.int64)
    where = np.searchsorted(statements, old)
    found = (where < len(statements)) & (statements[np.minimum(where, len(statements) - 1)] == old)
    axes = np.zeros((2, len(statements)))
    axes[:, where[found]] = np.asarray(previous.components, dtype=np.float64)[:, found]
    return axes if np.abs(axes).sum() > 0 else None


def _warm(coords: np.ndarray, clustered: np.ndarray, previous: MapState | None) -> np.ndarray | None:
    """Warm-start centres: last time's groups' members on the new map, else the stored centres."""
    if previous is None:
        return None
    warm = warm_centres(coords, clustered, previous.members)
    if warm is None and previous.centres:
        warm = np.round(np.array([previous.centres[g] for g in sorted(previous.centres)]), DECIMALS)
    return warm


def _groups(
    counts: np.ndarray,
    group_ids: np.ndarray,
    group_of_row: np.ndarray,
    table: VoteTable,
    coords: np.ndarray,
    rows: np.ndarray,
) -> tuple[Group, ...]:
    """The groups, by id: members, centre (mean position) and representative statements."""
    representative = stats.representative(counts, table.statements)
    positions = group_of_row[rows]
    groups = []
    for g, group_id in enumerate(group_ids):
        inside = positions == g
        centre = coords[inside].mean(axis=0)
        groups.append(
            Group(
                id=int(group_id),
                members=tuple(int(p) for p in table.participants[rows][inside]),
                centre=(float(centre[0]), float(centre[1])),
                representative=representative[g],
            )
        )
    return tuple(groups)


def _statements(
    table: VoteTable, counts: np.ndarray, group_ids: np.ndarray, projection: Projection
) -> tuple[dict[int, StatementSummary], tuple[int, ...], tuple[int, ...]]:
    """Per-statement summaries, the consensus list and the divisive list.

    With no groups (nobody voted enough) the scores treat every voter as one group, and both
    lists are empty: there is no map to speak for yet.
    """
    totals = table.counts()[0]
    scored = counts if len(group_ids) else totals[None]
    consensus = stats.consensus(scored)
    spread = stats.divisiveness(scored)
    statements = table.statements
    summaries = {}
    for j, statement in enumerate(statements.tolist()):
        summaries[statement] = StatementSummary(
            statement=statement,
            agree=int(totals[j, stats.AGREE_SLOT]),
            disagree=int(totals[j, stats.DISAGREE_SLOT]),
            passed=int(totals[j, stats.PASS_SLOT]),
            by_group={
                int(group_id): tuple(int(c) for c in counts[g, j])
                for g, group_id in enumerate(group_ids)
            },
            consensus=float(consensus[j]),
            divisiveness=float(spread[j]),
            extremity=float(projection.extremity[j]),
        )
    if not len(group_ids):
        return summaries, (), ()
    agreed = np.flatnonzero(stats.leans_agree(counts))
    agreed = agreed[np.lexsort((statements[agreed], -consensus[agreed]))]
    split = np.flatnonzero(spread >= stats.DIVISIVE_MIN) if len(group_ids) > 1 else np.zeros(0, int)
    split = split[np.lexsort((statements[split], -spread[split]))]
    return summaries, tuple(int(s) for s in statements[agreed]), tuple(int(s) for s in statements[split])
