"""Each opinion-map formula on small matrices whose answers are worked out by hand (or by NumPy)."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from sklearn.impute import SimpleImputer

from deliberation.opinionmaths import (
    MapState,
    StatementInfo,
    Vote,
    compute_map,
    next_statement,
)
from deliberation.opinionmaths import stats
from deliberation.opinionmaths.matrix import tabulate
from deliberation.opinionmaths.projection import project
from deliberation.opinionmaths.routing import priority


def counts(*groups: list[tuple[int, int, int]]) -> np.ndarray:
    """(groups, statements, 3) counts from per-group lists of (agree, disagree, pass)."""
    return np.array(groups, dtype=np.int64)


def test_smoothed_probability_adds_one_pseudo_vote_each_way():
    assert stats.smoothed(3, 8) == pytest.approx(4 / 10)
    assert stats.smoothed(0, 0) == 0.5
    assert stats.smoothed(5, 5) == pytest.approx(6 / 7)  # never exactly 1


def test_one_prop_z_is_the_polis_p_test():
    # 2 sqrt(S + 1) ((n + 1) / (S + 1) - 1/2) with n = 6 of S = 8
    assert stats.one_prop_z(6, 8) == pytest.approx(2 * 3 * (7 / 9 - 0.5))
    assert stats.one_prop_z(2, 5) == pytest.approx(0.0)  # (2 + 1) / (5 + 1) is exactly 1/2 ...
    assert stats.one_prop_z(1, 5) < 0  # ... and fewer successes lean the other way


def test_two_prop_z_compares_smoothed_proportions():
    # 8 of 10 inside against 2 of 10 outside: p1 = 9/11, p2 = 3/11, pooled 12/22.
    pooled = 12 / 22
    expected = (9 / 11 - 3 / 11) / math.sqrt(pooled * (1 - pooled) * (1 / 11 + 1 / 11))
    assert stats.two_prop_z(8, 2, 10, 10) == pytest.approx(expected)
    assert stats.two_prop_z(2, 8, 10, 10) == pytest.approx(-expected)
    # Everyone succeeded on both sides: the pooled proportion is 1 and the test is 0, not NaN.
    assert stats.two_prop_z(5, 5, 5, 5) == 0.0


def test_consensus_is_the_product_over_groups_and_divisiveness_their_spread():
    table = counts([(3, 1, 0), (9, 0, 0)], [(1, 1, 2), (0, 9, 0)])
    # statement 0: P = 4/6 and 2/6; statement 1: P = 10/11 and 1/11
    assert stats.consensus(table) == pytest.approx([4 / 6 * 2 / 6, 10 / 11 * 1 / 11])
    assert stats.divisiveness(table) == pytest.approx([1 / 6, (10 / 11 - 1 / 11) / 2])
    assert stats.leans_agree(table).tolist() == [False, False]
    assert stats.leans_agree(counts([(3, 1, 0)], [(2, 1, 0)])).tolist() == [True]
    # one group: the product is its own probability and there is no spread
    assert stats.consensus(counts([(3, 1, 0)])) == pytest.approx([4 / 6])
    assert stats.divisiveness(counts([(3, 1, 0)])) == pytest.approx([0.0])


def test_representative_picks_the_statement_and_the_direction():
    statements = np.array([10, 20, 30])
    table = counts(
        [(9, 1, 0), (5, 5, 0), (2, 8, 0)],  # group 0 agrees with 10, rejects 30
        [(1, 9, 0), (5, 5, 0), (8, 2, 0)],  # group 1 the other way round
    )
    first, second = stats.representative(table, statements)
    assert [(s.statement, s.direction) for s in first] == [(10, 1), (30, -1)]
    assert [(s.statement, s.direction) for s in second] == [(10, -1), (30, 1)]
    top = first[0]
    assert (top.agree, top.disagree, top.passed, top.seen) == (9, 1, 0, 10)
    assert top.p_agree_in == pytest.approx(10 / 12)
    assert top.p_agree_out == pytest.approx(2 / 12)
    assert top.ratio == pytest.approx(5.0)
    assert top.z == pytest.approx(stats.two_prop_z(9, 1, 10, 10))
    assert top.p_test == pytest.approx(2 * math.sqrt(11) * (10 / 11 - 0.5))
    assert top.significant
    rejected = second[0]  # for direction -1 the "agree" fields hold P(disagree)
    assert rejected.p_agree_in == pytest.approx(10 / 12)
    assert rejected.z == pytest.approx(stats.two_prop_z(9, 1, 10, 10))


def test_representative_ranks_by_repness_metric_and_falls_back_to_best_z():
    statements = np.array([1, 2])
    strong = counts([(6, 4, 0), (20, 0, 0)], [(4, 6, 0), (0, 20, 0)])
    first, _ = stats.representative(strong, statements)
    assert [s.statement for s in first] == [2]  # statement 1 is not significant for group 0
    # Nothing significant: the single statement with the largest z, in either direction.
    weak = counts([(1, 0, 0), (0, 0, 1)], [(0, 1, 0), (0, 0, 1)])
    first, second = stats.representative(weak, statements)
    assert [(s.statement, s.direction) for s in first] == [(1, 1)]
    assert [(s.statement, s.direction) for s in second] == [(1, -1)]
    assert not first[0].significant
    assert stats.representative(counts([(3, 1, 0)]), np.array([5])) == [()]


def _dense(votes: list[tuple[int, int, int]]) -> tuple[np.ndarray, list[int], list[int]]:
    """The participants x statements matrix with NaN for unseen cells and passes."""
    people = sorted({p for p, _, _ in votes})
    columns = sorted({s for _, s, _ in votes})
    matrix = np.full((len(people), len(columns)), np.nan)
    for p, s, v in votes:
        if v:
            matrix[people.index(p), columns.index(s)] = v
    return matrix, people, columns


SMALL = [
    (1, 1, 1), (1, 2, 1), (1, 3, -1), (1, 4, 1),
    (2, 1, -1), (2, 2, -1), (2, 3, 1),
    (3, 1, 1), (3, 2, 0), (3, 4, 1),
    (4, 2, -1), (4, 3, 1), (4, 4, -1),
    (5, 3, 1),
]  # fmt: skip


def test_imputation_by_column_mean_and_sparsity_scaling_match_a_dense_reference():
    table = tabulate(np.array(SMALL))
    fitted = project(table, np.ones(5, dtype=bool))
    matrix, _, _ = _dense(SMALL)
    # statement 2: +1, -1, pass, -1 -> mean over the three real votes, the pass left out
    assert fitted.mean == pytest.approx(np.nanmean(matrix, axis=0))
    assert fitted.mean[1] == pytest.approx(-1 / 3)
    imputed = SimpleImputer(strategy="mean").fit_transform(matrix)
    centred = imputed - imputed.mean(axis=0)
    axes = np.linalg.svd(centred)[2][:2]
    for i in range(2):
        assert abs(axes[i] @ fitted.components[i]) == pytest.approx(1.0)  # same axes, up to sign
        axes[i] *= np.sign(axes[i] @ fitted.components[i])
    voted = (~np.isnan(matrix)).sum(axis=1)  # n_i: real votes, the pass on (3, 2) left out
    assert voted.tolist() == [4, 3, 2, 3, 1]
    expected = (centred @ axes.T) * np.sqrt(4 / voted)[:, None]  # sqrt(m / n_i), m = 4
    assert fitted.coords == pytest.approx(expected, abs=1e-12)


def test_a_lone_agree_sits_at_its_statements_extremity():
    # Participant 5 only agreed with statement 3: sqrt(m / 1) (1 - mean_3) |axes[:, 3]|.
    fitted = project(tabulate(np.array(SMALL)), np.ones(5, dtype=bool))
    lone = fitted.coords[4]
    assert np.linalg.norm(lone) == pytest.approx(fitted.extremity[2])
    assert lone == pytest.approx(2.0 * (1 - fitted.mean[2]) * fitted.components[:, 2])


def test_participants_below_min_votes_stay_off_the_map():
    votes = [Vote(p, s, 1 if (p + s) % 3 else -1) for p in range(10) for s in range(8)]
    votes += [Vote(100, s, 1) for s in range(6)]  # six votes: one short
    votes += [Vote(101, s, 0 if s < 2 else 1) for s in range(7)]  # seven, passes count
    opinion = compute_map(votes)
    assert opinion.unclustered == (100,)
    assert 100 not in opinion.participants and opinion.group_of(100) is None
    assert 101 in opinion.participants and opinion.group_of(101) is not None
    assert all(100 not in g.members for g in opinion.groups)
    assert compute_map(votes, min_votes=8).unclustered == (100, 101)
    nobody = compute_map([Vote(1, s, 1) for s in range(3)])
    assert (nobody.k, nobody.groups, nobody.consensus, nobody.divisive) == (0, (), (), ())


def test_map_state_survives_a_json_round_trip():
    votes = [Vote(p, s, 1 if (p * s) % 5 < 2 else -1) for p in range(30) for s in range(9)]
    state = compute_map(votes).state
    assert state.centres and state.members
    again = MapState.from_dict(json.loads(json.dumps(state.to_dict())))
    assert again == state
    assert compute_map(votes, previous=again) == compute_map(votes, previous=state)
    # and a map of no votes at all after a real one (there are no statements to align)
    assert compute_map([], previous=again).k == 0


def info(statement: int, agree=0, disagree=0, passed=0, extremity=0.0, order=None) -> StatementInfo:
    """A StatementInfo with creation order = id unless given."""
    order = statement if order is None else order
    return StatementInfo(statement, order, agree, disagree, passed, extremity)


def test_priority_values():
    # new: p = a = 1/2, I = 1/4, boost 9: (9/4)^2
    assert priority(info(1)) == pytest.approx((0.25 * 9) ** 2)
    # 50 agree, 50 disagree: p = 1/102, a = 51/102, boost 1 + 8 * 2^-20
    seen = (101 / 102) * (51 / 102) * (1 + 8 * 2**-20)
    assert priority(info(2, agree=50, disagree=50)) == pytest.approx(seen**2)
    # extremity E scales the importance by (E + 1)
    assert priority(info(3, 5, 5, extremity=1.5)) == pytest.approx(
        priority(info(3, 5, 5)) * 2.5**2
    )


def test_priority_boosts_new_statements_and_demotes_pass_heavy_ones():
    assert priority(info(1, agree=1, disagree=1)) > 3 * priority(info(2, agree=50, disagree=50))
    engaged = priority(info(3, agree=25, disagree=25))
    passed = priority(info(4, agree=25, passed=25))
    assert passed == pytest.approx(engaged * ((26 / 52) / (51 / 52)) ** 2)
    assert passed < engaged


def test_next_statement_never_repeats_and_stops_when_all_are_seen():
    pool = [info(s, agree=s, disagree=3, passed=s % 4) for s in range(1, 9)]
    seen: set[int] = set()
    while (shown := next_statement(pool, seen, seed=7 * len(seen))) is not None:
        assert shown not in seen
        seen.add(shown)
    assert seen == set(range(1, 9))
    assert next_statement([], set(), seed=1) is None


def test_next_statement_is_deterministic_and_follows_the_weights():
    pool = [info(1, agree=50, disagree=50), info(2)]  # statement 2 is new: much heavier
    draws = [next_statement(pool, set(), seed=seed) for seed in range(2000)]
    assert draws == [next_statement(pool[::-1], set(), seed=seed) for seed in range(2000)]
    share = draws.count(2) / len(draws)
    expected = priority(pool[1]) / (priority(pool[0]) + priority(pool[1]))
    assert share == pytest.approx(expected, abs=0.03)
    assert next_statement(pool, {2}, seed=5) == 1


def test_tabulate_indexes_ids_and_rejects_double_votes():
    for scale in (1, 10**12):  # lookup-table and binary-search indexing
        votes = np.array([[3 * scale, 9, 1], [1 * scale, 7, -1], [3 * scale, 7, 0]])
        table = tabulate(votes)
        assert table.participants.tolist() == [scale, 3 * scale]
        assert (table.rows.tolist(), table.cols.tolist()) == ([1, 0, 1], [1, 0, 0])
    with pytest.raises(ValueError, match="more than one vote"):
        tabulate(np.array([[1, 7, 1], [2, 7, 1], [1, 7, -1]]))
    sparse = np.array([[p, p, 1] for p in range(400)] + [[5, 5, -1]])  # 160,000 cells: sorted
    with pytest.raises(ValueError, match="more than one vote"):
        tabulate(sparse)
    assert tabulate(sparse[:-1]).shape == (400, 400)
    with pytest.raises(ValueError):
        Vote(1, 2, 3)
