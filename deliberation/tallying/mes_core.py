"""The Method of Equal Shares for one voter budget, fast in floats and exact when it matters.

Each voter gets the same budget; a project is funded when its supporters can pay for it,
every supporter paying in proportion to their utility (rho per unit), capped by their money.
Each round funds the project with the smallest rho. Utilities: the project's cost for approval
and choose-1 ballots (pabutools' Cost_Sat), the points given for cumulative ballots, and Borda
points on the ballot's own length for ordinal ballots (the first of k listed projects is worth k).

Tie-breaking, as in pabutools: among projects with exactly equal rho, the smallest project id
as a string wins (pabutools' lexico_tie_breaking on project names).

Speed and exactness: rounds run in NumPy floats, visiting projects in order of their previous
rho and stopping early (rho never decreases). The outcome depends only on two kinds of decision:
which project has the smallest rho, and whether a project is still affordable. When any such
decision is within a relative 1e-8 of a tie and cannot be settled exactly from integers
(supporters all able to pay, or twin projects), the run is redone in exact rational arithmetic
(mes_exact.py), which reproduces pabutools' gmpy2 computation.

For completion, a run also says how far the voter budget can grow before any decision could
change: every budget and rho is affine in the voter budget while the choices stay the same,
so each decision holds up to the point where its affine margin reaches zero (`stable_for`).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .mes_election import Election, prepare  # noqa: F401  (prepare re-exported for callers)
from .model import Number

TOLERANCE = 1e-8


class Uncertain(Exception):
    """A float decision was too close to call; the run must be redone exactly."""


@dataclass
class Run:
    """One MES run: funded projects in order, each with its rho, and the money voters kept.

    stable_for: the outcome stays the same for voter budgets up to this much larger (0 if unknown).
    """

    chosen: list[int]
    rhos: list[float]
    budgets: np.ndarray
    exact: bool = False
    stable_for: float = 0.0


def _water_level(b: np.ndarray, u: np.ndarray | None, cost: float, total_u: float) -> float:
    """Smallest rho with sum(min(b, rho * u)) = cost: the poorest (by b/u) pay all they have.

    u=None means every supporter has the same utility total_u / len(b) (cost utilities).
    """
    if u is None:
        return _level_equal(b, cost) * len(b) / total_u
    ratio = b / u
    rho, poor_count = cost / total_u, 0
    for _ in range(4):  # poor/rich iteration: usually settles at once, else sort below
        poor = ratio < rho
        count = int(np.count_nonzero(poor))
        if count == poor_count:
            return rho
        poor_count = count
        rho = (cost - float(b[poor].sum())) / (total_u - float(u[poor].sum()))
    order = np.argsort(ratio)
    b, u, ratio = b[order], u[order], ratio[order]
    paid_by_poor = np.concatenate(([0.0], np.cumsum(b[:-1])))
    utility_of_rich = np.cumsum(u[::-1])[::-1]
    rhos = (cost - paid_by_poor) / utility_of_rich
    return float(rhos[int(np.argmax(rhos <= ratio))])


def _level_equal(b: np.ndarray, cost: float) -> float:
    """The payment q with sum(min(b, q)) = cost, when everyone owes the same share."""
    k = len(b)
    q, poor_count = cost / k, 0
    for _ in range(6):
        poor = b < q
        count = int(np.count_nonzero(poor))
        if count == poor_count:
            return q
        poor_count = count
        q = (cost - float(b[poor].sum())) / (k - count)
    b = np.sort(b)
    levels = (cost - np.concatenate(([0.0], np.cumsum(b[:-1])))) / np.arange(k, 0, -1)
    return float(levels[int(np.argmax(levels <= b))])


def _first_root(value: np.ndarray | float, slope: np.ndarray | float) -> float:
    """How far the voter budget can grow before any margin value + slope * t reaches zero."""
    value, slope = np.atleast_1d(value), np.atleast_1d(slope)
    falling = slope < 0
    if not falling.any():
        return np.inf
    return float(np.min(np.maximum(value[falling], 0.0) / -slope[falling]))


class FloatRun:
    """One run in floats; with track=True it also follows how budgets move with the voter budget."""

    def __init__(self, e: Election, per_voter: Number, track: bool = False):
        self.e, self.track = e, track
        self.budgets = np.full(e.n, float(per_voter))
        self.slopes = np.ones(e.n)
        self.drained = np.zeros(e.n, dtype=bool)
        self.low = np.full(len(e.ids), np.inf)
        self.low_slope = np.zeros(len(e.ids))
        for p in e.candidates:
            self.low[p] = e.cost_list[p] / e.total_list[p]
        self.stable_for = np.inf if track else 0.0

    def _bound(self, value, slope) -> None:
        """Record that the outcome holds only until this margin reaches zero."""
        if self.track:
            self.stable_for = min(self.stable_for, _first_root(value, slope))

    def evaluate(self, p: int) -> tuple[float, float] | None:
        """(rho, d rho / d budget) for project p, or None if unaffordable."""
        e, s = self.e, self.e.supporters[p]
        b, u = self.budgets[s], self.e.utility[p]
        cost, total_u = e.cost_list[p], e.total_list[p]
        available = float(b.sum())
        if available < cost * (1 - TOLERANCE):
            if self.track:
                self._bound(cost - available, -float(self.slopes[s].sum()))
            return None
        if available <= cost * (1 + TOLERANCE):
            raise Uncertain(f"project {e.ids[p]} is affordable only just")
        rho = _water_level(b, None if e.cost_utility else u, cost, total_u)
        slope = 0.0
        if self.track:
            poor, db = b < rho * u, self.slopes[s]
            slope = -float(db[poor].sum()) / (total_u - float(u[poor].sum()))
            margin = np.where(poor, rho * u - b, b - rho * u)
            self._bound(margin, np.where(poor, slope * u - db, db - slope * u))
        return rho, slope

    def exact_rho(self, p: int, rho: float) -> Fraction | None:
        """rho exactly, when every supporter either has nothing left or clearly pays in full."""
        s, u = self.e.supporters[p], self.e.utility[p]
        b = self.budgets[s]
        poor = b < rho * u
        drained = self.drained[s]
        if not np.array_equal(poor, drained):
            return None
        paying = ~drained
        if not paying.any() or float((b[paying] / u[paying]).min()) <= rho * (1 + TOLERANCE):
            return None
        if self.e.cost_utility:
            return Fraction(1, int(paying.sum()))
        return Fraction(self.e.costs[p]) / (
            Fraction(self.e.total_utility[p]) - _exact_total(self.e.points[p][drained])
        )

    def round(self, alive: np.ndarray) -> tuple[int, float, float] | None:
        """Evaluate projects in order of their last rho; return the winner, its rho and slope."""
        found, best = {}, np.inf
        open_projects = np.flatnonzero(alive)
        for p in open_projects[np.argsort(self.low[open_projects], kind="stable")].tolist():
            if self.low[p] > best * (1 + TOLERANCE):
                break
            result = self.evaluate(p)
            if result is None:
                alive[p] = False
                continue
            found[p] = result
            self.low[p], self.low_slope[p] = result[0], result[1]
            best = min(best, result[0])
        if not found:
            return None
        winner = pick(self, found)
        rho, slope = found[winner]
        if self.track:
            others = np.flatnonzero(alive)
            others = others[others != winner]
            self._bound(self.low[others] - rho, self.low_slope[others] - slope)
        return winner, rho, slope

    def pay(self, p: int, rho: float, slope: float) -> None:
        """Supporters pay rho times their utility, or all they have left (then hold nothing)."""
        s, u = self.e.supporters[p], self.e.utility[p]
        b = self.budgets[s]
        poor = b < rho * u
        self.budgets[s] = np.where(poor, 0.0, np.maximum(b - rho * u, 0.0))
        self.slopes[s] = np.where(poor, 0.0, self.slopes[s] - slope * u)
        self.drained[s[b < rho * u * (1 - TOLERANCE)]] = True

    def run(self) -> Run:
        """All rounds, until no project can be paid for."""
        alive = np.zeros(len(self.e.ids), dtype=bool)
        alive[self.e.candidates] = True
        chosen, rhos = [], []
        while (result := self.round(alive)) is not None:
            winner, rho, slope = result
            chosen.append(winner)
            rhos.append(rho)
            alive[winner] = False
            self.pay(winner, rho, slope)
        return Run(chosen, rhos, self.budgets, stable_for=self.stable_for)


def _exact_total(points: np.ndarray) -> Fraction:
    """Exact sum of points."""
    if np.issubdtype(points.dtype, np.integer):
        return Fraction(int(points.sum()))
    return sum((Fraction(float(x)) for x in points), Fraction(0))


def pick(run: FloatRun, found: dict[int, tuple[float, float]]) -> int:
    """The project with the smallest rho; near-ties are settled exactly or declared uncertain."""
    e = run.e
    best = min(r for r, _ in found.values())
    near = {p: v[0] for p, v in found.items() if v[0] <= best * (1 + TOLERANCE)}
    if len(near) == 1:
        return next(iter(near))
    if len({e.twins.get(p, p) for p in near}) == 1:
        return min(near, key=lambda p: e.ids[p])
    exact = {p: run.exact_rho(p, rho) for p, rho in near.items()}
    if any(x is None for x in exact.values()):
        raise Uncertain("projects tie within float precision")
    lowest = min(exact.values())
    return min((p for p in exact if exact[p] == lowest), key=lambda p: e.ids[p])


def float_run(e: Election, per_voter: Number, track: bool = False) -> Run:
    """One MES run in floats; raises Uncertain when a decision is too close to call."""
    return FloatRun(e, per_voter, track).run()


def mes_run(e: Election, per_voter: Number, track: bool = False) -> Run:
    """One MES run with the given budget per voter, exact whenever floats cannot decide.

    track=True also computes Run.stable_for (for completion), at some extra cost.
    """
    try:
        return float_run(e, per_voter, track)
    except Uncertain:
        from .mes_exact import exact_run

        return exact_run(e, Fraction(per_voter))
