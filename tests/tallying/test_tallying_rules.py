"""Each rule on small elections whose right answer can be worked out by hand."""

from __future__ import annotations

import pytest

from deliberation.tallying import TALLY_RULES, read_pb, tally
from deliberation.tallying.registry import UnknownRule, rule_for


def election(
    budget: int,
    projects: list[tuple[str, int]],
    votes: list[str],
    meta: str = "",
    kind: str = "approval",
    points: list[str] | None = None,
):
    """A pabulib text for a tiny election: projects as (id, cost), votes as comma-separated ids."""
    rows = "\n".join(f"{pid};{cost}" for pid, cost in projects)
    header = "voter_id;vote" + (";points" if points else "")
    ballots = "\n".join(
        f"{k};{v}" + (f";{points[k]}" if points else "") for k, v in enumerate(votes)
    )
    text = f"META\nkey;value\nbudget;{budget}\nvote_type;{kind}\n{meta}PROJECTS\nproject_id;cost\n{rows}\n"
    return read_pb(text + f"VOTES\n{header}\n{ballots}\n")


# a:3 votes, b:2, c:2 (c after b in the file), d:1
PROJECTS = [("a", 50), ("b", 40), ("c", 20), ("d", 10)]
VOTES = ["a,b,c", "a,b,c,d", "a"]


def test_greedy_skips_what_no_longer_fits_and_keeps_file_order_on_ties():
    outcome = tally(*election(80, PROJECTS, VOTES), "greedy")
    assert outcome.selected == ["a", "c", "d"] and outcome.total_cost == 80
    assert (
        outcome.explanations["b"]
        == "Rank 2 with 2 votes; 30 left of 80 when its turn came, it costs 40: not funded"
    )
    assert (
        outcome.explanations["c"] == "Rank 3 with 2 votes; 30 left of 80 when its turn came: funded"
    )


def test_greedy_no_skip_stops_at_the_first_project_that_does_not_fit():
    outcome = tally(*election(80, PROJECTS, VOTES), "greedy-no-skip")
    assert outcome.selected == ["a"]
    assert (
        outcome.explanations["c"] == "Rank 3 with 2 votes; selection stopped at rank 2: not funded"
    )


def test_greedy_no_skip_passes_over_withdrawn_projects():
    projects = [("a", 50), ("b", 999_999_999), ("c", 20), ("d", 10)]
    outcome = tally(*election(80, projects, VOTES), "greedy-no-skip")
    assert outcome.selected == ["a", "c", "d"]
    assert "withdrawn" in outcome.explanations["b"]


def test_greedy_threshold_needs_the_minimum_score():
    outcome = tally(
        *election(200, PROJECTS, VOTES, "min_project_score_threshold;2\n"), "greedy-threshold"
    )
    assert outcome.selected == ["a", "b", "c"]
    assert outcome.explanations["d"] == "Rank 4 with 1 vote, below the threshold of 2: not funded"


def test_greedy_custom_funds_the_next_project_when_80_percent_is_covered():
    covered = tally(*election(82, PROJECTS, VOTES), "greedy-custom")  # 32 left covers 80% of b's 40
    assert covered.selected == ["a", "b"] and covered.total_cost == 90
    assert "covers 80% of its cost" in covered.explanations["b"]
    short = tally(*election(81, PROJECTS, VOTES), "greedy-custom")  # 31 left: 77%
    assert short.selected == ["a"]


def test_greedy_exclusive_reads_conflicts_from_the_comment():
    comment = "comment;#1: Projects a and c could not be implemented simultaneously.\n"
    outcome = tally(*election(200, PROJECTS, VOTES, comment), "greedy-exclusive")
    assert outcome.selected == ["a", "b", "d"]
    assert (
        outcome.explanations["c"]
        == "Rank 3 with 2 votes; cannot be built together with funded project a: not funded"
    )


def test_greedy_exclusive_reads_conflicts_from_meta():
    outcome = tally(*election(200, PROJECTS, VOTES, "exclusive_projects;b,a\n"), "greedy-exclusive")
    assert outcome.selected == ["a", "c", "d"]


def test_cumulative_and_ordinal_scores_drive_greedy():
    cumulative = election(60, PROJECTS, ["d,c", "a"], kind="cumulative", points=["9,1", "5"])
    assert tally(*cumulative, "greedy").selected == ["d", "a"]
    ordinal = election(60, PROJECTS, ["d,c,a", "c,d"], kind="ordinal")
    assert tally(*ordinal, "greedy").selected == [
        "c",
        "d",
    ]  # Borda: d 3+1, c 2+2; c comes first in the file


def test_equal_shares_splits_costs_among_supporters():
    # 4 voters, 25 each. x (cost 60) is backed by 3 voters who can pay 20 each; y (cost 40) by voter 4 only.
    outcome = tally(*election(100, [("x", 60), ("y", 40)], ["x", "x", "x", "y"]), "equalshares")
    assert outcome.selected == ["x"]
    assert (
        outcome.explanations["x"]
        == "Round 1: its 3 supporters paid its 60 cost, at most 20 each: funded"
    )
    assert outcome.explanations["y"] == "Its 1 supporter could pay 25 of its 40 cost: not funded"


def test_add1_completion_raises_budgets_until_the_outcome_is_exhaustive():
    outcome = tally(
        *election(100, [("x", 60), ("y", 40)], ["x", "x", "x", "y"]), "equalshares/add1"
    )
    assert outcome.selected == ["x", "y"] and outcome.details["completion_steps"] == 15


def test_equal_shares_breaks_exact_ties_by_smallest_id_as_pabutools_does():
    outcome = tally(
        *election(20, [("p9", 10), ("p10", 10)], ["p9", "p9", "p10", "p10"]), "equalshares"
    )
    assert outcome.selected == ["p10", "p9"]  # "p10" < "p9" as strings


def test_registry_names_and_fallback():
    assert set(TALLY_RULES) == {
        "greedy",
        "greedy-no-skip",
        "greedy-threshold",
        "greedy-exclusive",
        "greedy-custom",
        "equalshares",
        "equalshares/add1",
        "equalshares/add1-comparison",
    }
    instance, _ = election(10, PROJECTS, VOTES)
    assert rule_for(instance) == ("greedy", "the file names no rule in META; using greedy")
    with pytest.raises(UnknownRule):
        tally(*election(10, PROJECTS, VOTES), "borda-count")
