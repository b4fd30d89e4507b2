"""Weights: AHP from a pairwise comparison matrix, PCA loadings (COINr ``get_PCA``),
methodology comparison."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from akkopsi.engines.errors import EngineProblem, Place

from ._compute import compute
from ._tree import compile_tree
from .errors import CompositeIssue, MethodologyError
from .types import (
    AHPResult,
    Comparison,
    CompositeResult,
    FloatArray,
    IndicatorTable,
    Methodology,
    PCAResult,
)

# Saaty's random consistency index by matrix size (Saaty 1980; n = 11..15 from the
# commonly used extension).
RANDOM_INDEX: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
}


def ahp_weights(
    matrix: Sequence[Sequence[float]] | FloatArray, labels: Sequence[str] | None = None
) -> AHPResult:
    """AHP weights: the principal right eigenvector of the positive reciprocal matrix
    ``A`` (``A[i][j]`` = how much more important i is than j), normalised to sum 1.
    ``CI = (lambda_max - n) / (n - 1)``, ``CR = CI / RI(n)``; a CR above 0.1 is flagged
    (``consistent = False``)."""
    a = np.asarray(matrix, dtype=np.float64)
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise MethodologyError(CompositeIssue.AHP_NOT_SQUARE)
    n = a.shape[0]
    if n > max(RANDOM_INDEX):
        raise MethodologyError(CompositeIssue.AHP_TOO_LARGE, max=max(RANDOM_INDEX), given=n)
    if not np.all(np.isfinite(a)) or np.any(a <= 0):
        raise MethodologyError(CompositeIssue.AHP_NOT_POSITIVE)
    if not np.allclose(np.diag(a), 1.0):
        raise MethodologyError(CompositeIssue.AHP_DIAGONAL)
    if not np.allclose(a * a.T, 1.0, rtol=0.0, atol=5e-3):
        i, j = np.argwhere(~np.isclose(a * a.T, 1.0, rtol=0.0, atol=5e-3))[0]
        raise MethodologyError(
            CompositeIssue.AHP_NOT_RECIPROCAL,
            i=i + 1,
            j=j + 1,
            where=Place(row=int(i) + 1, column=int(j) + 1),
        )
    names = tuple(labels) if labels is not None else tuple(f"K{i + 1}" for i in range(n))
    if len(names) != n:
        raise MethodologyError(CompositeIssue.AHP_LABELS)
    vals, vecs = np.linalg.eig(a)
    top = int(np.argmax(vals.real))
    v = np.abs(vecs[:, top].real)
    w = v / v.sum()
    lam = float(vals[top].real)
    ci = (lam - n) / (n - 1) if n > 2 else 0.0
    ri = RANDOM_INDEX[n]
    cr = ci / ri if ri > 0 else 0.0
    return AHPResult(names, w, lam, ci, cr, cr <= 0.1)


def pca_weights(result: CompositeResult, level: int = 1) -> PCAResult:
    """First-principal-component loadings as weights of the nodes at ``level``, computed
    within each parent group (COINr ``get_PCA(by_groups = TRUE)``) on the standardised
    values of the complete units (normalised indicators for level 1, aggregate scores
    above). Signs are fixed so that the loadings sum to a positive number.

    Caveats (as COINr's documentation warns): loadings maximise explained variance, not
    importance; they can be negative or very unbalanced, and they change with the data.
    The methodology refuses non-positive weights, so inspect them before use."""
    tree = compile_tree(result.methodology)
    p = tree.n_ind
    weights: dict[str, float] = {}
    explained: dict[str, float] = {}
    caveats: list[EngineProblem] = []
    for a, ch in enumerate(tree.children):
        if tree.level[ch[0]] != level:
            continue
        vals = result.normalised[:, ch] if ch[0] < p else result.scores[:, ch - p]
        codes = [tree.node_codes[c] for c in ch]
        group = tree.agg_codes[a]
        complete = vals[~np.isnan(vals).any(axis=1)]
        if len(ch) == 1:
            weights[codes[0]] = 1.0
            explained[group] = 1.0
            continue
        sd = complete.std(axis=0, ddof=1) if len(complete) > 1 else np.zeros(len(ch))
        if len(complete) < 3 or np.any(sd <= 0):
            caveats.append(EngineProblem(CompositeIssue.PCA_TOO_FEW, {"group": group}))
            for c in codes:
                weights[c] = 1.0 / len(ch)
            explained[group] = float("nan")
            continue
        z = (complete - complete.mean(axis=0)) / sd
        _, s, vt = np.linalg.svd(z, full_matrices=False)
        load = vt[0]
        if load.sum() < 0:
            load = -load
        for c, w in zip(codes, load, strict=True):
            weights[c] = float(w)
        explained[group] = float(s[0] ** 2 / np.sum(s**2))
        if np.any(load <= 0):
            caveats.append(EngineProblem(CompositeIssue.PCA_NEGATIVE_LOADING, {"group": group}))
    if not weights:
        raise MethodologyError(CompositeIssue.NO_NODES_AT_LEVEL, level=level)
    return PCAResult(weights, explained, tuple(caveats))


def compare(data: IndicatorTable, method_a: Methodology, method_b: Methodology) -> Comparison:
    """Both methodologies on the same data: index scores, ranks and ``shift = rank_a -
    rank_b`` (positive = the unit ranks better under B)."""
    ra = compute(data, method_a)
    rb = compute(data, method_b)
    return Comparison(
        units=data.units,
        score_a=ra.index_scores,
        score_b=rb.index_scores,
        rank_a=ra.index_ranks,
        rank_b=rb.index_ranks,
        shift=ra.index_ranks - rb.index_ranks,
    )
