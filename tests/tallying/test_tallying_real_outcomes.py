"""Every real election, tallied with its own META rule, against the outcome the file records."""

from __future__ import annotations

from collections import defaultdict

import pytest

from deliberation.tallying.audit import explain_difference, recorded_selection
from deliberation.tallying.registry import rule_for, rule_named
from tests.tallying.tallying_data import election, pabulib_files, require_pabulib

require_pabulib()


def agreement() -> tuple[dict, list, list]:
    """Per (vote type, rule): [files, files identical, projects agreeing, projects]; plus differences."""
    table: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    differences, not_compared = [], []
    for path in pabulib_files():
        instance, profile = election(path.name)
        name, note = rule_for(instance)
        recorded = recorded_selection(instance, name)
        if note or recorded is None:
            not_compared.append((path.name, note or "no `selected` column"))
            continue
        rule = rule_named(name)[1]
        outcome = rule(instance, profile)
        computed = set(outcome.selected)
        row = table[(profile.kind, name)]
        row[0] += 1
        row[1] += computed == recorded
        row[2] += sum((p.id in computed) == (p.id in recorded) for p in instance.projects)
        row[3] += len(instance.projects)
        if computed != recorded:
            why = explain_difference(instance, profile, rule, outcome)
            differences.append(
                (path.name, name, sorted(computed - recorded), sorted(recorded - computed), why)
            )
    return table, differences, not_compared


def render(table: dict) -> str:
    """The agreement table as text."""
    lines = [
        f"{'vote type':<11} {'rule':<28} {'files':>5} {'same':>5} {'projects':>13} {'agree':>8}"
    ]
    for (kind, rule), (files, same, agree, total) in sorted(table.items()):
        lines.append(
            f"{kind:<11} {rule:<28} {files:>5} {same:>5} {agree:>6}/{total:<6} {100 * agree / total:7.2f}%"
        )
    return "\n".join(lines)


@pytest.fixture(scope="module")
def results():
    return agreement()


def test_agreement_table(results, capsys):
    table, differences, not_compared = results
    with capsys.disabled():
        print("\n" + render(table))
        for name, rule, extra, missing in ((d[0], d[1], d[2], d[3]) for d in differences):
            print(f"  differs: {name} ({rule}): we fund {extra}, the file funds {missing}")
        print(
            f"  not compared: {len(not_compared)} files without a recorded outcome or a rule we run"
        )
    greedy_family = [v for (_, rule), v in table.items() if rule.startswith("greedy")]
    agree = sum(v[2] for v in greedy_family) / sum(v[3] for v in greedy_family)
    assert agree > 0.995


def test_every_equal_shares_file_agrees(results):
    table, _, _ = results
    mes = {rule: v for (_, rule), v in table.items() if rule.startswith("equalshares")}
    assert set(mes) == {"equalshares/add1", "equalshares/add1-comparison"}
    assert all(files == same for files, same, _, _ in mes.values())


def test_every_difference_has_a_general_reason(results, capsys):
    _, differences, _ = results
    with capsys.disabled():
        for name, _, _, _, why in differences:
            print(f"  {name}: {why}")
    assert all(why for *_, why in differences), [d for d in differences if not d[-1]]


def test_files_not_compared_are_exactly_those_without_a_usable_record(results):
    _, _, not_compared = results
    for name, _ in not_compared:
        instance, _ = election(name)
        assert recorded_selection(instance) is None or rule_for(instance)[1] is not None
