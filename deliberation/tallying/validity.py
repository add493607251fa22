"""Ballot validity checks shared by the web app's ballot forms and by imported files.

Limits use pabulib's META names (min_length, max_length, min_sum_cost, max_sum_cost,
min_points, max_points, min_sum_points, max_sum_points). Messages speak to the resident: each is
English text that keeps its gettext template and values, so the web layer shows it translated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from fractions import Fraction

from .messages import N_, Amount, Message, N_plural
from .model import Number, as_number

KINDS = ("approval", "knapsack", "cumulative", "ordinal", "choose-1")
KIND_ALIASES = {
    "ranked": "ordinal",
    "ranking": "ordinal",
    "scoring": "cumulative",
    "choose-one": "choose-1",
}


class InvalidBallot(ValueError):
    """A ballot that breaks the process's rules; .problems lists every reason, str() joins them."""

    def __init__(self, problems: list[Message]):
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


CHOOSE_ONE = N_plural("You chose %(num)s project; choose exactly one.",
                      "You chose %(num)s projects; choose exactly one.")
TOO_MANY = {
    "ordinal": N_plural("You ranked %(num)s project; the most you may rank is %(limit)s.",
                        "You ranked %(num)s projects; the most you may rank is %(limit)s."),
    "other": N_plural("You chose %(num)s project; the most you may choose is %(limit)s.",
                      "You chose %(num)s projects; the most you may choose is %(limit)s."),
}
TOO_FEW = {
    "ordinal": N_plural("You ranked %(num)s project; rank at least %(limit)s.",
                        "You ranked %(num)s projects; rank at least %(limit)s."),
    "other": N_plural("You chose %(num)s project; choose at least %(limit)s.",
                      "You chose %(num)s projects; choose at least %(limit)s."),
}
OVERSPENT = N_("Your projects cost %(spent)s in total; the most you may spend is %(cap)s.")
UNDERSPENT = N_("Your projects cost %(spent)s in total; spend at least %(least)s.")
UNDERSPENT_SHARE = N_(
    "Your projects cost %(spent)s in total; spend at least %(least)s (%(share)s%% of the budget)."
)
NOT_WHOLE_POINTS = N_("Give project %(project)s a whole number of points, at least 1.")
TOO_MANY_POINTS = N_plural(
    "You gave project %(project)s %(num)s point; the most for one project is %(limit)s.",
    "You gave project %(project)s %(num)s points; the most for one project is %(limit)s.",
)
TOO_FEW_POINTS = N_plural("You gave project %(project)s %(num)s point; give at least %(limit)s.",
                          "You gave project %(project)s %(num)s points; give at least %(limit)s.")
TOO_MANY_IN_TOTAL = N_plural("You gave %(num)s point in total; the most you may give is %(limit)s.",
                             "You gave %(num)s points in total; the most you may give is %(limit)s.")
TOO_FEW_IN_TOTAL = N_plural("You gave %(num)s point in total; give at least %(limit)s.",
                            "You gave %(num)s points in total; give at least %(limit)s.")
NOT_ON_BALLOT = N_("Project %(project)s is not on this ballot.")
REPEATED = {"ordinal": N_("You ranked project %(project)s more than once."),
            "other": N_("You chose project %(project)s more than once.")}


def _length_problems(kind: str, limits: BallotLimits, n: int) -> list[Message]:
    """Too few or too many projects chosen or ranked."""
    wording = "ordinal" if kind == "ordinal" else "other"
    if kind == "choose-1":
        return [] if n == 1 else [Message(CHOOSE_ONE, {"num": n})]
    if limits.max_length is not None and n > limits.max_length:
        return [Message(TOO_MANY[wording], {"num": n, "limit": limits.max_length})]
    if limits.min_length is not None and n < limits.min_length:
        return [Message(TOO_FEW[wording], {"num": n, "limit": limits.min_length})]
    return []


def _cost_problems(limits: BallotLimits, spent: Number, budget: Number | None) -> list[Message]:
    """Knapsack ballots: the chosen projects must fit the budget (and may have to use a share of it)."""
    problems = []
    cap = (
        min(x for x in (limits.max_sum_cost, budget) if x is not None)
        if (limits.max_sum_cost is not None or budget is not None)
        else None
    )
    if cap is not None and spent > cap:
        problems.append(Message(OVERSPENT, {"spent": Amount(spent), "cap": Amount(cap)}))
    if limits.min_sum_cost is not None and spent < limits.min_sum_cost:
        values = {"spent": Amount(spent), "least": Amount(limits.min_sum_cost)}
        if budget:
            share = round(100 * Fraction(limits.min_sum_cost) / Fraction(budget))
            problems.append(Message(UNDERSPENT_SHARE, {**values, "share": share}))
        else:
            problems.append(Message(UNDERSPENT, values))
    return problems


def _points_problems(limits: BallotLimits, given: dict[str, Number]) -> list[Message]:
    """Cumulative ballots: points per project and in total."""
    problems = []
    for pid, points in given.items():
        if points <= 0 or Fraction(points).denominator != 1:
            problems.append(Message(NOT_WHOLE_POINTS, {"project": pid}))
        elif limits.max_points is not None and points > limits.max_points:
            problems.append(Message(TOO_MANY_POINTS,
                                    {"project": pid, "num": points, "limit": limits.max_points}))
        elif limits.min_points is not None and points < limits.min_points:
            problems.append(Message(TOO_FEW_POINTS,
                                    {"project": pid, "num": points, "limit": limits.min_points}))
    total = sum(given.values(), 0)
    if limits.max_sum_points is not None and total > limits.max_sum_points:
        problems.append(Message(TOO_MANY_IN_TOTAL, {"num": total, "limit": limits.max_sum_points}))
    if limits.min_sum_points is not None and total < limits.min_sum_points:
        problems.append(Message(TOO_FEW_IN_TOTAL, {"num": total, "limit": limits.min_sum_points}))
    return problems


def check_ballot(
    kind: str,
    limits: BallotLimits,
    choices: Sequence[str] | Mapping[str, Number],
    costs: Mapping[str, Number],
    budget: Number | None = None,
) -> list[Message]:
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
        Message(NOT_ON_BALLOT, {"project": pid}) for pid in dict.fromkeys(ids) if pid not in costs
    ]
    repeated = [pid for k, pid in enumerate(ids) if pid in ids[:k]]
    again = REPEATED["ordinal" if kind == "ordinal" else "other"]
    problems += [Message(again, {"project": pid}) for pid in dict.fromkeys(repeated)]
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
