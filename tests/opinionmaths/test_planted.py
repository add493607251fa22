"""Planted groups are recovered: 2, 3 and 4 groups, noisy votes, about half the cells missing.

Each case draws opinion data from the model in opinion_data.planted (10% of votes flipped,
5% passes, ~50% of cells unseen, a few voters below the clustering threshold) and checks:
  * the groups match the planted ones, adjusted Rand index >= 0.9 over clustered participants;
  * the sparse voters are left unclustered;
  * the consensus list is exactly the statements every planted group agrees with
    (not those every group rejects, not the split ones);
  * every statement the planted groups split on is listed as divisive, ahead of every statement
    they do not split on (sampling noise alone may push one of those over DIVISIVE_MIN).
"""

from __future__ import annotations

import pytest

from deliberation.opinionmaths import compute_map
from tests.opinionmaths.opinion_data import ari, members, planted

CASES = [(groups, seed) for groups in (2, 3, 4) for seed in (0, 1, 2)]


@pytest.fixture(scope="module", params=CASES, ids=[f"{g}groups-seed{s}" for g, s in CASES])
def case(request):
    """(planted data, its map), shared by the checks below."""
    groups, seed = request.param
    data = planted(groups, seed=seed, per_group=80, passes=0.05, sparse=5)
    return data, compute_map(data.votes)


def test_planted_groups_are_recovered(case):
    data, opinion = case
    assert opinion.k == data.stance.shape[0]
    assert ari(data.labels, members(opinion)) >= 0.9
    assert set(opinion.unclustered) == data.sparse
    assert set(opinion.participants) == set(data.labels)


def test_consensus_lists_what_every_group_agrees_with(case):
    data, opinion = case
    assert set(opinion.consensus) == data.agreed
    scores = [opinion.statements[s].consensus for s in opinion.consensus]
    assert scores == sorted(scores, reverse=True)
    assert not set(opinion.consensus) & data.rejected


def test_divisive_lists_what_the_groups_split_on(case):
    data, opinion = case
    assert data.split <= set(opinion.divisive)
    assert set(opinion.divisive[: len(data.split)]) == data.split
    spread = [opinion.statements[s].divisiveness for s in opinion.divisive]
    assert spread == sorted(spread, reverse=True)
    calm = data.agreed | data.rejected
    assert max(opinion.statements[s].divisiveness for s in calm) < min(
        opinion.statements[s].divisiveness for s in data.split
    )


def test_each_group_is_represented_by_what_it_alone_holds(case):
    """A group's top representative statement is one where its planted stance is a minority
    among the groups (or, with two groups, simply differs), in the direction of that stance."""
    data, opinion = case
    column = {int(s): j for j, s in enumerate(data.statements)}
    for group in opinion.groups:
        planted_as = {data.labels[p] for p in group.members}
        majority = max(planted_as, key=lambda g: sum(data.labels[p] == g for p in group.members))
        top = group.representative[0]
        assert top.significant
        stance = data.stance[:, column[top.statement]]
        assert stance[majority] == top.direction
        assert (stance == top.direction).sum() <= len(stance) / 2
