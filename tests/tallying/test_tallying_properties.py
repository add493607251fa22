"""Properties on random small elections, with pabutools run live as the oracle for equal shares."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st
from pabutools.election import (
    Additive_Cardinal_Sat,
    ApprovalBallot,
    ApprovalProfile,
    Cost_Sat,
    CumulativeBallot,
    CumulativeProfile,
)
from pabutools.election import (
    Instance as PabuInstance,
)
from pabutools.election import (
    Project as PabuProject,
)
from pabutools.rules import method_of_equal_shares

from deliberation.tallying import TALLY_RULES, Instance, Profile, Project
from deliberation.tallying.greedy import threshold_of
from deliberation.tallying.mes_core import Uncertain, float_run
from deliberation.tallying.mes_election import prepare
from deliberation.tallying.mes_exact import exact_run
from deliberation.tallying.scores import scores

EXAMPLES = settings(max_examples=60, deadline=None, database=None)


@st.composite
def elections(draw, kind: str = "approval"):
    """A small election: few projects, few voters, small integer costs so ties are frequent."""
    m = draw(st.integers(1, 7))
    costs = draw(st.lists(st.integers(1, 12), min_size=m, max_size=m))
    budget = draw(st.integers(1, 40))
    n = draw(st.integers(1, 9))
    ballots = [draw(st.lists(st.integers(0, m - 1), unique=True, max_size=m)) for _ in range(n)]
    points = (
        [[draw(st.integers(1, 4)) for _ in b] for b in ballots] if kind == "cumulative" else None
    )
    threshold = draw(st.integers(0, 3))
    projects = [Project(f"p{k}", c) for k, c in enumerate(costs)]
    meta = {"vote_type": kind, "min_project_score_threshold": str(threshold)}
    return Instance(budget, projects, meta), Profile.from_ballots(kind, ballots, points)


def pabutools_outcome(instance: Instance, profile: Profile, add1: bool) -> list[str]:
    """pabutools' MES on the same election (Cost_Sat for approval, points for cumulative)."""
    projects = [PabuProject(p.id, p.cost) for p in instance.projects]
    pabu_instance = PabuInstance(projects, budget_limit=instance.budget)
    if profile.kind == "approval":
        ballots = [
            ApprovalBallot([projects[i] for i in profile.ballot(v)])
            for v in range(profile.n_voters)
        ]
        pabu_profile, sat = ApprovalProfile(ballots), Cost_Sat
    else:
        ballots = [
            CumulativeBallot(
                {projects[i]: int(x) for i, x in zip(profile.ballot(v), profile.ballot_points(v))}
            )
            for v in range(profile.n_voters)
        ]
        pabu_profile, sat = CumulativeProfile(ballots), Additive_Cardinal_Sat
    outcome = method_of_equal_shares(
        pabu_instance, pabu_profile, sat_class=sat, voter_budget_increment=1 if add1 else None
    )
    return [p.name for p in outcome]


@EXAMPLES
@given(elections())
def test_no_rule_overspends_except_the_80_percent_step(case):
    instance, profile = case
    for name, rule in TALLY_RULES.items():
        outcome = rule(instance, profile)
        assert outcome.total_cost == sum(instance.project(pid).cost for pid in outcome.selected)
        assert len(set(outcome.selected)) == len(outcome.selected)
        if name == "greedy-custom":
            assert outcome.total_cost <= instance.budget + Fraction(1, 4) * max(
                p.cost for p in instance.projects
            )
        else:
            assert outcome.total_cost <= instance.budget, name
        assert set(outcome.explanations) == {p.id for p in instance.projects}


@EXAMPLES
@given(elections())
def test_greedy_is_exhaustive_among_eligible_projects(case):
    instance, profile = case
    values = dict(zip((p.id for p in instance.projects), scores(instance, profile)))
    for name, threshold in (("greedy", 0), ("greedy-threshold", threshold_of(instance))):
        outcome = TALLY_RULES[name](instance, profile)
        left = instance.budget - outcome.total_cost
        for project in instance.projects:
            if project.id not in outcome.selected and values[project.id] >= threshold:
                assert project.cost > left, (name, project.id)


@EXAMPLES
@given(elections())
def test_equal_shares_matches_pabutools(case):
    instance, profile = case
    assert TALLY_RULES["equalshares"](instance, profile).selected == pabutools_outcome(
        instance, profile, False
    )


@EXAMPLES
@given(elections())
def test_equal_shares_add1_matches_pabutools(case):
    instance, profile = case
    assert TALLY_RULES["equalshares/add1"](instance, profile).selected == pabutools_outcome(
        instance, profile, True
    )


@EXAMPLES
@given(elections("cumulative"))
def test_equal_shares_with_points_matches_pabutools(case):
    instance, profile = case
    assert TALLY_RULES["equalshares"](instance, profile).selected == pabutools_outcome(
        instance, profile, False
    )


@EXAMPLES
@given(elections(), st.integers(0, 30))
def test_float_runs_agree_with_exact_runs(case, extra):
    instance, profile = case
    e = prepare(instance, profile)
    per_voter = Fraction(instance.budget) / profile.n_voters + extra
    try:
        fast = float_run(e, per_voter, track=True)
    except Uncertain:
        return
    assert fast.chosen == exact_run(e, per_voter).chosen
