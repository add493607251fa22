"""Reading and writing pabulib files: what real files contain is accepted, malformed files are refused."""

from __future__ import annotations

import io

import pytest
from pabutools.election import parse_pabulib

from deliberation.tallying import PabulibError, read_pb, scores, write_pb
from deliberation.tallying.model import Profile
from tests.tallying.tallying_data import election, pabulib_files

SMALL = """META
key;value
description;Test
budget;1000
vote_type;approval
rule;greedy
PROJECTS
project_id;cost;name;votes
a1;400;Park;2
b-2;700;"Bench; with a semicolon";1
VOTES
voter_id;vote;age
v1;a1,b-2;30
v2;a1;41
"""


def ballots(profile: Profile) -> list[list[int]]:
    """Ballots as plain lists, for readable assertions."""
    return [profile.ballot(v).tolist() for v in range(profile.n_voters)]


def test_reads_text_bytes_paths_and_file_objects(tmp_path):
    path = tmp_path / "small.pb"
    path.write_text(SMALL, encoding="utf-8")
    for source in (
        SMALL,
        SMALL.encode(),
        path,
        str(path),
        io.StringIO(SMALL),
        io.BytesIO(SMALL.encode()),
    ):
        instance, profile = read_pb(source, name="small.pb")
        assert [p.id for p in instance.projects] == ["a1", "b-2"]
        assert ballots(profile) == [[0, 1], [0]]


def test_bom_crlf_quotes_extra_columns_and_non_numeric_ids():
    data = ("\ufeff" + SMALL).replace("\n", "\r\n").encode("utf-8")
    instance, profile = read_pb(data, name="bom.pb")
    assert instance.budget == 1000 and instance.meta["description"] == "Test"
    assert instance.project("b-2").name == "Bench; with a semicolon"
    assert instance.project("a1").extra == {"votes": "2"}
    assert profile.voter_ids == ["v1", "v2"] and profile.voter_extra == {"age": ["30", "41"]}


def test_empty_ballots_and_blank_lines_are_kept_as_voters():
    text = SMALL.replace("v2;a1;41", "v2;;41\n\nv3;b-2;50")
    instance, profile = read_pb(text)
    assert ballots(profile) == [[0, 1], [], [1]]
    assert scores(instance, profile).tolist() == [1, 2]


def test_decimal_costs_and_budget_stay_exact():
    instance, _ = read_pb(
        SMALL.replace("budget;1000", "budget;1000,50").replace("a1;400", "a1;400.25")
    )
    assert str(instance.budget) == "2001/2" and str(instance.project("a1").cost) == "1601/4"


@pytest.mark.parametrize(
    ("change", "line", "problem"),
    [
        (
            lambda t: t.replace("VOTES\nvoter_id;vote;age\nv1;a1,b-2;30\nv2;a1;41\n", ""),
            10,
            "missing VOTES section",
        ),
        (lambda t: t.replace("PROJECTS\n", ""), 10, "missing PROJECTS section before VOTES"),
        (lambda t: t + "META\n", 15, "unexpected META section"),
        (
            lambda t: t.replace("a1;400;Park", "a1;4OO;Park"),
            9,
            "cost of project 'a1' '4OO' is not a number",
        ),
        (lambda t: t.replace("budget;1000", "budget;lots"), 1, "budget 'lots' is not a number"),
        (lambda t: t.replace("v2;a1;41", "v2;a1,zz;41"), 14, "vote for unknown project 'zz'"),
        (lambda t: t.replace("v2;a1;41", "v2;a1"), 14, "expected 3 columns, found 2"),
        (
            lambda t: t.replace("a1;400;Park;2", "a1;400;Park;2;extra"),
            9,
            "expected 4 columns, found 5",
        ),
        (
            lambda t: t.replace("vote_type;approval", "vote_type;dots"),
            1,
            "unknown vote_type 'dots'",
        ),
        (
            lambda t: t.replace("voter_id;vote;age", "voter_id;ballot;age"),
            12,
            "VOTES header has no 'vote' column",
        ),
        (lambda t: "hello\n" + t, 1, "expected the META section, found 'hello'"),
    ],
)
def test_malformed_files_are_refused_with_file_and_line(change, line, problem):
    with pytest.raises(PabulibError) as refused:
        read_pb(change(SMALL), name="bad.pb")
    assert str(refused.value) == f"bad.pb:{line}: {problem}"


def test_invalid_utf8_is_refused_with_its_line():
    with pytest.raises(PabulibError, match=r"^bad\.pb:9: the file is not valid UTF-8 text$"):
        read_pb(SMALL.encode().replace(b"Park", b"P\xffrk"), name="bad.pb")


def test_cumulative_points_must_match_votes():
    text = SMALL.replace("vote_type;approval", "vote_type;cumulative").replace(
        "voter_id;vote;age\nv1;a1,b-2;30\nv2;a1;41",
        "voter_id;vote;points\nv1;a1,b-2;3,2\nv2;a1;1,1",
    )
    with pytest.raises(PabulibError, match=r"^bad\.pb:14: 1 projects but 2 points on this ballot$"):
        read_pb(text, name="bad.pb")


def test_repeated_project_on_an_approval_ballot_counts_once():
    _, profile = read_pb(SMALL.replace("v2;a1;41", "v2;a1,a1;41"))
    assert ballots(profile) == [[0, 1], [0]] and profile.repeats == {"a1": 1}


@pytest.mark.parametrize("kind", ["approval", "cumulative", "ordinal", "choose-1"])
def test_round_trip_through_our_reader_and_pabutools(kind, tmp_path):
    name = (
        next(p.name for p in pabulib_files() if election(p.name)[1].kind == kind)
        if pabulib_files()
        else None
    )
    if name is None:
        pytest.skip("real pabulib elections not found next to the repository")
    instance, profile = election(name)
    text = write_pb(instance, profile)
    again, profile_again = read_pb(text)
    assert [(p.id, p.cost, p.name, p.category, p.extra) for p in again.projects] == [
        (p.id, p.cost, p.name, p.category, p.extra) for p in instance.projects
    ]
    assert again.budget == instance.budget and again.meta["vote_type"] == kind
    assert (
        ballots(profile_again) == ballots(profile) and profile_again.voter_ids == profile.voter_ids
    )
    assert (profile_again.points is None) == (profile.points is None)
    (tmp_path / "written.pb").write_text(text, encoding="utf-8")
    their_instance, their_profile = parse_pabulib(str(tmp_path / "written.pb"))
    assert sorted(p.name for p in their_instance) == sorted(p.id for p in instance.projects)
    assert len(their_profile) == profile.n_voters


def test_every_real_file_is_read():
    files = pabulib_files()
    if not files:
        pytest.skip("real pabulib elections not found next to the repository")
    for path in files:
        instance, profile = election(path.name)
        assert profile.n_voters == int(instance.meta["num_votes"]), path.name
        assert len(instance.projects) == int(instance.meta["num_projects"]), path.name
