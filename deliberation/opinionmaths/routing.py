"""Which statement to show a participant next, by Pol.is' routing priority."""

from __future__ import annotations

from collections.abc import Sequence

from .model import StatementInfo


def next_statement(
    statements: Sequence[StatementInfo], seen_by_participant: set[int], *, seed: int
) -> int | None:
    """A statement the participant has not reacted to, drawn by priority; None when all are seen."""
    raise NotImplementedError("interface only; the maths lands in the next commit")
