"""Sparsity-aware PCA to two dimensions, the way Pol.is projects participants.

Pol.is (compdemocracy/polis, math/src/polismath/math/pca.clj and conversation.clj):
  1. matrix X, participants x statements: agree +1, disagree -1; here passes and unseen cells are
     missing (Pol.is itself codes a pass as 0);
  2. impute each missing cell with its statement's mean vote, mean_j = sum_i x_ij / voted_j;
  3. PCA of the imputed matrix: its centred form D has D_ij = x_ij - mean_j where voted, 0 elsewhere,
     and the two principal axes are D's top two right singular vectors;
  4. project participant i as  coords_i = sqrt(m / n_i) * D_i . axes  (m statements in the
     matrix, n_i of them voted by i), so that someone who voted on few statements is not pulled
     to the centre just because the imputed cells say nothing (pca.clj, sparsity-aware-project-ptpt).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .matrix import VoteTable

EXACT_WORK = 2e9
"""n * m * min(n, m) up to which the axes come from an exact eigen-decomposition (about 0.2 s)."""

BLOCK = 8
"""Subspace iteration block: two wanted axes plus six that speed up convergence."""

SUBSPACE_TOLERANCE = 1e-12
"""Stop when the two-axis subspace moves by less than this (2 - ||V_old' V_new||_F^2)."""

MAX_ITERATIONS = 200
"""Upper bound on subspace iterations; with no spectral gap the axes are ill-defined anyway."""

NEGLIGIBLE = 1e-9
"""Loadings sums, dot products and variances below this count as zero."""


@dataclass(frozen=True)
class Projection:
    """The fitted axes and every clustered participant's position on them."""

    mean: np.ndarray  # (m,) statement means over the projected participants' votes
    components: np.ndarray  # (2, m) unit axes (zero rows when there is no variance left)
    coords: np.ndarray  # (rows, 2) sparsity-scaled positions
    extremity: np.ndarray  # (m,) how far a lone agree on the statement moves someone


def project(
    table: VoteTable,
    rows: np.ndarray,
    *,
    previous_axes: np.ndarray | None = None,
    seed: int = 0,
) -> Projection:
    """Fit the axes on the participants in `rows` (a boolean mask) and place them on the map.

    `previous_axes` (2, m), already aligned to this table's statements, orients the new axes the
    same way as last time and starts the iterative solver from them, as Pol.is' power iteration does.
    """
    n_statements = len(table.statements)
    row_index = np.cumsum(rows) - 1
    keep = rows[table.rows] & (table.values != 0)
    r, c = row_index[table.rows[keep]], table.cols[keep]
    x = table.values[keep].astype(np.float64)
    voted = np.bincount(c, minlength=n_statements)
    # Imputed value = mean vote of the statement among those who voted on it (Pol.is step 2).
    mean = np.divide(
        np.bincount(c, weights=x, minlength=n_statements),
        voted,
        out=np.zeros(n_statements),
        where=voted > 0,
    )
    centred = np.zeros((int(rows.sum()), n_statements))
    centred[r, c] = x - mean[c]
    axes = orient(top_axes(centred, seed=seed, start=previous_axes), previous_axes)
    m = max(1, int((voted > 0).sum()))
    n_i = np.bincount(r, minlength=centred.shape[0])
    scale = np.sqrt(m / np.maximum(1, n_i))  # Pol.is step 4
    coords = (centred @ axes.T) * scale[:, None]
    # Pol.is' comment extremity: a virtual participant agreeing with statement j alone sits at
    # sqrt(m / 1) * (1 - mean_j) * axes[:, j]; its distance from the centre.
    extremity = np.sqrt(m) * np.abs(1.0 - mean) * np.linalg.norm(axes, axis=0)
    return Projection(mean=mean, components=axes, coords=coords, extremity=extremity)


def top_axes(centred: np.ndarray, *, seed: int, start: np.ndarray | None = None) -> np.ndarray:
    """The top two right singular vectors of the centred matrix, as rows; zero where no variance."""
    n, m = centred.shape
    axes = np.zeros((2, m))
    if n == 0 or m == 0:
        return axes
    if n * m * min(n, m) <= EXACT_WORK:
        vectors, values = _exact(centred)
    else:
        vectors, values = _subspace(centred, seed=seed, start=start)
    biggest = max(float(values.max(initial=0.0)), 1.0)
    for i in range(min(2, vectors.shape[1])):
        if values[i] > NEGLIGIBLE * biggest:
            axes[i] = vectors[:, i] / np.linalg.norm(vectors[:, i])
    return axes


def _exact(centred: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(right singular vectors as columns, squared singular values), largest first, via eigh."""
    n, m = centred.shape
    if m <= n:
        values, vectors = np.linalg.eigh(centred.T @ centred)
        return vectors[:, ::-1], values[::-1]
    values, left = np.linalg.eigh(centred @ centred.T)
    values, left = values[::-1][:2], left[:, ::-1][:, :2]
    return centred.T @ left, values


def _subspace(
    centred: np.ndarray, *, seed: int, start: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Block subspace iteration with Rayleigh-Ritz: a few dense matrix products per step."""
    m = centred.shape[1]
    block = min(BLOCK, m)
    guess = np.random.default_rng(seed).standard_normal((m, block))
    if start is not None and np.linalg.norm(start) > 0:
        guess[:, :2] += start.T * np.sqrt(m)
    basis, _ = np.linalg.qr(guess)
    before = None
    for _ in range(MAX_ITERATIONS):
        left, _ = np.linalg.qr(centred @ basis)
        basis, triangle = np.linalg.qr(centred.T @ left)
        _, values, ritz = np.linalg.svd(triangle.T)
        vectors = basis @ ritz.T
        top = vectors[:, :2]
        if before is not None and 2.0 - np.linalg.norm(before.T @ top) ** 2 < SUBSPACE_TOLERANCE:
            break
        before = top
    return vectors, values**2


def orient(axes: np.ndarray, previous: np.ndarray | None) -> np.ndarray:
    """Fix each axis' sign: as last time if it overlaps the previous axis, else by a rule of its own.

    The rule depends on the loadings as a set, not their order, so relabelling statements cannot
    mirror the map: the loadings should sum positive (then the cubes, then the largest one).
    """
    axes = axes.copy()
    for i in range(axes.shape[0]):
        axis = axes[i]
        if not axis.any():
            continue
        if previous is not None and abs(float(previous[i] @ axis)) > NEGLIGIBLE:
            sign = np.sign(previous[i] @ axis)
        elif abs(axis.sum()) > NEGLIGIBLE:
            sign = np.sign(axis.sum())
        elif abs((axis**3).sum()) > NEGLIGIBLE**2:
            sign = np.sign((axis**3).sum())
        else:
            sign = np.sign(axis[np.argmax(np.abs(axis))])
        axes[i] = axis * sign
    return axes
