"""Uncertainty analysis (COINr ``get_sensitivity(SA_type = "UA")``), vectorised.

Replications are grouped by their discrete choices (imputation, winmax, normalisation,
aggregation). Each distinct data choice is normalised once; the index scores of all the
replications in a group are then computed together: with complete data and a single
aggregation function, as one matrix product with the effective weights (for ``gmean``
in log space); otherwise level by level over chunks of replications.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ._aggregate import aggregate_tree
from ._compute import compute_prepared, label_map
from ._pipeline import Prepared, all_columns, prepare
from ._rank import competition_ranks
from ._tree import Tree
from .errors import DomainError, MethodologyError
from .types import (
    FloatArray,
    Imputation,
    IndicatorTable,
    Methodology,
    Normalisation,
    UncertaintyResult,
    UncertaintySpec,
)

IntChoices = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Choices:
    """Per-replication choices: indices into the spec's alternatives (0 when the factor is
    absent) and node weights (replications x nodes)."""

    normalisation: IntChoices
    aggregation: IntChoices
    imputation: IntChoices
    winmax: IntChoices
    weights: FloatArray


def noisy_weights(tree: Tree, spec: UncertaintySpec, u: FloatArray) -> FloatArray:
    """Node weights ``w * (1 + (2u - 1) * f_level)`` for uniform draws ``u`` (reps x nodes)."""
    factor = np.zeros(len(tree.level))
    for level, f in spec.weight_noise:
        factor[tree.level == level] = f
    out: FloatArray = tree.weight[None, :] * (1.0 + (2.0 * u - 1.0) * factor[None, :])
    return out


def effective_weights(tree: Tree, w: FloatArray) -> FloatArray:
    """Product of sibling-normalised weights from each indicator up to the root
    (reps x indicators), for complete data."""
    p = tree.n_ind
    n_nodes = w.shape[1]
    eff = np.empty_like(w)
    eff[:, n_nodes - 1] = 1.0
    for a in range(tree.n_agg - 1, -1, -1):
        ch = tree.children[a]
        wc = w[:, ch]
        eff[:, ch] = eff[:, p + a, None] * wc / wc.sum(axis=1, keepdims=True)
    out: FloatArray = eff[:, :p]
    return out


def _alt_methods(tree: Tree, alt: str | None) -> tuple[str, ...]:
    return tree.agg_method if alt is None else tuple(alt for _ in tree.agg_codes)


def _index_scores(
    prep: Prepared,
    x: FloatArray,
    w: FloatArray,
    methods: tuple[str, ...],
    labels: dict[str | None, npt.NDArray[np.intp] | None],
) -> FloatArray:
    """Index scores, replications x units."""
    tree = prep.tree
    complete = not np.isnan(x).any()
    uniform = len(set(methods)) == 1
    if complete and uniform:
        eff = effective_weights(tree, w)
        if methods[0] == "gmean":
            if (x <= 0).any():
                i, k = np.argwhere(x <= 0)[0]
                unit, code = prep.data.units[int(i)], tree.ind_codes[int(k)]
                raise DomainError(
                    f"rata-rata geometrik tidak terdefinisi: nilai ternormalisasi {code} untuk unit "
                    f"{unit} adalah {x[i, k]:g} (harus > 0). Gunakan normalisasi dengan batas "
                    "bawah > 0, misalnya minmax 1-100",
                    where=f"indikator {code}, unit {unit}",
                )
            out: FloatArray = np.exp(eff @ np.log(x).T)
            return out
        out = eff @ x.T
        return out
    n = x.shape[0]
    chunk = max(1, 4_000_000 // max(n * tree.n_agg, 1))
    res = np.empty((w.shape[0], n))
    for s in range(0, w.shape[0], chunk):
        sc = aggregate_tree(
            x[None], tree, w[s : s + chunk], units=prep.data.units, labels=labels, methods=methods
        )
        res[s : s + chunk] = sc[:, :, -1]
    return res


def replicate(prep: Prepared, spec: UncertaintySpec, choices: Choices) -> FloatArray:
    """Index ranks for every replication, shape replications x units."""
    tree = prep.tree
    labels = label_map(prep)
    n_rep = choices.weights.shape[0]
    ranks = np.empty((n_rep, prep.data.n_units))
    norm_alts: tuple[Normalisation | None, ...] = spec.normalisations or (None,)
    agg_alts = spec.aggregations or (None,)
    imp_alts: tuple[Imputation | None, ...] = spec.imputations or (None,)
    win_alts: tuple[int | None, ...] = spec.winmax or (None,)
    data_key = np.stack([choices.imputation, choices.winmax, choices.normalisation], axis=1)
    keys, inverse = np.unique(data_key, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    for g, (ii, wi, ni) in enumerate(keys):
        stages, _ = all_columns(
            prep,
            imputation=imp_alts[int(ii)],
            winmax=win_alts[int(wi)],
            normalisation=norm_alts[int(ni)],
        )
        x = stages.normalised
        in_group = inverse == g
        for ai, alt in enumerate(agg_alts):
            idx = np.flatnonzero(in_group & (choices.aggregation == ai))
            if idx.size == 0:
                continue
            scores = _index_scores(prep, x, choices.weights[idx], _alt_methods(tree, alt), labels)
            ranks[idx] = competition_ranks(scores)
    return ranks


def draw_choices(tree: Tree, spec: UncertaintySpec, n: int, rng: np.random.Generator) -> Choices:
    """Uniform sampling of every uncertain choice (COINr UA): one fresh noisy weight set
    per replication and a uniformly drawn alternative for each discrete factor."""
    w_u = rng.random((n, len(tree.level)))
    weights = noisy_weights(tree, spec, w_u)

    def pick(k: int) -> IntChoices:
        if k <= 1:
            return np.zeros(n, dtype=np.int64)
        return np.minimum((rng.random(n) * k).astype(np.int64), k - 1)

    return Choices(
        normalisation=pick(len(spec.normalisations)),
        aggregation=pick(len(spec.aggregations)),
        imputation=pick(len(spec.imputations)),
        winmax=pick(len(spec.winmax)),
        weights=weights,
    )


def rank_stats(ranks: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Mean, median, 5th and 95th percentile over replications (axis 0)."""
    if np.isnan(ranks).any():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            q = np.nanpercentile(ranks, [5.0, 50.0, 95.0], axis=0)
            mean = np.nanmean(ranks, axis=0)
    else:
        q = np.percentile(ranks, [5.0, 50.0, 95.0], axis=0)
        mean = ranks.mean(axis=0)
    return mean, q[1], q[0], q[2]


def uncertainty(
    data: IndicatorTable,
    method: Methodology,
    spec: UncertaintySpec,
    n: int,
    seed: int,
) -> UncertaintyResult:
    """Run ``n`` replications with uncertain choices sampled uniformly (numpy Generator
    seeded with ``seed``: the same seed gives the same result). Returns per-unit nominal,
    mean, median, 5th and 95th percentile index rank (competition ranks)."""
    if n < 1:
        raise MethodologyError("jumlah replikasi harus >= 1")
    prep = prepare(data, method)
    check_spec(method, spec)
    nominal = compute_prepared(prep).index_ranks
    rng = np.random.default_rng(seed)
    choices = draw_choices(prep.tree, spec, n, rng)
    ranks = replicate(prep, spec, choices)
    mean, median, q5, q95 = rank_stats(ranks)
    return UncertaintyResult(
        units=prep.data.units,
        nominal=nominal,
        mean=mean,
        median=median,
        q5=q5,
        q95=q95,
        ranks=ranks.T,
        choices={
            "normalisation": choices.normalisation,
            "aggregation": choices.aggregation,
            "imputation": choices.imputation,
            "winmax": choices.winmax,
        },
        seed=seed,
        n=n,
    )


def check_spec(method: Methodology, spec: UncertaintySpec) -> None:
    """Reject choices that cannot apply to ``method``."""
    winsorised = any(i.treatment.method == "winsorise" for i in method.indicators)
    if len(spec.winmax) > 1 and not winsorised:
        raise MethodologyError(
            "alternatif winmax diberikan, tetapi tidak ada indikator yang diwinsorisasi"
        )
    top = max(a.level for a in method.aggregates)
    for level, _ in spec.weight_noise:
        if not 1 <= level < top:
            raise MethodologyError(
                f"level {level} pada weight_noise tidak ada; bobot yang dapat diberi derau ada di "
                f"level 1 sampai {top - 1}"
            )
