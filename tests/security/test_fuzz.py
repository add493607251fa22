"""Random input never makes the ballot checker, the pabulib reader or the vote route crash."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deliberation.tallying.pabulib import PabulibError, read_pb
from deliberation.tallying.validity import KINDS, BallotLimits, check_ballot
from tests.budgeting_factories import project_ids
from tests.conftest import login

FAST = settings(deadline=None, max_examples=60,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
ids = st.text(alphabet="0123456789abc", min_size=1, max_size=3)
numbers = st.one_of(st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False,
                                                          min_value=-1e9, max_value=1e9))
maybe = lambda s: st.one_of(st.none(), s)  # noqa: E731


@FAST
@given(kind=st.sampled_from(KINDS + ("ranked", "scoring")),
       limits=st.builds(BallotLimits, min_length=maybe(st.integers(-3, 10)),
                        max_length=maybe(st.integers(-3, 10)), min_sum_cost=maybe(numbers),
                        max_sum_cost=maybe(numbers), min_points=maybe(numbers),
                        max_points=maybe(numbers), min_sum_points=maybe(numbers),
                        max_sum_points=maybe(numbers)),
       choices=st.one_of(st.lists(ids, max_size=8), st.dictionaries(ids, numbers, max_size=8)),
       costs=st.dictionaries(ids, numbers, max_size=8), budget=maybe(numbers))
def test_check_ballot_returns_problems_and_never_raises(kind, limits, choices, costs, budget):
    problems = check_ballot(kind, limits, choices, costs, budget)
    assert isinstance(problems, list) and all(isinstance(p, str) for p in problems)


@FAST
@given(kind=st.text(max_size=12).filter(lambda k: k not in KINDS and k not in
                                         ("ranked", "ranking", "scoring", "choose_1", "choose1")))
def test_check_ballot_refuses_unknown_kinds_with_value_error(kind):
    from deliberation.tallying.validity import KIND_ALIASES
    if KIND_ALIASES.get(kind, kind) in KINDS:
        return
    with pytest.raises(ValueError):
        check_ballot(kind, BallotLimits(), [], {})


PB_LINES = st.sampled_from([
    "META", "key;value", "num_projects;2", "num_votes;2", "budget;100", "vote_type;approval",
    "vote_type;cumulative", "vote_type;ordinal", "PROJECTS", "project_id;cost;name", "1;50;A",
    "2;60;B", "2;x;B", "VOTES", "voter_id;vote", "voter_id;vote;points", "v1;1,2", "v2;2",
    "v3;9", "v4;1,1", "v5;1,2;3,4", "", ";;;", "\ufeffMETA", "max_length;1", "min_length;x"])


@FAST
@given(data=st.one_of(st.binary(max_size=400), st.lists(PB_LINES, max_size=25).map(
    lambda lines: "\n".join(lines).encode()), st.text(max_size=400).map(str.encode)))
def test_read_pb_refuses_malformed_files_only_with_pabulib_error(data):
    try:
        read_pb(data, name="fuzz.pb")
    except PabulibError:
        pass


FORM_KEYS = ["choice", "rank-1", "rank-2", "csrf_token", "submit", "points-1", "points-x",
             "points-99999999999999999999"]


@FAST
@given(kind=st.sampled_from(["approval", "knapsack", "cumulative", "ranked", "choose_one"]),
       form=st.lists(st.tuples(st.sampled_from(FORM_KEYS + ["points-{pid}", "choice"]),
                               st.one_of(st.text(max_size=12), st.integers().map(str))),
                     max_size=8))
def test_the_vote_route_never_answers_500(app, make_user, make_process, kind, form):
    app.config["WTF_CSRF_ENABLED"] = False
    app.config["RATELIMIT_ENABLED"] = False
    process = make_process(phase="voting", kind=kind, total_points=10, max_choices=2)
    pid = project_ids(process)[0]
    client = app.test_client()
    login(client, make_user(neighbourhood=process.neighbourhood))
    data: dict[str, list[str]] = {}
    for key, value in form:
        data.setdefault(key.format(pid=pid), []).append(value)
    response = client.post(f"/processes/{process.id}/vote", data=data)
    assert response.status_code < 500, response.get_data(as_text=True)[:300]
