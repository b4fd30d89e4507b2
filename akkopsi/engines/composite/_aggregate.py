"""Aggregation of children into a parent (COINr ``Aggregate``), the whole tree, and the
decomposition of the index into indicator contributions.

Shapes: children values are (batch, units, k), weights (batch or 1, k); the batch axis
carries replications (uncertainty) or hypothetical data (what would it take).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from ._normalise import stable_nanmean
from ._tree import Tree
from .errors import CompositeIssue, DomainError
from .types import FloatArray, MissingPolicy

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.intp]


def _group_fill(v: FloatArray, method: str, labels: IntArray | None) -> FloatArray:
    """Replace NaN children by the child's mean/median over the units of the same group."""
    out = np.array(v, copy=True)
    lab = np.zeros(v.shape[-2], dtype=np.intp) if labels is None else labels
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        for g in np.unique(lab):
            m = lab == g
            vals = out[..., m, :]
            if method == "impute_mean":
                fill = stable_nanmean(vals, axis=-2, keepdims=True)
            else:
                fill = np.nanmedian(vals, axis=-2, keepdims=True)
            out[..., m, :] = np.where(np.isnan(vals), fill, vals)
    return out


def prepare_children(
    v: FloatArray, w: FloatArray, policy: MissingPolicy, labels: IntArray | None
) -> tuple[FloatArray, BoolArray, FloatArray, BoolArray]:
    """Apply the missing-data policy. Returns the (possibly imputed) values, the
    availability mask, the per-unit normalised weights (missing children get 0) and the
    mask of excluded units."""
    present = ~np.isnan(v)
    k = v.shape[-1]
    excluded = present.sum(axis=-1) < policy.min_coverage * k - 1e-12
    if policy.method == "exclude":
        excluded = excluded | ~present.all(axis=-1)
    if policy.method in ("impute_mean", "impute_median") and not present.all():
        v = _group_fill(v, policy.method, labels)
    avail = ~np.isnan(v)
    wa = np.where(avail, w[..., None, :], 0.0)
    total = wa.sum(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        wn = wa / total
    excluded = excluded | (total[..., 0] <= 0)
    return v, avail, wn, excluded


def combine(
    v: FloatArray,
    avail: BoolArray,
    wn: FloatArray,
    excluded: BoolArray,
    method: str,
    *,
    code: str,
    units: Sequence[str],
    child_codes: Sequence[str],
) -> FloatArray:
    """Weighted arithmetic or geometric mean over the available children."""
    if method == "gmean":
        bad = avail & (v <= 0)
        bad = bad & ~excluded[..., None]  # v may have a batch of 1, excluded more
        if bad.any():
            idx = np.argwhere(bad)[0]
            unit, child = units[int(idx[-2])], child_codes[int(idx[-1])]
            raise DomainError(
                CompositeIssue.GMEAN_AGGREGATE_UNDEFINED,
                aggregate=code,
                child=child,
                unit=unit,
                value=float(v[tuple(idx)]),
                where=f"agregat {code}, unit {unit}",
            )
        with np.errstate(divide="ignore", invalid="ignore"):
            logs = np.where(avail, np.log(np.where(avail, v, 1.0)), 0.0)
        out: FloatArray = np.exp((logs * wn).sum(axis=-1))
    else:
        out = (np.where(avail, v, 0.0) * wn).sum(axis=-1)
    return np.where(excluded, np.nan, out)


def aggregate_tree(
    x: FloatArray,
    tree: Tree,
    weights: FloatArray,
    *,
    units: Sequence[str],
    labels: dict[str | None, IntArray | None],
    methods: Sequence[str] | None = None,
) -> FloatArray:
    """Scores of every aggregate, shape (batch, units, aggregates); ``x`` is (batch or 1,
    units, indicators) and ``weights`` (batch or 1, nodes)."""
    p = tree.n_ind
    batch = max(x.shape[0], weights.shape[0])
    n = x.shape[1]
    scores = np.empty((batch, n, tree.n_agg))
    meth = tree.agg_method if methods is None else methods
    codes = tree.node_codes
    for a in range(tree.n_agg):
        ch = tree.children[a]
        ind_ch = ch[ch < p]
        agg_ch = ch[ch >= p] - p
        v = x[:, :, ind_ch] if len(agg_ch) == 0 else scores[:, :, agg_ch]
        policy = tree.agg_missing[a]
        assert isinstance(policy, MissingPolicy)
        vals, avail, wn, excl = prepare_children(
            v, weights[:, ch], policy, labels.get(policy.group)
        )
        scores[:, :, a] = combine(
            vals,
            avail,
            wn,
            excl,
            meth[a],
            code=tree.agg_codes[a],
            units=units,
            child_codes=[codes[c] for c in ch],
        )
    return scores


def decompose(
    x: FloatArray,
    scores: FloatArray,
    tree: Tree,
    weights: FloatArray,
    *,
    labels: dict[str | None, IntArray | None],
) -> tuple[FloatArray, FloatArray]:
    """Contributions of each indicator to the index score and effective weights
    (product of the normalised available weights along the path), both units x
    indicators. ``x`` is units x indicators, ``scores`` units x aggregates."""
    p = tree.n_ind
    n = x.shape[0]
    n_nodes = p + tree.n_agg
    contrib = np.zeros((n, n_nodes))
    eff = np.zeros((n, n_nodes))
    root = n_nodes - 1
    contrib[:, root] = scores[:, -1]
    eff[:, root] = 1.0
    for a in range(tree.n_agg - 1, -1, -1):
        ch = tree.children[a]
        v = x[:, ch] if ch[0] < p else scores[:, ch - p]
        policy = tree.agg_missing[a]
        assert isinstance(policy, MissingPolicy)
        vals, avail, wn, _excl = prepare_children(
            v[None], weights[None, ch], policy, labels.get(policy.group)
        )
        vals, avail, wn = vals[0], avail[0], wn[0]
        if tree.agg_method[a] == "gmean":
            with np.errstate(divide="ignore", invalid="ignore"):
                part = np.where(avail, wn * np.log(np.where(avail & (vals > 0), vals, 1.0)), 0.0)
        else:
            part = np.where(avail, wn * vals, 0.0)
        total = part.sum(axis=-1, keepdims=True)
        tiny = np.abs(total) < 1e-12
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(tiny, wn, part / np.where(tiny, 1.0, total))
        node = p + a
        contrib[:, ch] = contrib[:, node, None] * share
        eff[:, ch] = eff[:, node, None] * np.nan_to_num(wn)
    return np.nan_to_num(contrib[:, :p]), eff[:, :p]
