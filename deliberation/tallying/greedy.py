"""Greedy rules: fund projects by score, most popular first, while money lasts.

Tie-breaking for every greedy rule: projects with equal scores keep the order of the file
(a stable sort), which is how the real elections in pabulib were decided; cost plays no part.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from .exclusive import exclusion_groups
from .model import Instance, Number, Profile, as_number
from .messages import N_, Amount, Message, N_plural
from .outcome import Outcome, build_outcome
from .scores import score_label, scores

WITHDRAWN_COST = 999_999_999
"""Pabulib marks projects withdrawn after the vote with this cost: they are passed over, not fitted."""

RESERVE_SHARE = Fraction(4, 5)
"""greedy-custom (Poznań): the first project that does not fit is still funded if 80% of it is covered."""


def threshold_of(instance: Instance) -> Number | None:
    """The file's minimum score for funding (META min_project_score_threshold), if any."""
    raw = instance.meta.get("min_project_score_threshold", "").strip()
    return as_number(raw.replace(",", ".")) if raw else None


def ranking(values: np.ndarray) -> np.ndarray:
    """Project indices by decreasing score; equal scores keep file order."""
    return np.argsort(-np.asarray(values), kind="stable")


STANDING = {
    "votes": N_plural("Rank %(rank)s with %(num)s vote", "Rank %(rank)s with %(num)s votes"),
    "points": N_plural("Rank %(rank)s with %(num)s point", "Rank %(rank)s with %(num)s points"),
    "Borda points": N_plural(
        "Rank %(rank)s with %(num)s Borda point", "Rank %(rank)s with %(num)s Borda points"
    ),
}
"""The start of every greedy explanation, by what the score counts."""

WITHDRAWN = N_("%(standing)s; withdrawn (cost marked %(cost)s): not funded")
BELOW_THRESHOLD = N_("%(standing)s, below the threshold of %(threshold)s: not funded")
AFTER_STOP = N_("%(standing)s; selection stopped at rank %(stopped)s: not funded")
EXCLUDED = N_("%(standing)s; cannot be built together with funded project %(rival)s: not funded")
FUNDED = N_("%(standing)s; %(left)s left of %(budget)s when its turn came: funded")
FUNDED_BY_RESERVE = N_(
    "%(standing)s; %(left)s left of %(budget)s when its turn came: funded, as the money left "
    "covers %(share)s%% of its cost (80%% rule); selection stops"
)
TOO_DEAR = N_("%(standing)s; %(left)s left of %(budget)s when its turn came, it costs %(cost)s: "
              "not funded")
TOO_DEAR_STOP = N_(
    "%(standing)s; %(left)s left of %(budget)s when its turn came, it costs %(cost)s: "
    "not funded; selection stops here"
)


class _Walk:
    """One pass down the ranking, remembering what happened to each project."""

    def __init__(self, instance: Instance, profile: Profile, threshold: Number | None):
        self.instance, self.threshold = instance, threshold
        self.scores = scores(instance, profile)
        self.standing = STANDING[score_label(profile.kind)]
        self.left: Number = instance.budget
        self.chosen: list[int] = []
        self.why: dict[str, Message] = {}
        self.stopped_at: int | None = None

    def head(self, rank: int, p: int) -> Message:
        """'Rank 3 with 1,204 votes'."""
        return Message(self.standing, {"rank": rank, "num": self.scores[p]})

    def say(self, template: str, rank: int, p: int, **values) -> Message:
        """One explanation: the project's standing, then what happened to it."""
        return Message(template, {"standing": self.head(rank, p), **values})

    def turn(self) -> dict:
        """'12,000 left of 50,000 when its turn came'."""
        return {"left": Amount(self.left), "budget": Amount(self.instance.budget)}

    def passed_over(self, rank: int, p: int) -> Message | None:
        """Reason a project is not even considered, or None."""
        cost = self.instance.projects[p].cost
        if cost >= WITHDRAWN_COST:
            return self.say(WITHDRAWN, rank, p, cost=Amount(cost))
        if self.threshold is not None and self.scores[p] < self.threshold:
            return self.say(BELOW_THRESHOLD, rank, p, threshold=self.threshold)
        if self.stopped_at is not None:
            return self.say(AFTER_STOP, rank, p, stopped=self.stopped_at)
        return None

    def fund(self, rank: int, p: int, template: str = FUNDED, **values) -> None:
        """Record a funded project."""
        self.why[self.instance.projects[p].id] = self.say(template, rank, p, **self.turn(), **values)
        self.left -= self.instance.projects[p].cost
        self.chosen.append(p)

    def refuse(self, rank: int, p: int, template: str) -> None:
        """Record a project that does not fit."""
        cost = Amount(self.instance.projects[p].cost)
        self.why[self.instance.projects[p].id] = self.say(template, rank, p, **self.turn(), cost=cost)

    def run(self, on_miss: str, groups: dict[int, list[int]] | None = None) -> None:
        """Walk the ranking; on_miss says what a project that does not fit does: skip, stop or reserve."""
        ids = [p.id for p in self.instance.projects]
        for rank, p in enumerate(ranking(self.scores).tolist(), start=1):
            reason = self.passed_over(rank, p)
            rival = next((q for q in (groups or {}).get(p, []) if q in self.chosen), None)
            if reason is None and rival is not None:
                reason = self.say(EXCLUDED, rank, p, rival=ids[rival])
            if reason is not None:
                self.why[ids[p]] = reason
            elif self.instance.projects[p].cost <= self.left:
                self.fund(rank, p)
            elif on_miss == "skip":
                self.refuse(rank, p, TOO_DEAR)
            else:
                self.miss_and_stop(rank, p, on_miss)

    def miss_and_stop(self, rank: int, p: int, on_miss: str) -> None:
        """greedy-no-skip stops here; greedy-custom first funds the project if 80% of it is covered."""
        self.stopped_at = rank
        cost = self.instance.projects[p].cost
        if on_miss == "reserve" and self.left >= RESERVE_SHARE * cost:
            share = int(Fraction(self.left) / Fraction(cost) * 100)
            self.fund(rank, p, FUNDED_BY_RESERVE, share=share)
        else:
            self.refuse(rank, p, TOO_DEAR_STOP)


def _greedy(
    name: str,
    instance: Instance,
    profile: Profile,
    on_miss: str,
    threshold: Number | None,
    groups: dict[int, list[int]] | None = None,
) -> Outcome:
    """Shared body of the greedy rules."""
    walk = _Walk(instance, profile, threshold)
    walk.run(on_miss, groups)
    return build_outcome(name, instance, walk.chosen, walk.why, threshold=threshold)


def greedy(instance: Instance, profile: Profile) -> Outcome:
    """Fund by score, skipping projects that no longer fit. Ties: file order."""
    return _greedy("greedy", instance, profile, "skip", None)


def greedy_no_skip(instance: Instance, profile: Profile) -> Outcome:
    """Fund by score and stop at the first project that does not fit (withdrawn projects are passed over).

    The file's min_project_score_threshold applies when present, as pabulib's checker does. Ties: file order.
    """
    return _greedy("greedy-no-skip", instance, profile, "stop", threshold_of(instance))


def greedy_threshold(instance: Instance, profile: Profile) -> Outcome:
    """Greedy over the projects whose score reaches META min_project_score_threshold. Ties: file order."""
    return _greedy("greedy-threshold", instance, profile, "skip", threshold_of(instance))


def greedy_custom(instance: Instance, profile: Profile) -> Outcome:
    """Poznań: like greedy-no-skip, but the first project that does not fit is funded if 80% is covered.

    Selection stops after that project either way. Ties: file order.
    """
    return _greedy("greedy-custom", instance, profile, "reserve", threshold_of(instance))


def greedy_exclusive(instance: Instance, profile: Profile) -> Outcome:
    """Greedy where a project is passed over once a project it excludes is funded. Ties: file order.

    Which projects exclude each other is read from the data (see exclusive.py).
    """
    groups = exclusion_groups(instance)
    return _greedy("greedy-exclusive", instance, profile, "skip", threshold_of(instance), groups)
