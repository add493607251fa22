"""Scores come from the ballots; on every real file they equal the PROJECTS votes/score columns."""

from __future__ import annotations

import pytest

from deliberation.tallying import read_pb, scores, supporters
from tests.tallying.tallying_data import election, pabulib_files

TOY = """META
key;value
budget;10
vote_type;{kind}
PROJECTS
project_id;cost
a;1
b;1
c;1
VOTES
voter_id;vote{points_header}
1;a,b,c{p1}
2;c,a{p2}
3;{empty}
"""


def toy(kind: str, p1: str = "", p2: str = "", empty: str = ""):
    header = ";points" if p1 else ""
    text = TOY.format(kind=kind, points_header=header, p1=p1, p2=p2, empty=empty)
    return read_pb(text)


def test_approval_counts_voters():
    assert scores(*toy("approval")).tolist() == [2, 1, 2]


def test_cumulative_sums_points():
    instance, profile = toy("cumulative", ";5,3,2", ";4,1", ";")
    assert scores(instance, profile).tolist() == [6, 3, 6]
    assert supporters(instance, profile).tolist() == [2, 1, 2]


def test_ordinal_is_borda_on_the_ballots_own_length():
    # ballot 1 ranks 3 projects (3, 2, 1 points); ballot 2 ranks 2 (2, 1 points)
    assert scores(*toy("ordinal")).tolist() == [3 + 1, 2, 1 + 2]


def real_score_differences():
    """(file, column, project, file value, counted, explained?) for every disagreement in the data."""
    rows = []
    for path in pabulib_files():
        instance, profile = election(path.name)
        counted = {"votes": supporters(instance, profile), "score": scores(instance, profile)}
        for column, values in counted.items():
            if column not in instance.project_columns:
                continue
            for k, project in enumerate(instance.projects):
                written = project.extra[column]
                if not written or float(written) != values[k]:
                    repeats = profile.repeats.get(project.id, 0)
                    explained = (
                        column == "votes" and written and float(written) == values[k] + repeats
                    )
                    rows.append(
                        (path.name, column, project.id, written, int(values[k]), bool(explained))
                    )
    return rows


def test_scores_match_the_projects_columns_of_every_real_file():
    if not pabulib_files():
        pytest.skip("real pabulib elections not found next to the repository")
    differences = real_score_differences()
    for name, column, pid, written, counted, explained in differences:
        reason = (
            "the ballot lists the project twice; the file counted it twice, a ballot counts it once"
            if explained
            else "UNEXPLAINED"
        )
        print(
            f"{name}: {column} of project {pid} is {written} in PROJECTS, {counted} counted: {reason}"
        )
    assert all(row[-1] for row in differences), [row for row in differences if not row[-1]]
    assert len(differences) <= 2
