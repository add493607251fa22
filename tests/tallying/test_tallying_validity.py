"""Ballot checks speak to the resident and follow pabulib's META limits."""

from __future__ import annotations

import pytest

from deliberation.tallying import BallotLimits, InvalidBallot, check_ballot, require_valid_ballot

COSTS = {"1": 30_000, "2": 20_000, "3": 50_000, "4": 10_000, "5": 5_000, "6": 5_000}


def test_approval_length_limits():
    limits = BallotLimits(min_length=2, max_length=5)
    assert check_ballot("approval", limits, ["1", "2"], COSTS) == []
    assert check_ballot("approval", limits, list(COSTS), COSTS) == [
        "You chose 6 projects; the most you may choose is 5."
    ]
    assert check_ballot("approval", limits, ["1"], COSTS) == [
        "You chose 1 project; choose at least 2."
    ]


def test_unknown_and_repeated_projects_are_refused():
    assert check_ballot("approval", BallotLimits(), ["1", "99", "1"], COSTS) == [
        "Project 99 is not on this ballot.",
        "You chose project 1 more than once.",
    ]


def test_knapsack_must_fit_the_budget_and_may_require_a_share():
    assert check_ballot("knapsack", BallotLimits(), ["1", "3"], COSTS, budget=100_000) == []
    assert check_ballot(
        "knapsack", BallotLimits(), ["1", "2", "3", "4"], COSTS, budget=100_000
    ) == ["Your projects cost 110,000 in total; the most you may spend is 100,000."]
    half = BallotLimits(min_sum_cost=50_000)
    assert check_ballot("knapsack", half, ["4"], COSTS, budget=100_000) == [
        "Your projects cost 10,000 in total; spend at least 50,000 (50% of the budget)."
    ]


def test_cumulative_points_per_project_and_in_total():
    limits = BallotLimits(max_points=5, max_sum_points=10, min_length=1)
    assert check_ballot("cumulative", limits, {"1": 5, "2": 5}, COSTS) == []
    assert check_ballot("cumulative", limits, {"1": 6, "2": 5}, COSTS) == [
        "You gave project 1 6 points; the most for one project is 5.",
        "You gave 11 points in total; the most you may give is 10.",
    ]
    assert check_ballot("cumulative", limits, {"1": 0}, COSTS) == [
        "Give project 1 a whole number of points, at least 1."
    ]


def test_ordinal_ballots_limit_length_and_forbid_repeats():
    limits = BallotLimits(max_length=3)
    assert check_ballot("ranked", limits, ["3", "1", "2"], COSTS) == []
    assert check_ballot("ordinal", limits, ["3", "1", "3"], COSTS) == [
        "You ranked project 3 more than once."
    ]
    assert check_ballot("ordinal", limits, ["1", "2", "3", "4"], COSTS) == [
        "You ranked 4 projects; the most you may rank is 3."
    ]


def test_choose_one_needs_exactly_one():
    assert check_ballot("choose-1", BallotLimits(), ["1"], COSTS) == []
    assert check_ballot("choose-1", BallotLimits(), [], COSTS) == [
        "You chose 0 projects; choose exactly one."
    ]
    assert check_ballot("choose-1", BallotLimits(), ["1", "2"], COSTS) == [
        "You chose 2 projects; choose exactly one."
    ]


def test_limits_come_from_pabulib_meta_and_errors_can_be_raised():
    limits = BallotLimits.from_meta(
        {"min_length": "1", "max_length": "2", "max_sum_cost": "1000,50", "rule": "greedy"}
    )
    assert limits == BallotLimits(
        min_length=1, max_length=2, max_sum_cost=__import__("fractions").Fraction(2001, 2)
    )
    with pytest.raises(InvalidBallot) as refused:
        require_valid_ballot("approval", limits, ["1", "2", "3"], COSTS)
    assert refused.value.problems[0] == "You chose 3 projects; the most you may choose is 2."
