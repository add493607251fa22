"""The result of a tally: funded projects in selection order, with a plain-English line per project."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .model import Instance, Number


@dataclass
class Outcome:
    """What a rule decided and why, in words a resident can read."""

    rule: str
    selected: list[str]
    total_cost: Number
    budget: Number
    explanations: dict[str, str] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def left_over(self) -> Number:
        """Money not spent (negative when a rule may overspend, like greedy-custom's 80% step)."""
        return self.budget - self.total_cost

    def is_funded(self, project_id: str) -> bool:
        """Whether the rule funds this project."""
        return project_id in set(self.selected)


def money(value: Number | float) -> str:
    """Amounts with thousands separators, cents only when there are some: 12,000 or 1,234.50."""
    exact = value if isinstance(value, Fraction) else Fraction(value)
    if exact.denominator == 1:
        return f"{exact.numerator:,}"
    cents = round(exact * 100)
    return f"{cents // 100:,}.{cents % 100:02d}" if cents % 100 else f"{cents // 100:,}"


def count(value: Number | float) -> str:
    """Scores with thousands separators and no needless decimals."""
    return money(value) if float(value).is_integer() else f"{float(value):,.2f}"


def build_outcome(
    rule: str, instance: Instance, chosen: list[int], explanations: dict[str, str], **details: Any
) -> Outcome:
    """Assemble an Outcome from project indices in selection order."""
    projects = instance.projects
    total = sum((projects[i].cost for i in chosen), 0)
    return Outcome(
        rule, [projects[i].id for i in chosen], total, instance.budget, explanations, details
    )
