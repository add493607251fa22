"""Votes as integer arrays (no per-vote Python work after intake) and the counts every step needs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from .model import Vote


@dataclass(frozen=True)
class VoteTable:
    """Votes as parallel arrays indexed into sorted participant and statement ids.

    Sorting the ids first is what makes the result independent of the order the votes came in:
    every later step works on these indices, and the sums over votes are integer bincounts.
    """

    participants: np.ndarray  # sorted unique participant ids
    statements: np.ndarray  # sorted unique statement ids
    rows: np.ndarray  # participant index of each vote
    cols: np.ndarray  # statement index of each vote
    values: np.ndarray  # +1, 0, -1

    @property
    def shape(self) -> tuple[int, int]:
        """(participants, statements)."""
        return len(self.participants), len(self.statements)

    def votes_per_participant(self) -> np.ndarray:
        """How many statements each participant reacted to, passes included."""
        return np.bincount(self.rows, minlength=len(self.participants))

    def counts(self, group_of_row: np.ndarray | None = None, groups: int = 1) -> np.ndarray:
        """Counts of shape (groups, statements, 3): agree, disagree, pass per group and statement.

        `group_of_row` gives each participant's group index, or -1 to leave their votes out;
        without it everyone is in group 0.
        """
        n_statements = len(self.statements)
        slot = _SLOT_OF_VALUE[self.values + 1]
        cell = self.cols * 3 + slot
        if group_of_row is not None:
            group = group_of_row[self.rows]
            keep = group >= 0
            cell = group[keep] * (n_statements * 3) + cell[keep]
        # One bincount over (group, statement, kind) cells instead of one pass per kind.
        out = np.bincount(cell, minlength=groups * n_statements * 3)
        return out.reshape(groups, n_statements, 3)


_SLOT_OF_VALUE = np.array([1, 2, 0], dtype=np.int64)
"""Vote value + 1 -> position in counts' last axis: -1 disagree (1), 0 pass (2), +1 agree (0)."""


def as_array(votes: Iterable[Vote] | np.ndarray) -> np.ndarray:
    """An (n, 3) int64 array of (participant, statement, value) from Vote objects or an array."""
    if isinstance(votes, np.ndarray):
        array = np.asarray(votes, dtype=np.int64)
        if array.size == 0:
            return np.empty((0, 3), dtype=np.int64)
        if array.ndim != 2 or array.shape[1] != 3:
            raise ValueError("a vote array must have shape (n, 3): participant, statement, value")
        if not ((array[:, 2] >= -1) & (array[:, 2] <= 1)).all():
            raise ValueError("vote values must be -1, 0 or +1")
        return array
    rows = [(v.participant, v.statement, v.value) for v in votes]
    return np.array(rows, dtype=np.int64).reshape(-1, 3)


def tabulate(votes: Iterable[Vote] | np.ndarray) -> VoteTable:
    """Index the votes by sorted ids; exactly one vote per participant and statement is allowed."""
    array = as_array(votes)
    participants, rows = _index(array[:, 0])
    statements, cols = _index(array[:, 1])
    cell = rows * max(1, len(statements)) + cols
    if _has_duplicates(cell, len(participants) * max(1, len(statements))):
        raise ValueError("more than one vote for the same participant and statement")
    return VoteTable(
        participants=participants,
        statements=statements,
        rows=rows,
        cols=cols,
        values=array[:, 2].astype(np.int64),
    )


LOOKUP_SPAN = 4
"""Ids spanning at most this many times the number of votes (plus LOOKUP_EXTRA) are indexed
through a lookup table, in one pass; sparser ids by binary search."""

LOOKUP_EXTRA = 1 << 16


def _index(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(sorted unique ids, each id's position among them), like np.unique(return_inverse=True).

    np.unique sorts or hashes all the votes; when the ids are dense enough, marking them in a
    bitmap over their range and counting gives the same in a few linear passes, several times
    faster on millions of votes. Sparse ids fall back to np.unique and a binary search.
    """
    if not len(ids):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    low, high = int(ids.min()), int(ids.max())
    span = high - low + 1
    if span <= LOOKUP_SPAN * len(ids) + LOOKUP_EXTRA:
        shifted = ids - low
        marked = np.zeros(span, dtype=bool)
        marked[shifted] = True
        unique = np.flatnonzero(marked).astype(np.int64) + low
        position = np.cumsum(marked, dtype=np.int64) - 1
        return unique, position[shifted]
    unique = np.unique(ids)
    return unique, np.searchsorted(unique, ids).astype(np.int64)


def _has_duplicates(cell: np.ndarray, cells: int) -> bool:
    """Whether a (row, column) cell number repeats: a bitmap when the matrix is small, else a sort.

    (np.unique on millions of distinct values takes seconds; both of these take milliseconds.)
    """
    if len(cell) < 2:
        return False
    if cells <= LOOKUP_SPAN * len(cell) + LOOKUP_EXTRA:
        marked = np.zeros(cells, dtype=bool)
        marked[cell] = True
        return int(np.count_nonzero(marked)) != len(cell)
    ordered = np.sort(cell)
    return bool((ordered[1:] == ordered[:-1]).any())
