"""Which statement to show a participant next, by Pol.is' routing priority.

Pol.is (math/src/polismath/math/conversation.clj, importance-metric and priority-metric), for a
statement with A agrees, P passes, S reactions in all and extremity E:
    importance  I = (1 - p) (E + 1) a,   p = (P + 1) / (S + 2),  a = (A + 1) / (S + 2)
    priority    w = (I (1 + 8 * 2^(-S / 5)))^2
so a new statement (S small) gets up to nine times the weight, a pass-heavy one little, and one
that splits the map (large E) more. The next statement is drawn at random with weight w among
those the participant has not reacted to, from a seeded generator so a page reload shows the same.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .model import StatementInfo

NEW_BOOST = 8.0
"""How much more an unseen statement weighs than a well-seen one (the 8 in 1 + 8 * 2^(-S/5))."""

BOOST_HALF_LIFE = 5.0
"""Reactions after which the new-statement boost has halved."""


def priority(info: StatementInfo) -> float:
    """Pol.is' priority weight w of one statement (formula in the module docstring)."""
    seen = info.seen
    p = (info.passed + 1) / (seen + 2)
    a = (info.agree + 1) / (seen + 2)
    importance = (1 - p) * (info.extremity + 1) * a
    return (importance * (1 + NEW_BOOST * 2 ** (-seen / BOOST_HALF_LIFE))) ** 2


def next_statement(
    statements: Sequence[StatementInfo], seen_by_participant: set[int], *, seed: int
) -> int | None:
    """A statement the participant has not reacted to, drawn by priority; None when all are seen."""
    candidates = sorted((s for s in statements if s.statement not in seen_by_participant),
                        key=lambda s: (s.order, s.statement))
    if not candidates:
        return None
    weights = np.array([priority(s) for s in candidates], dtype=np.float64)
    total = weights.sum()
    if not np.isfinite(total) or total <= 0:
        return candidates[0].statement
    rng = np.random.default_rng(abs(int(seed)))
    return candidates[int(rng.choice(len(candidates), p=weights / total))].statement
