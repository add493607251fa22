"""Equal shares in exact rational arithmetic, for the runs where floats cannot decide a tie.

Follows pabutools' mes_inner_algo step by step (same comparisons, same lexicographic tie-break),
but on groups of voters with identical ballots: such voters always hold the same budget, and
pabutools' per-voter loop treats them alike (if one of them cannot pay the share, none can).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from .mes_core import Election, Run
from .model import Number


def _voter_groups(e: Election) -> tuple[np.ndarray, list[int]]:
    """Group voters whose utilities agree on every project; returns group per voter and sizes."""
    pairs_p = np.concatenate(
        [np.full(len(s), p, dtype=np.int64) for p, s in enumerate(e.supporters)] or [[]]
    )
    pairs_v = np.concatenate(e.supporters or [np.zeros(0, dtype=np.int64)]).astype(np.int64)
    pairs_u = (
        np.concatenate(e.points) if not e.cost_utility and e.points else np.zeros(len(pairs_p))
    )
    order = np.lexsort((pairs_p, pairs_v))
    starts = np.searchsorted(pairs_v[order], np.arange(e.n + 1))
    projects = pairs_p[order].astype(np.int32).tobytes()
    utilities = np.asarray(pairs_u)[order].astype(np.float64).tobytes()
    keys: dict[bytes, int] = {}
    group = np.empty(e.n, dtype=np.int64)
    for v in range(e.n):
        a, b = starts[v], starts[v + 1]
        key = projects[4 * a : 4 * b] + b"|" + utilities[8 * a : 8 * b]
        group[v] = keys.setdefault(key, len(keys))
    return group, np.bincount(group, minlength=len(keys)).tolist()


def _supporting_groups(e: Election, group: np.ndarray) -> list[list[tuple[int, Number]]]:
    """For each project, its supporting groups with the exact utility each member gets."""
    result = []
    for p, voters in enumerate(e.supporters):
        gids, first = np.unique(group[voters], return_index=True)
        if e.cost_utility:
            result.append([(int(g), e.costs[p]) for g in gids])
        else:
            raw = e.points[p][first]
            result.append([(int(g), _exact(x)) for g, x in zip(gids, raw)])
    return result


def _exact(value) -> Number:
    """Points as exact numbers."""
    return int(value) if float(value).is_integer() else Fraction(float(value))


class _ExactState:
    """Budgets per voter group during one exact run."""

    def __init__(self, e: Election, per_voter: Fraction):
        self.e = e
        self.group, self.size = _voter_groups(e)
        self.support = _supporting_groups(e, self.group)
        self.budget = [per_voter] * len(self.size)

    def rho(self, p: int) -> Fraction | None:
        """pabutools' affordability: supporters sorted by budget/utility, poorest pay all they have."""
        cost, size, budget = self.e.costs[p], self.size, self.budget
        groups = self.support[p]
        if sum(size[g] * budget[g] for g, _ in groups) < cost:
            return None
        paid, denominator = Fraction(0), Fraction(self.e.total_utility[p])
        for g, u in sorted(groups, key=lambda gu: budget[gu[0]] / gu[1]):
            rho = (cost - paid) / denominator
            if rho * u <= budget[g]:
                return rho
            paid += size[g] * budget[g]
            denominator -= size[g] * u
        return None

    def pay(self, p: int, rho: Fraction) -> None:
        """Each supporter pays rho times their utility, or all they have left."""
        for g, u in self.support[p]:
            self.budget[g] -= min(self.budget[g], rho * u)


def exact_run(e: Election, per_voter: Fraction) -> Run:
    """One MES run in exact arithmetic, reproducing pabutools' choices."""
    state = _ExactState(e, per_voter)
    last = {p: Fraction(e.costs[p]) / Fraction(e.total_utility[p]) for p in e.candidates}
    chosen, rhos = [], []
    while last:
        best, tied = None, []
        for p in sorted(last, key=last.__getitem__):
            if best is not None and last[p] > best:
                break
            rho = state.rho(p)
            if rho is None:
                del last[p]
                continue
            last[p] = rho
            if best is None or rho < best:
                best, tied = rho, [p]
            elif rho == best:
                tied.append(p)
        if not tied:
            break
        winner = min(tied, key=lambda p: e.ids[p])
        del last[winner]
        chosen.append(winner)
        rhos.append(float(best))
        state.pay(winner, best)
    budgets = np.array([float(x) for x in state.budget])[state.group] if e.n else np.zeros(0)
    return Run(chosen, rhos, budgets, exact=True)
