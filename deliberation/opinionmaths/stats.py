"""Per-group statement statistics: smoothed probabilities, Pol.is' z tests, repness, consensus.

Notation for one statement and one group g (counts among clustered participants only):
  n_v(g)  votes of kind v (agree or disagree) inside g,   S(g)  everyone in g who reacted (passes too);
  n_v(~g), S(~g) the same over all the other groups.
Formulas, after Pol.is (math/src/polismath/math/stats.clj, repness.clj, conversation.clj):
  smoothed probability   P_v(g) = (n_v(g) + 1) / (S(g) + 2)                (Laplace, one pseudo-vote each way)
  representativeness     R_v(g) = P_v(g) / P_v(~g)
  p-test (one-proportion) pt = 2 sqrt(S + 1) ((n + 1) / (S + 1) - 1/2)    does g lean to v at all?
  repness test (two-proportion z), with p1 = (n_in + 1)/(S_in + 1), p2 = (n_out + 1)/(S_out + 1),
      p = (n_in + n_out + 2) / (S_in + S_out + 2):
      z = (p1 - p2) / sqrt(p (1 - p) (1/(S_in + 1) + 1/(S_out + 1)))    (0 when p = 1)
  a statement represents g in direction v when z > Z_90 and pt > Z_90 (one-sided 90%), ranked by
      R * z * P * pt (Pol.is' repness metric); with none significant, the best z is kept alone.
  group-informed consensus   C = prod_g P_agree(g)
  divisiveness               D = population std over groups of P_agree(g)
"""

from __future__ import annotations

import numpy as np

from .model import Z_90, GroupStatement

REPRESENTATIVE_MAX = 5
"""At most this many representative statements per group (Pol.is' pick-max)."""

DIVISIVE_MIN = 0.1
"""A statement is listed as divisive when D >= this: two groups' agreement 20 points apart."""

AGREE_SLOT, DISAGREE_SLOT, PASS_SLOT = 0, 1, 2
"""Positions in the last axis of VoteTable.counts."""


def smoothed(successes: np.ndarray, seen: np.ndarray) -> np.ndarray:
    """(n + 1) / (S + 2): a probability that is 1/2 before anyone votes and never exactly 0 or 1."""
    return (np.asarray(successes, dtype=np.float64) + 1.0) / (np.asarray(seen, dtype=np.float64) + 2.0)


def one_prop_z(successes: np.ndarray, seen: np.ndarray) -> np.ndarray:
    """Pol.is' p-test: 2 sqrt(S + 1) ((n + 1) / (S + 1) - 1/2)."""
    n = np.asarray(seen, dtype=np.float64) + 1.0
    return 2.0 * np.sqrt(n) * ((np.asarray(successes, dtype=np.float64) + 1.0) / n - 0.5)


def two_prop_z(
    succ_in: np.ndarray, succ_out: np.ndarray, seen_in: np.ndarray, seen_out: np.ndarray
) -> np.ndarray:
    """Pol.is' repness test: a two-proportion z with one pseudo-success and one pseudo-trial each."""
    s1 = np.asarray(succ_in, dtype=np.float64) + 1.0
    s2 = np.asarray(succ_out, dtype=np.float64) + 1.0
    n1 = np.asarray(seen_in, dtype=np.float64) + 1.0
    n2 = np.asarray(seen_out, dtype=np.float64) + 1.0
    pooled = (s1 + s2) / (n1 + n2)
    spread = np.sqrt(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2))
    z = np.divide(s1 / n1 - s2 / n2, spread, out=np.zeros(np.broadcast(s1, n2).shape), where=spread > 0)
    return np.where(pooled >= 1.0, 0.0, z)


def consensus(counts: np.ndarray) -> np.ndarray:
    """C_j = prod_g P_agree(g, j) from counts (groups, statements, 3)."""
    return smoothed(counts[:, :, AGREE_SLOT], counts.sum(axis=2)).prod(axis=0)


def divisiveness(counts: np.ndarray) -> np.ndarray:
    """D_j = population standard deviation over groups of P_agree(g, j); 0 with one group."""
    return smoothed(counts[:, :, AGREE_SLOT], counts.sum(axis=2)).std(axis=0)


def leans_agree(counts: np.ndarray) -> np.ndarray:
    """Whether every group's smoothed P(agree) is above one half, per statement."""
    return (smoothed(counts[:, :, AGREE_SLOT], counts.sum(axis=2)) > 0.5).all(axis=0)


def representative(counts: np.ndarray, statements: np.ndarray) -> list[tuple[GroupStatement, ...]]:
    """Each group's representative statements, best first (empty for fewer than two groups)."""
    k = counts.shape[0]
    if k < 2:
        return [() for _ in range(k)]
    seen = counts.sum(axis=2)
    seen_out = seen.sum(axis=0)[None, :] - seen
    sides = {}
    for direction, slot in ((1, AGREE_SLOT), (-1, DISAGREE_SLOT)):
        n_in = counts[:, :, slot]
        n_out = n_in.sum(axis=0)[None, :] - n_in
        p_in, p_out = smoothed(n_in, seen), smoothed(n_out, seen_out)
        z = two_prop_z(n_in, n_out, seen, seen_out)
        p_test = one_prop_z(n_in, seen)
        sides[direction] = (p_in, p_out, p_in / p_out, z, p_test, (z > Z_90) & (p_test > Z_90))
    agree, disagree = sides[1], sides[-1]
    # Prefer the direction that passes both tests; between equals, the larger repness z (ties:
    # disagree, as red-dwarf's format_comment_stats does).
    use_agree = (agree[5] & ~disagree[5]) | ((agree[5] == disagree[5]) & (agree[3] > disagree[3]))
    pick = [np.where(use_agree, a, d) for a, d in zip(agree, disagree)]
    p_in, p_out, ratio, z, p_test, significant = pick
    metric = ratio * z * p_in * p_test
    out = []
    for g in range(k):
        chosen = np.flatnonzero(significant[g])
        chosen = chosen[np.lexsort((statements[chosen], -metric[g, chosen]))][:REPRESENTATIVE_MAX]
        if not len(chosen) and counts.shape[1]:
            best_z = np.maximum(agree[3][g], disagree[3][g])
            chosen = np.array([int(np.argmax(best_z))])  # first of the ties: lowest statement id
        out.append(
            tuple(
                _group_statement(counts[g, j], int(statements[j]), bool(use_agree[g, j]), g, j, pick)
                for j in chosen
            )
        )
    return out


def _group_statement(
    cell: np.ndarray, statement: int, agree: bool, g: int, j: int, pick: list[np.ndarray]
) -> GroupStatement:
    """One GroupStatement from the picked (direction-resolved) arrays."""
    p_in, p_out, ratio, z, p_test, _ = (float(a[g, j]) for a in pick)
    return GroupStatement(
        statement=statement,
        direction=1 if agree else -1,
        agree=int(cell[AGREE_SLOT]),
        disagree=int(cell[DISAGREE_SLOT]),
        passed=int(cell[PASS_SLOT]),
        seen=int(cell.sum()),
        p_agree_in=p_in,
        p_agree_out=p_out,
        ratio=ratio,
        z=z,
        p_test=p_test,
    )
