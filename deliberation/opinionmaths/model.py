"""Opinion-map data as plain frozen dataclasses: votes in, a map (groups, statements, state) out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

AGREE, PASS, DISAGREE = 1, 0, -1
"""Vote values as Pol.is codes them."""

SMALL_GROUP = 5
"""Groups with fewer members than this are flagged `small`, so pages can hide them for privacy."""

Z_90 = 1.2816
"""One-sided 90% critical value of the standard normal, Pol.is' significance threshold."""


@dataclass(frozen=True)
class Vote:
    """One participant's latest reaction to one statement: +1 agree, -1 disagree, 0 pass."""

    participant: int
    statement: int
    value: int

    def __post_init__(self) -> None:
        if self.value not in (AGREE, PASS, DISAGREE):
            raise ValueError(f"vote value must be -1, 0 or +1, not {self.value!r}")


@dataclass(frozen=True)
class StatementInfo:
    """What routing needs about one statement: its creation order and its vote counts so far.

    `order` is the statement's creation rank (higher is newer); it orders the candidates so that the
    draw depends only on the statements, not on the sequence they were passed in. `extremity` is the
    statement's loading on the map (StatementSummary.extremity); 0 before any map exists.
    """

    statement: int
    order: int
    agree: int
    disagree: int
    passed: int
    extremity: float = 0.0

    @property
    def seen(self) -> int:
        """Everyone who reacted, passes included."""
        return self.agree + self.disagree + self.passed


@dataclass(frozen=True)
class GroupStatement:
    """Why a statement represents a group: counts inside it, smoothed probabilities and the test."""

    statement: int
    direction: int  # +1: the group agrees more than the others; -1: it disagrees more
    agree: int
    disagree: int
    passed: int
    seen: int
    # For direction -1 the two p_agree_* fields hold P(disagree): "agree with the group's side".
    p_agree_in: float  # smoothed P(direction | in group), (n + 1) / (seen + 2)
    p_agree_out: float  # smoothed P(direction | in the other groups)
    ratio: float  # representativeness p_in / p_out
    z: float  # two-proportion z of p_in against p_out (Pol.is' repness test)
    p_test: float = 0.0  # one-proportion z that the group leans this way at all (Pol.is' p-test)

    @property
    def significant(self) -> bool:
        """Both tests pass at 90% one-sided, Pol.is' rule for a representative statement."""
        return self.z > Z_90 and self.p_test > Z_90


@dataclass(frozen=True)
class Group:
    """An opinion group: its members, its centre on the map and its most representative statements."""

    id: int
    members: tuple[int, ...]
    centre: tuple[float, float]
    representative: tuple[GroupStatement, ...]

    @property
    def size(self) -> int:
        """How many participants the group has."""
        return len(self.members)

    @property
    def small(self) -> bool:
        """A group this small could identify its members; the web layer hides it."""
        return self.size < SMALL_GROUP


@dataclass(frozen=True)
class StatementSummary:
    """One statement across everyone and per group, with its consensus and divisiveness scores."""

    statement: int
    agree: int
    disagree: int
    passed: int
    by_group: dict[int, tuple[int, int, int]]  # group id -> (agree, disagree, pass)
    consensus: float  # group-informed consensus: product over groups of smoothed P(agree | group)
    divisiveness: float  # spread (population std) of the groups' smoothed P(agree | group)
    extremity: float  # length of the statement's loading vector on the 2-D map; routing uses it

    @property
    def seen(self) -> int:
        """Everyone who reacted, passes included."""
        return self.agree + self.disagree + self.passed


@dataclass(frozen=True)
class MapState:
    """What a recompute hands to the next one: the projection and the groups, JSON-friendly."""

    statements: tuple[int, ...]  # column order of mean and components
    mean: tuple[float, ...]  # column means used for imputation and centring
    components: tuple[tuple[float, ...], tuple[float, ...]]  # two unit principal axes
    centres: dict[int, tuple[float, float]]  # group id -> centre on the map
    members: dict[int, int]  # participant -> group id

    def to_dict(self) -> dict[str, Any]:
        """Plain lists and string keys, ready for json.dumps."""
        return {
            "statements": list(self.statements),
            "mean": list(self.mean),
            "components": [list(c) for c in self.components],
            "centres": {str(g): list(c) for g, c in self.centres.items()},
            "members": {str(p): g for p, g in self.members.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MapState:
        """Inverse of to_dict (after a JSON round trip)."""
        first, second = data["components"]
        return cls(
            statements=tuple(int(s) for s in data["statements"]),
            mean=tuple(float(m) for m in data["mean"]),
            components=(tuple(float(v) for v in first), tuple(float(v) for v in second)),
            centres={int(g): (float(c[0]), float(c[1])) for g, c in data["centres"].items()},
            members={int(p): int(g) for p, g in data["members"].items()},
        )


@dataclass(frozen=True)
class OpinionMap:
    """The result of one recompute: where people sit, which groups form, what unites and divides."""

    participants: dict[int, tuple[float, float]]  # clustered participant -> map coordinates
    groups: tuple[Group, ...]  # sorted by id
    consensus: tuple[int, ...]  # statements every group leans to agree with, best first
    divisive: tuple[int, ...]  # statements the groups split on most, most divisive first
    statements: dict[int, StatementSummary]
    k: int  # number of groups (0 when nobody has voted enough, 1 when all sit together)
    silhouette: float | None  # of the chosen k; None when k < 2
    state: MapState
    unclustered: tuple[int, ...] = ()  # participants with fewer than min_votes votes

    def group_of(self, participant: int) -> int | None:
        """The participant's group id, or None when they were not clustered."""
        return self.state.members.get(participant)

    def group(self, group_id: int) -> Group:
        """The group with this id (KeyError when there is none)."""
        for group in self.groups:
            if group.id == group_id:
                return group
        raise KeyError(group_id)
