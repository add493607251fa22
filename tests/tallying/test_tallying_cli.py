"""The command line is a stable interface: JSON lines, errors on stderr, exit status 2 on bad files."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.tallying.tallying_data import REPO

GOOD = """META
key;value
budget;100
vote_type;approval
rule;greedy-no-skip
PROJECTS
project_id;cost
a;60
b;50
c;30
VOTES
voter_id;vote
1;a,b
2;a,b,c
3;a
"""


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "deliberation.tallying", *args],
        cwd=REPO,
        capture_output=True,
        check=False,
        text=True,
        timeout=60,
    )


def test_json_lines_use_the_files_rule(tmp_path):
    (tmp_path / "good.pb").write_text(GOOD)
    result = run("--json", str(tmp_path / "good.pb"))
    assert result.returncode == 0 and result.stderr == ""
    line = json.loads(result.stdout)
    assert {k: line[k] for k in ("file", "rule", "selected", "total_cost")} == {
        "file": "good.pb",
        "rule": "greedy-no-skip",
        "selected": ["a"],
        "total_cost": 60,
    }
    assert set(line) == {"file", "rule", "selected", "total_cost", "seconds"}


def test_rule_option_and_missing_rule_note(tmp_path):
    (tmp_path / "norule.pb").write_text(GOOD.replace("rule;greedy-no-skip\n", ""))
    result = run("--json", "--rule", "greedy", str(tmp_path / "norule.pb"))
    assert json.loads(result.stdout)["selected"] == ["a", "c"] and result.stderr == ""
    result = run("--json", str(tmp_path / "norule.pb"))
    assert json.loads(result.stdout)["rule"] == "greedy"
    assert "norule.pb: the file names no rule in META; using greedy" in result.stderr


def test_bad_file_is_reported_and_the_others_still_run(tmp_path):
    (tmp_path / "good.pb").write_text(GOOD)
    (tmp_path / "bad.pb").write_text(GOOD.replace("3;a", "3;z"))
    result = run("--json", str(tmp_path / "bad.pb"), str(tmp_path / "good.pb"))
    assert result.returncode == 2
    assert result.stderr.strip() == "bad.pb:15: vote for unknown project 'z'"
    assert json.loads(result.stdout)["file"] == "good.pb"


def test_readable_table_without_json(tmp_path):
    (tmp_path / "good.pb").write_text(GOOD)
    result = run(str(tmp_path / "good.pb"))
    assert result.returncode == 0
    assert "good.pb: greedy-no-skip, spent 60 of 100" in result.stdout
    assert (
        "Rank 2 with 2 votes; 40 left of 100 when its turn came, it costs 50: not funded"
        in result.stdout
    )
