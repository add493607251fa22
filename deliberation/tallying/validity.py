"""Ballot validity checks shared by the web app's ballot forms and by imported files.

Limits use pabulib's META names (min_length, max_length, min_sum_cost, max_sum_cost,
min_points, max_points, min_sum_points, max_sum_points). Messages speak to the resident.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from fractions import Fraction

from .model import Number, as_number
from .outcome import count, money

KINDS = ("approval", "knapsack", "cumulative", "ordinal", "choose-1")
KIND_ALIASES = {
    "ranked": "ordinal",
    "ranking": "ordinal",
    "scoring": "cumulative",
    "choose-one": "choose-1",
}


class InvalidBallot(ValueError):
    """A ballot that breaks the process's rules; .problems lists every reason, str() joins them."""

    def __init__(self, problems: list[str]):
        super().__init__(" ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class BallotLimits:
    """What a ballot may contain; None means no limit."""

    min_length: int | None = None
    max_length: int | None = None
    min_sum_cost: Number | None = None
    max_sum_cost: Number | None = None
    min_points: Number | None = None
    max_points: Number | None = None
    min_sum_points: Number | None = None
    max_sum_points: Number | None = None

    @classmethod
    def from_meta(cls, meta: Mapping[str, str]) -> BallotLimits:
        """Read the limits a pabulib META section states."""
        values = {}
        for f in fields(cls):
            raw = str(meta.get(f.name, "")).strip()
            if raw:
                number = as_number(raw.replace(",", "."))
                values[f.name] = int(number) if f.name.endswith("length") else number
        return cls(**values)


def _plural(n: int, word: str) -> str:
    """'1 project', '6 projects'."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _length_problems(kind: str, limits: BallotLimits, n: int) -> list[str]:
    """Too few or too many projects chosen or ranked."""
    verb = "ranked" if kind == "ordinal" else "chose"
    if kind == "choose-1":
        return [] if n == 1 else [f"You chose {_plural(n, 'project')}; choose exactly one."]
    if limits.max_length is not None and n > limits.max_length:
        most = "rank" if kind == "ordinal" else "choose"
        return [
            f"You {verb} {_plural(n, 'project')}; the most you may {most} is {limits.max_length}."
        ]
    if limits.min_length is not None and n < limits.min_length:
        least = "rank" if kind == "ordinal" else "choose"
        return [f"You {verb} {_plural(n, 'project')}; {least} at least {limits.min_length}."]
    return []


def _cost_problems(limits: BallotLimits, spent: Number, budget: Number | None) -> list[str]:
    """Knapsack ballots: the chosen projects must fit the budget (and may have to use a share of it)."""
    problems = []
    cap = (
        min(x for x in (limits.max_sum_cost, budget) if x is not None)
        if (limits.max_sum_cost is not None or budget is not None)
        else None
    )
    if cap is not None and spent > cap:
        problems.append(
            f"Your projects cost {money(spent)} in total; the most you may spend is {money(cap)}."
        )
    if limits.min_sum_cost is not None and spent < limits.min_sum_cost:
        share = (
            f" ({round(100 * Fraction(limits.min_sum_cost) / Fraction(budget))}% of the budget)"
            if budget
            else ""
        )
        problems.append(
            f"Your projects cost {money(spent)} in total; spend at least {money(limits.min_sum_cost)}{share}."
        )
    return problems


def _points_problems(limits: BallotLimits, given: dict[str, Number]) -> list[str]:
    """Cumulative ballots: points per project and in total."""
    problems = []
    for pid, points in given.items():
        if points <= 0 or Fraction(points).denominator != 1:
            problems.append(f"Give project {pid} a whole number of points, at least 1.")
        elif limits.max_points is not None and points > limits.max_points:
            problems.append(
                f"You gave project {pid} {count(points)} points; the most for one project is "
                f"{count(limits.max_points)}."
            )
        elif limits.min_points is not None and points < limits.min_points:
            problems.append(
                f"You gave project {pid} {count(points)} points; give at least {count(limits.min_points)}."
            )
    total = sum(given.values(), 0)
    if limits.max_sum_points is not None and total > limits.max_sum_points:
        problems.append(
            f"You gave {count(total)} points in total; the most you may give is "
            f"{count(limits.max_sum_points)}."
        )
    if limits.min_sum_points is not None and total < limits.min_sum_points:
        problems.append(
            f"You gave {count(total)} points in total; give at least {count(limits.min_sum_points)}."
        )
    return problems


def check_ballot(
    kind: str,
    limits: BallotLimits,
    choices: Sequence[str] | Mapping[str, Number],
    costs: Mapping[str, Number],
    budget: Number | None = None,
) -> list[str]:
    """Every reason the ballot is invalid (empty list when valid).

    choices: project ids (in rank order for ordinal ballots), or id -> points for cumulative ones.
    costs: id -> cost of every project on the ballot paper; other ids are refused.
    budget: the process budget, the cap for knapsack ballots.
    """
    kind = KIND_ALIASES.get(kind, kind)
    if kind not in KINDS:
        raise ValueError(f"unknown ballot kind '{kind}'")
    given = dict(choices) if isinstance(choices, Mapping) else {pid: 1 for pid in choices}
    ids = list(given) if isinstance(choices, Mapping) else list(choices)
    problems = [
        f"Project {pid} is not on this ballot." for pid in dict.fromkeys(ids) if pid not in costs
    ]
    repeated = [pid for k, pid in enumerate(ids) if pid in ids[:k]]
    verb = "ranked" if kind == "ordinal" else "chose"
    problems += [f"You {verb} project {pid} more than once." for pid in dict.fromkeys(repeated)]
    problems += _length_problems(kind, limits, len(set(ids)))
    if kind == "cumulative":
        problems += _points_problems(limits, given)
    if kind in ("knapsack", "approval") and all(pid in costs for pid in ids):
        cap_budget = budget if kind == "knapsack" else None
        spent = sum((costs[pid] for pid in set(ids)), 0)
        problems += _cost_problems(limits, spent, cap_budget)
    return problems


def require_valid_ballot(
    kind: str,
    limits: BallotLimits,
    choices: Sequence[str] | Mapping[str, Number],
    costs: Mapping[str, Number],
    budget: Number | None = None,
) -> None:
    """Raise InvalidBallot with every problem found, for services that refuse bad ballots."""
    problems = check_ballot(kind, limits, choices, costs, budget)
    if problems:
        raise InvalidBallot(problems)
