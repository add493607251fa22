"""Synthetic opinion data with planted groups, and helpers to compare groupings.

The planted model: G groups sit at equal angles on a circle of opinion (theta_g = 2 pi g / G).
Each opinion statement has a direction phi_j drawn uniformly; group g's stance on it is
sign(cos(theta_g - phi_j)), so the groups' stance vectors span a plane that PCA can recover.
`agreed` statements are agreed by every group and `rejected` ones disagreed by every group;
every other statement splits the groups (with equal angles no direction leaves them all on one
side). A member votes their group's stance, flipped with probability `noise` (or a pass with
probability `passes`), on each statement with probability 1 - `missing`. Participant and
statement ids are drawn at random, so neither their order nor their values follow the groups.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import adjusted_rand_score

from deliberation.opinionmaths import OpinionMap


@dataclass(frozen=True)
class Planted:
    """Votes with the truth they were drawn from."""

    votes: np.ndarray  # (n, 3) participant, statement, value
    labels: dict[int, int]  # participant -> planted group (sparse voters left out)
    statements: np.ndarray  # statement ids, in the column order of `stance`
    stance: np.ndarray  # (groups, statements) +1 / -1
    agreed: frozenset[int]  # statements every group agrees with
    rejected: frozenset[int]  # statements every group disagrees with
    split: frozenset[int]  # statements the groups split on
    sparse: frozenset[int]  # participants with fewer than 7 votes


def planted(
    groups: int,
    *,
    seed: int,
    per_group: int = 60,
    statements: int = 40,
    missing: float = 0.5,
    noise: float = 0.1,
    passes: float = 0.0,
    agreed: int = 4,
    rejected: int = 3,
    sparse: int = 0,
) -> Planted:
    """Draw a planted data set; group g has per_group * (1 - 0.15 g) members, so sizes differ."""
    rng = np.random.default_rng(seed)
    sizes = [max(2, round(per_group * (1.0 - 0.15 * g))) for g in range(groups)]
    labels = np.repeat(np.arange(groups), sizes)
    theta = 2 * np.pi * np.arange(groups) / groups
    phi = rng.uniform(0.0, 2 * np.pi, statements)
    stance = np.where(np.cos(theta[:, None] - phi[None, :]) >= 0, 1, -1)
    stance[:, :agreed] = 1
    stance[:, agreed : agreed + rejected] = -1
    n = len(labels)
    want = stance[labels]
    values = np.where(rng.random((n, statements)) < noise, -want, want)
    if passes:
        values = np.where(rng.random((n, statements)) < passes, 0, values)
    voted = rng.random((n, statements)) >= missing
    voted[np.arange(n), rng.integers(0, statements, n)] = True  # nobody is left with no vote
    ids = rng.choice(np.arange(1, 1_000_000), size=n + sparse, replace=False)
    statement_ids = rng.choice(np.arange(1, 100_000), size=statements, replace=False)
    r, c = np.nonzero(voted)
    rows = [np.stack([ids[r], statement_ids[c], values[r, c]], axis=1)]
    for extra in ids[n:]:  # a few voters below the clustering threshold
        cols = rng.choice(statements, size=int(rng.integers(1, 7)), replace=False)
        values_of_extra = rng.choice([-1, 1], len(cols))
        rows.append(np.stack([np.full(len(cols), extra), statement_ids[cols], values_of_extra], 1))
    votes = np.concatenate(rows).astype(np.int64)
    split = [j for j in range(statements) if len(set(stance[:, j].tolist())) > 1]
    return Planted(
        votes=votes[rng.permutation(len(votes))],
        labels=dict(zip(ids[:n].tolist(), labels.tolist())),
        statements=statement_ids,
        stance=stance,
        agreed=frozenset(statement_ids[:agreed].tolist()),
        rejected=frozenset(statement_ids[agreed : agreed + rejected].tolist()),
        split=frozenset(statement_ids[split].tolist()),
        sparse=frozenset(ids[n:].tolist()),
    )


def partition(assignment: dict[int, int]) -> frozenset[frozenset[int]]:
    """A grouping as a set of member sets, independent of the group ids."""
    groups: dict[int, set[int]] = {}
    for member, group in assignment.items():
        groups.setdefault(group, set()).add(member)
    return frozenset(frozenset(members) for members in groups.values())


def members(opinion_map: OpinionMap) -> dict[int, int]:
    """Participant -> group id for everyone the map clustered."""
    return dict(opinion_map.state.members)


def ari(first: dict[int, int], second: dict[int, int]) -> float:
    """Adjusted Rand index of two groupings over the participants both of them cover."""
    common = sorted(set(first) & set(second))
    assert len(common) >= 2, "the two groupings share fewer than two participants"
    return float(adjusted_rand_score([first[p] for p in common], [second[p] for p in common]))
