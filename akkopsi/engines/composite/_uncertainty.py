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
from ._rank import competition_ranks, tie_broken_ranks, tie_round
from ._tree import Tree
from .errors import CompositeIssue, DomainError, MethodologyError
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
                    CompositeIssue.GMEAN_UNDEFINED,
                    indicator=code,
                    unit=unit,
                    value=float(x[i, k]),
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


def _positive(x: FloatArray) -> bool:
    ok = x[~np.isnan(x)]
    return bool((ok > 0).all())


def _tie_keys(prep: Prepared, x: FloatArray, scores: FloatArray | None) -> list[FloatArray] | None:
    """The methodology's tie-break keys for one group of replications: per key an array
    (replications or 1, units); None without a tie-break rule."""
    codes = prep.method.tie_break
    if not codes:
        return None
    tree = prep.tree
    nodes = {c: k for k, c in enumerate(tree.ind_codes)}
    aggs = {c: a for a, c in enumerate(tree.agg_codes)}
    out: list[FloatArray] = []
    for c in codes:
        if c in nodes:
            out.append(x[None, :, nodes[c]])
        else:
            assert scores is not None
            out.append(scores[:, :, aggs[c]])
    return out


def ranks_with_tie_break(scores: FloatArray, keys: list[FloatArray] | None) -> FloatArray:
    """Competition ranks of each row of ``scores`` (replications x units) under the same
    tie rule as the official rank (:func:`tie_broken_ranks` with the methodology's keys,
    each of shape (replications or 1, units)); rows without tied scores skip it."""
    ranks = competition_ranks(scores)
    if not keys:
        return ranks
    s = np.where(np.isnan(scores), np.inf, tie_round(scores))
    srt = np.sort(s, axis=1)
    tied = np.flatnonzero(((srt[:, 1:] == srt[:, :-1]) & np.isfinite(srt[:, 1:])).any(axis=1))
    for r in tied:
        ranks[r] = tie_broken_ranks(scores[r], [k[r if k.shape[0] > 1 else 0] for k in keys])
    return ranks


def replicate(prep: Prepared, spec: UncertaintySpec, choices: Choices) -> FloatArray:
    """Index ranks for every replication, shape replications x units, under the official
    tie rule (the methodology's tie-break keys, recomputed in each replication).

    A geometric mean drawn as an alternative together with a normalisation that gives
    values <= 0 (such as the methodology's own min-max 0-100) uses instead the first
    normalisation alternative whose values are all positive: the choice stays a
    deterministic function of the sampled inputs, so the Sobol design still holds."""
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
    need_scores = any(c in tree.agg_codes for c in prep.method.tie_break)
    cache: dict[tuple[int, int, int], FloatArray] = {}

    def normalised(ii: int, wi: int, ni: int) -> FloatArray:
        if (ii, wi, ni) not in cache:
            stages, _ = all_columns(
                prep, imputation=imp_alts[ii], winmax=win_alts[wi], normalisation=norm_alts[ni]
            )
            cache[(ii, wi, ni)] = stages.normalised
        return cache[(ii, wi, ni)]

    def positive(ii: int, wi: int, ni: int) -> FloatArray:
        x = normalised(ii, wi, ni)
        if _positive(x):
            return x
        for nj, alt in enumerate(norm_alts):
            if alt is not None and _positive(normalised(ii, wi, nj)):
                return normalised(ii, wi, nj)
        return x  # no positive alternative: the geometric mean reports the zero

    for g, (ii, wi, ni) in enumerate(keys):
        in_group = inverse == g
        for ai, alt in enumerate(agg_alts):
            idx = np.flatnonzero(in_group & (choices.aggregation == ai))
            if idx.size == 0:
                continue
            x = (positive if alt == "gmean" else normalised)(int(ii), int(wi), int(ni))
            methods = _alt_methods(tree, alt)
            all_scores = None
            if need_scores:
                all_scores = _all_scores(prep, x, choices.weights[idx], methods, labels)
                scores = all_scores[:, :, -1]
            else:
                scores = _index_scores(prep, x, choices.weights[idx], methods, labels)
            ranks[idx] = ranks_with_tie_break(scores, _tie_keys(prep, x, all_scores))
    return ranks


def _all_scores(
    prep: Prepared,
    x: FloatArray,
    w: FloatArray,
    methods: tuple[str, ...],
    labels: dict[str | None, npt.NDArray[np.intp] | None],
) -> FloatArray:
    """Scores of every aggregate, replications x units x aggregates."""
    n = x.shape[0]
    chunk = max(1, 4_000_000 // max(n * prep.tree.n_agg, 1))
    out = np.empty((w.shape[0], n, prep.tree.n_agg))
    for s in range(0, w.shape[0], chunk):
        out[s : s + chunk] = aggregate_tree(
            x[None],
            prep.tree,
            w[s : s + chunk],
            units=prep.data.units,
            labels=labels,
            methods=methods,
        )
    return out


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


def rank_range(ranks: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Best and worst rank over replications (axis 0), NaN where never ranked."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanmin(ranks, axis=0), np.nanmax(ranks, axis=0)


def uncertainty(
    data: IndicatorTable,
    method: Methodology,
    spec: UncertaintySpec,
    n: int,
    seed: int,
) -> UncertaintyResult:
    """Run ``n`` replications of the methodology's pipeline (same data, same imputation
    and tie rule as :func:`compute`): the first is the methodology itself (its nominal
    choices and weights, so every official rank lies within the range of the
    replications), the other ``n - 1`` draw every uncertain choice uniformly (numpy
    Generator seeded with ``seed``: the same seed gives the same result). Returns per
    unit the nominal, mean, median, 5th and 95th percentile, best and worst rank
    (competition ranks). In ``choices`` the nominal replication is marked -1."""
    if n < 1:
        raise MethodologyError(CompositeIssue.REPLICATIONS_TOO_FEW)
    prep = prepare(data, method)
    check_spec(method, spec)
    nominal = compute_prepared(prep).index_ranks
    rng = np.random.default_rng(seed)
    choices = draw_choices(prep.tree, spec, n - 1, rng)
    ranks = np.vstack([nominal[None, :], replicate(prep, spec, choices)])
    mean, median, q5, q95 = rank_stats(ranks)
    low, high = rank_range(ranks)
    first = np.array([-1], dtype=np.int64)
    return UncertaintyResult(
        units=prep.data.units,
        nominal=nominal,
        mean=mean,
        median=median,
        q5=q5,
        q95=q95,
        ranks=ranks.T,
        choices={
            "normalisation": np.concatenate([first, choices.normalisation]),
            "aggregation": np.concatenate([first, choices.aggregation]),
            "imputation": np.concatenate([first, choices.imputation]),
            "winmax": np.concatenate([first, choices.winmax]),
        },
        seed=seed,
        n=n,
        low=low,
        high=high,
    )


def check_spec(method: Methodology, spec: UncertaintySpec) -> None:
    """Reject choices that cannot apply to ``method``."""
    winsorised = any(i.treatment.method == "winsorise" for i in method.indicators)
    if len(spec.winmax) > 1 and not winsorised:
        raise MethodologyError(CompositeIssue.WINMAX_UNUSED)
    top = max(a.level for a in method.aggregates)
    for level, _ in spec.weight_noise:
        if not 1 <= level < top:
            raise MethodologyError(CompositeIssue.NOISE_LEVEL_MISSING, level=level, top=top - 1)
