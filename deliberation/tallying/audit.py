"""Compare a computed outcome with the one a pabulib file records, and explain differences by cause.

The PROJECTS `selected` column holds 0/1, and sometimes 2 or 3. Pabulib's checker reads 2 as
"funded by greedy-custom's 80% step" (Poznań), so for greedy-custom 1 and 2 mean selected by
the rule. Elsewhere 2 and 3 mark money from outside the rule: Gdynia's turnout award (2),
Poznań's reserve funds (3). Those projects are reported as funded, but not by the rule.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .model import Instance, Profile
from .outcome import Outcome
from .scores import scores

RULE_VALUES = {"greedy-custom": {"1", "2"}}
"""Values of `selected` that mean 'chosen by this rule'; {"1"} for every other rule."""


def recorded_selection(instance: Instance, rule: str | None = None) -> set[str] | None:
    """Projects the file says its rule selected, or None when the file has no `selected` column."""
    if "selected" not in instance.project_columns:
        return None
    values = RULE_VALUES.get(rule or instance.rule, {"1"})
    return {p.id for p in instance.projects if p.extra.get("selected", "").strip() in values}


def _tie_at_boundary(
    instance: Instance, profile: Profile, computed: set[str], recorded: set[str]
) -> bool:
    """Every disputed project shares its score with a project on the other side of the decision."""
    values = scores(instance, profile)
    score = {p.id: values[k] for k, p in enumerate(instance.projects)}
    disputed = computed ^ recorded
    return bool(disputed) and all(
        any(
            score[q] == score[pid] and (q in recorded) != (pid in recorded)
            for q in score
            if q != pid
        )
        for pid in disputed
    )


def _without(instance: Instance, project_id: str) -> Instance:
    """The same election with one project removed from the ballot paper."""
    kept = [p for p in instance.projects if p.id != project_id]
    return replace(instance, projects=kept)


def _passed_over(
    instance: Instance, profile: Profile, rule, computed: set[str], recorded: set[str]
) -> str | None:
    """A project we fund that the organisers skipped: rerunning without it reproduces the record."""
    for pid in sorted(computed - recorded):
        smaller = _without(instance, pid)
        keep = np.array([p.id != pid for p in instance.projects])
        remap = np.cumsum(keep) - 1
        mask = keep[profile.items]
        lengths = (
            np.add.reduceat(mask.astype(np.int64), profile.offsets[:-1])
            if len(profile.items)
            else np.zeros(profile.n_voters, dtype=np.int64)
        )
        lengths = np.where(np.diff(profile.offsets) > 0, lengths, 0)
        offsets = np.concatenate(([0], np.cumsum(lengths)))
        points = profile.points[mask] if profile.points is not None else None
        reduced = replace(
            profile,
            offsets=offsets,
            items=remap[profile.items[mask]].astype(np.int32),
            points=points,
        )
        if set(rule(smaller, reduced).selected) == recorded:
            return pid
    return None


def explain_difference(instance: Instance, profile: Profile, rule, outcome: Outcome) -> str | None:
    """A general, checked reason why the recorded outcome differs from ours (None if unexplained)."""
    recorded = recorded_selection(instance, outcome.rule)
    computed = set(outcome.selected)
    if recorded is None or recorded == computed:
        return None
    skipped = _passed_over(instance, profile, rule, computed, recorded)
    if skipped is not None:
        return (
            f"the organisers passed over project {skipped}, which the rule funds; without it the rule "
            "gives exactly the recorded outcome (withdrawn or ruled out after the vote; the file does not say)"
        )
    if _tie_at_boundary(instance, profile, computed, recorded):
        return "tie in score at the budget boundary, broken differently from the file's order"
    spent = sum((instance.project(pid).cost for pid in recorded), 0)
    if spent > instance.budget:
        return "the recorded outcome costs more than the file's budget, so the file's budget is not the one used"
    return None
