"""Elections as plain data: an Instance (budget and projects) and a Profile (ballots, stored compactly)."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

import numpy as np

Number = int | Fraction
"""Money and points stay exact: an int when whole, a Fraction otherwise."""

BALLOT_KINDS = ("approval", "choose-1", "cumulative", "scoring", "ordinal")
"""Pabulib vote types we read; 'scoring' is kept for completeness and tallied like cumulative."""

POINT_KINDS = ("cumulative", "scoring")
"""Vote types whose ballots carry a points column."""


def as_number(value: Number | float | str) -> Number:
    """Keep money exact and whole amounts as int, so costs print and compare without float noise."""
    exact = value if isinstance(value, Fraction) else Fraction(str(value).strip())
    return int(exact) if exact.denominator == 1 else exact


@dataclass
class Project:
    """One proposal on the ballot; extra holds the other PROJECTS columns as read, for round trips."""

    id: str
    cost: Number
    name: str = ""
    category: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def categories(self) -> list[str]:
        """Categories are stored comma-separated in pabulib."""
        return [c.strip() for c in self.category.split(",") if c.strip()]


@dataclass
class Instance:
    """What is being decided: the budget, the projects in file order, and the META section."""

    budget: Number
    projects: list[Project]
    meta: dict[str, str] = field(default_factory=dict)
    project_columns: list[str] = field(default_factory=list)

    @cached_property
    def index(self) -> dict[str, int]:
        """Position of each project id, so ballots can store small integers instead of strings."""
        return {p.id: i for i, p in enumerate(self.projects)}

    @property
    def vote_type(self) -> str:
        """The ballot kind declared in META, defaulting to approval like pabulib does."""
        return self.meta.get("vote_type", "approval")

    @property
    def rule(self) -> str:
        """The rule the organisers say they used, or '' when the file does not say."""
        return self.meta.get("rule", "").strip()

    def costs_float(self) -> np.ndarray:
        """Costs as floats, for vectorised arithmetic where exactness is checked separately."""
        return np.array([float(p.cost) for p in self.projects], dtype=np.float64)

    def project(self, project_id: str) -> Project:
        """Look a project up by id."""
        return self.projects[self.index[project_id]]


@dataclass
class Profile:
    """All ballots in CSR form: ballot i lists items[offsets[i]:offsets[i+1]] (project indices)."""

    kind: str
    offsets: np.ndarray
    items: np.ndarray
    points: np.ndarray | None = None
    voter_ids: list[str] = field(default_factory=list)
    voter_extra: dict[str, list[str]] = field(default_factory=dict)
    vote_columns: list[str] = field(default_factory=list)
    repeats: dict[str, int] = field(default_factory=dict)
    """Project id -> ballots that listed it more than once (an approval ballot counts it once)."""

    @property
    def n_voters(self) -> int:
        """Number of ballots, empty ones included (they still hold a share in equal shares)."""
        return len(self.offsets) - 1

    def __len__(self) -> int:
        return self.n_voters

    def lengths(self) -> np.ndarray:
        """Number of projects on each ballot."""
        return np.diff(self.offsets)

    def ballot(self, voter: int) -> np.ndarray:
        """Project indices on one ballot, in the order the voter gave them."""
        return self.items[self.offsets[voter] : self.offsets[voter + 1]]

    def ballot_points(self, voter: int) -> np.ndarray | None:
        """Points given on one ballot, aligned with ballot(voter), or None for kinds without points."""
        if self.points is None:
            return None
        return self.points[self.offsets[voter] : self.offsets[voter + 1]]

    def voter_of_item(self) -> np.ndarray:
        """For each stored item, the ballot it belongs to (the CSR row index)."""
        return np.repeat(np.arange(self.n_voters, dtype=np.int64), self.lengths())

    def item_positions(self) -> np.ndarray:
        """For each stored item, its 0-based position on its ballot (ranks for ordinal ballots)."""
        return np.arange(len(self.items), dtype=np.int64) - np.repeat(
            self.offsets[:-1], self.lengths()
        )

    @classmethod
    def from_ballots(
        cls, kind: str, ballots: list[list[int]], points: list[list[Number]] | None = None
    ) -> Profile:
        """Build a profile from per-voter lists; handy for tests and for ballots cast in the web app."""
        offsets = np.zeros(len(ballots) + 1, dtype=np.int64)
        offsets[1:] = np.cumsum([len(b) for b in ballots])
        items = np.array([p for b in ballots for p in b], dtype=np.int32)
        flat_points = None
        if points is not None:
            flat_points = np.array([int(x) for row in points for x in row], dtype=np.int64)
        ids = [str(i + 1) for i in range(len(ballots))]
        return cls(kind, offsets, items, flat_points, ids)
