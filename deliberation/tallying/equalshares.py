"""Method of Equal Shares rules: plain, with add1 completion, and with the comparison step.

See mes_core.py for utilities, tie-breaking and how runs stay exact. Projects that cost nothing
and have supporters are funded first, in file order (pabutools adds them before the first round).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from .mes_core import Election, Run, mes_run, prepare
from .model import Instance, Number, Profile
from .messages import N_, Amount, Message, N_plural
from .outcome import Outcome, build_outcome
from .scores import supporters as supporter_counts


def _per_voter(instance: Instance, e: Election) -> Fraction:
    """Everyone starts with an equal share of the budget (empty ballots included, as in pabutools)."""
    return Fraction(instance.budget) / e.n


def _cost(e: Election, chosen: list[int]) -> Number:
    """Total cost of projects, exactly."""
    return sum((e.costs[p] for p in chosen), 0)


def _exhaustive(instance: Instance, e: Election, chosen: list[int]) -> bool:
    """No supported project left out would still fit (pabutools' is_exhaustive over MES's projects)."""
    spent, taken = _cost(e, chosen), set(chosen)
    return all(spent + e.costs[p] > instance.budget for p in e.candidates if p not in taken)


FREE = N_plural("Costs nothing and %(num)s voter supports it: funded",
                "Costs nothing and %(num)s voters support it: funded")
PAID = N_plural("Round %(round)s: its %(num)s supporter paid its %(cost)s cost: funded",
                "Round %(round)s: its %(num)s supporters paid its %(cost)s cost: funded")
PAID_SHARES = N_plural(
    "Round %(round)s: its %(num)s supporter paid its %(cost)s cost, at most %(share)s each: funded",
    "Round %(round)s: its %(num)s supporters paid its %(cost)s cost, at most %(share)s each: funded",
)
UNSUPPORTED = N_("No ballot supports it: not funded")
NO_BALLOTS = N_("No ballots were cast: not funded")
DEARER_PER_BENEFIT = N_plural(
    "Its %(num)s supporter could pay %(could)s of its %(cost)s cost, but only by paying more per "
    "unit of benefit than the winners' supporters did: not funded",
    "Its %(num)s supporters could pay %(could)s of its %(cost)s cost, but only by paying more per "
    "unit of benefit than the winners' supporters did: not funded",
)
SHORT = N_plural("Its %(num)s supporter could pay %(could)s of its %(cost)s cost: not funded",
                 "Its %(num)s supporters could pay %(could)s of its %(cost)s cost: not funded")
GREEDY_USED = N_(
    "%(votes)s votes; %(prefer_mes)s voters prefer the equal-shares outcome, %(prefer_greedy)s "
    "the greedy one, so the greedy outcome is used: funded"
)
GREEDY_USED_UNFUNDED = N_(
    "%(votes)s votes; %(prefer_mes)s voters prefer the equal-shares outcome, %(prefer_greedy)s "
    "the greedy one, so the greedy outcome is used: not funded"
)


def _explain(instance: Instance, e: Election, run: Run, per_voter: Number) -> dict[str, Message]:
    """One line per project: who paid for funded ones, how far supporters fell short for the rest."""
    why: dict[str, Message] = {}
    rounds = {p: k for k, p in enumerate(run.chosen, start=1)}
    for p in e.free:
        why[e.ids[p]] = Message(FREE, {"num": len(e.supporters[p])})
    for p, project in enumerate(instance.projects):
        backers = len(e.supporters[p])
        if p in rounds:
            values = {"round": rounds[p], "num": backers, "cost": Amount(project.cost)}
            if e.cost_utility:
                share = run.rhos[rounds[p] - 1] * float(e.costs[p])
                why[project.id] = Message(PAID_SHARES, {**values, "share": Amount(round(share, 2))})
            else:
                why[project.id] = Message(PAID, values)
        elif project.id not in why:
            why[project.id] = _shortfall(e, run, p, project.cost, backers)
    return why


def _shortfall(e: Election, run: Run, p: int, cost: Number, backers: int) -> Message:
    """Why an unfunded project was not bought."""
    if backers == 0:
        return Message(UNSUPPORTED)
    could = float(np.sum(run.budgets[e.supporters[p]]))
    values = {"num": backers, "could": Amount(round(could)), "cost": Amount(cost)}
    return Message(DEARER_PER_BENEFIT if could >= float(cost) else SHORT, values)


def _outcome(
    name: str, instance: Instance, e: Election, run: Run, per_voter: Fraction, **details
) -> Outcome:
    """Package a run as an Outcome."""
    why = _explain(instance, e, run, per_voter)
    return build_outcome(
        name,
        instance,
        e.free + run.chosen,
        why,
        per_voter_budget=per_voter,
        exact_arithmetic=run.exact,
        **details,
    )


def equal_shares(instance: Instance, profile: Profile) -> Outcome:
    """MES with each voter holding budget / voters, no completion."""
    e = prepare(instance, profile)
    if e.n == 0:
        return build_outcome(
            "equalshares",
            instance,
            [],
            {p.id: Message(NO_BALLOTS) for p in instance.projects},
        )
    per_voter = _per_voter(instance, e)
    return _outcome("equalshares", instance, e, mes_run(e, per_voter), per_voter)


class _Steps:
    """Walks the +1 budget steps, skipping those that provably repeat the last outcome.

    Tracking how far an outcome holds costs extra, and in large elections some voter is always
    about to run out of money, so the proof often covers less than one step. After such a run
    the next few runs go untracked, doubling the gap each time (up to 64 runs).
    """

    def __init__(self, e: Election):
        self.e, self.wait, self.gap = e, 0, 1

    def run(self, per_voter: Fraction) -> tuple[Run, int]:
        """The run at this budget and how many +1 steps its outcome is sure to last."""
        tracked = self.wait == 0
        run = mes_run(self.e, per_voter, track=tracked)
        if not tracked:
            self.wait -= 1
            return run, 1
        jump = (
            max(1, math.ceil(run.stable_for * (1 - 1e-6))) if math.isfinite(run.stable_for) else 1
        )
        self.gap = 1 if jump > 1 else min(2 * self.gap, 64)
        self.wait = 0 if jump > 1 else self.gap
        return run, jump


def _add1(instance: Instance, e: Election) -> tuple[Run, Fraction, int]:
    """pabutools' completion: raise each voter's budget by 1 until the outcome is exhaustive.

    Stops at the first exhaustive outcome, or returns the last one within budget once an
    outcome would cost more than the budget. Greedy is not run afterwards. Budgets at which
    the outcome provably cannot change are skipped (see Run.stable_for); they would repeat it.
    """
    per_voter = _per_voter(instance, e)
    previous, previous_budget, steps = None, per_voter, _Steps(e)
    while True:
        run, jump = steps.run(per_voter)
        if _cost(e, e.free + run.chosen) > instance.budget:
            break
        if _exhaustive(instance, e, e.free + run.chosen):
            return run, per_voter, int(per_voter - _per_voter(instance, e))
        previous, previous_budget = run, per_voter + jump - 1
        per_voter += jump
    if previous is None:
        return Run([], [], np.full(e.n, float(previous_budget))), previous_budget, 0
    return (
        mes_run(e, previous_budget),
        previous_budget,
        int(previous_budget - _per_voter(instance, e)),
    )


def _add1_while_affordable(instance: Instance, e: Election) -> tuple[Run, Fraction, int]:
    """Pabulib's add1 (its checker, equalshares.net, Wieliczka 2023): keep adding 1 while within budget.

    After the run with budget / voters each, voters get floor(budget / voters) + 1, + 2, ... and the
    last outcome that costs no more than the budget is kept. Unlike pabutools it does not stop at
    the first exhaustive outcome, so it can fund a different set. Once every supported project is
    funded, more money changes nothing, so the search stops there.
    """
    start = _per_voter(instance, e)
    best, best_budget, steps = mes_run(e, start), start, _Steps(e)
    per_voter = Fraction(int(start) + 1)
    while True:
        run, jump = steps.run(per_voter)
        if _cost(e, e.free + run.chosen) > instance.budget:
            break
        if len(run.chosen) == len(e.candidates):
            return run, per_voter, int(per_voter - start)
        best, best_budget = run, per_voter + jump - 1
        per_voter += jump
    if best_budget != start:
        best = mes_run(e, best_budget)
    return best, best_budget, int(best_budget - start)


def equal_shares_add1(instance: Instance, profile: Profile) -> Outcome:
    """MES with add1 completion (pabutools: voter_budget_increment=1)."""
    e = prepare(instance, profile)
    if e.n == 0:
        return equal_shares(instance, profile)
    run, per_voter, steps = _add1(instance, e)
    return _outcome("equalshares/add1", instance, e, run, per_voter, completion_steps=steps)


def _utilitarian(instance: Instance, e: Election) -> list[int]:
    """The comparison's greedy: by number of supporters, skipping what no longer fits, ties in file order."""
    votes = supporter_counts(instance, e.profile)
    left, chosen = instance.budget, []
    for p in np.argsort(-votes, kind="stable").tolist():
        if e.costs[p] <= left:
            chosen.append(p)
            left -= e.costs[p]
    return chosen


def _preferences(e: Election, first: list[int], second: list[int]) -> tuple[int, int]:
    """Voters who get more of their approved projects from each outcome (pabulib's 'satisfaction' mode)."""

    def satisfaction(chosen: list[int]) -> np.ndarray:
        got = np.zeros(e.n, dtype=np.int64)
        for p in chosen:
            got[e.supporters[p]] += 1
        return got

    a, b = satisfaction(first), satisfaction(second)
    return int(np.sum(a > b)), int(np.sum(b > a))


def equal_shares_add1_comparison(instance: Instance, profile: Profile) -> Outcome:
    """Pabulib's equalshares/add1-comparison, as its checker defines it (used in Wieliczka 2023).

    MES completed by pabulib's add1 (see _add1_while_affordable), then compared with greedy by
    number of supporters: the greedy outcome replaces the MES one only if strictly more voters
    prefer it, a voter preferring the outcome that funds more of the projects they voted for.
    """
    e = prepare(instance, profile)
    if e.n == 0:
        return equal_shares(instance, profile)
    run, per_voter, steps = _add1_while_affordable(instance, e)
    mes_side, greedy_side = e.free + run.chosen, _utilitarian(instance, e)
    prefer_mes, prefer_greedy = _preferences(e, mes_side, greedy_side)
    details = {"completion_steps": steps, "prefer_mes": prefer_mes, "prefer_greedy": prefer_greedy}
    verdict = (
        f"{prefer_mes:,} voters prefer the equal-shares outcome, {prefer_greedy:,} the greedy one"
    )
    if prefer_greedy <= prefer_mes:
        outcome = _outcome("equalshares/add1-comparison", instance, e, run, per_voter, **details)
        outcome.details["comparison"] = verdict + ": equal shares kept"
        return outcome
    votes = supporter_counts(instance, profile)
    preferences = {"prefer_mes": prefer_mes, "prefer_greedy": prefer_greedy}
    why = {
        project.id: Message(
            GREEDY_USED if p in greedy_side else GREEDY_USED_UNFUNDED,
            {"votes": votes[p], **preferences},
        )
        for p, project in enumerate(instance.projects)
    }
    outcome = build_outcome("equalshares/add1-comparison", instance, greedy_side, why, **details)
    outcome.details["comparison"] = verdict + ": greedy outcome used"
    return outcome
