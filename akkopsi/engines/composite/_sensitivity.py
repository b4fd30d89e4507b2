"""Variance-based sensitivity analysis as COINr (``get_sensitivity(SA_type = "SA")``).

Design: two independent uniform matrices A and B (N x d) and, for each input i, AB_i =
A with column i taken from B: N (d + 2) runs in the order A, B, AB_1 ... AB_d. The
output of a run is the mean absolute rank change versus the nominal ranks over all units.
Estimators (COINr ``SA_estimate``, Saltelli 2010 / Jansen):

    V   = var(c(yA, yB))                      (sample variance)
    Si  = mean(yB * (yABi - yA)) / V
    STi = sum((yA - yABi)^2) / (2 N V)
"""

from __future__ import annotations

import numpy as np

from ._compute import compute_prepared
from ._pipeline import prepare
from ._uncertainty import Choices, check_spec, noisy_weights, replicate
from .errors import CompositeIssue, MethodologyError
from .types import FloatArray, IndicatorTable, Methodology, SensitivityResult, UncertaintySpec


def saltelli_design(a: FloatArray, b: FloatArray) -> FloatArray:
    """Stack A, B and the AB_i matrices: shape (N (d + 2), d)."""
    d = a.shape[1]
    blocks = [a, b]
    for i in range(d):
        ab = a.copy()
        ab[:, i] = b[:, i]
        blocks.append(ab)
    return np.vstack(blocks)


def sobol_estimates(y: FloatArray, n: int, d: int) -> tuple[FloatArray, FloatArray, float]:
    """First-order and total indices from outputs ``y`` of a :func:`saltelli_design`."""
    y = np.asarray(y, dtype=np.float64)
    if y.shape != (n * (d + 2),):
        raise MethodologyError(
            CompositeIssue.SAMPLE_LENGTH, expected=n * (d + 2), shape=str(y.shape)
        )
    ya = y[:n]
    yb = y[n : 2 * n]
    yab = y[2 * n :].reshape(d, n)
    var = float(np.var(np.concatenate([ya, yb]), ddof=1))
    if var <= 0:
        nan = np.full(d, np.nan)
        return nan, nan.copy(), 0.0
    si = (yb[None, :] * (yab - ya[None, :])).mean(axis=1) / var
    sti = ((ya[None, :] - yab) ** 2).sum(axis=1) / (2 * n * var)
    return si, sti, var


#: Bootstrap resamples and the confidence level of the Sobol index intervals.
BOOTSTRAP = 1000
CONFIDENCE = 0.95


def sobol_bootstrap(
    y: FloatArray, n: int, d: int, rng: np.random.Generator, b: int = BOOTSTRAP
) -> tuple[FloatArray, FloatArray]:
    """Percentile bootstrap intervals (level :data:`CONFIDENCE`) of the first-order and
    total indices: the N base rows (A, B and every AB_i together) resampled ``b`` times
    with replacement. Each resample is a vector of counts, so every estimator is a
    matrix product (counts x per-row terms). Returns two arrays d x 2 (lower, upper);
    NaN when V = 0 in every resample."""
    y = np.asarray(y, dtype=np.float64)
    ya = y[:n]
    yb = y[n : 2 * n]
    yab = y[2 * n :].reshape(d, n)
    idx = rng.integers(0, n, size=(b, n)) + n * np.arange(b)[:, None]
    counts = np.bincount(idx.ravel(), minlength=b * n).reshape(b, n).astype(np.float64)
    s1 = counts @ (ya + yb)
    s2 = counts @ (ya * ya + yb * yb)
    var = (s2 - s1 * s1 / (2 * n)) / (2 * n - 1)
    first = counts @ (yb[None, :] * (yab - ya[None, :])).T / n  # b x d
    total = counts @ ((ya[None, :] - yab) ** 2).T / (2 * n)
    with np.errstate(divide="ignore", invalid="ignore"):
        si = np.where(var[:, None] > 0, first / var[:, None], np.nan)
        sti = np.where(var[:, None] > 0, total / var[:, None], np.nan)
    tail = (1.0 - CONFIDENCE) / 2 * 100

    def interval(v: FloatArray) -> FloatArray:
        out = np.full((d, 2), np.nan)
        for i in range(d):
            ok = v[np.isfinite(v[:, i]), i]
            if ok.size:
                out[i] = np.percentile(ok, [tail, 100 - tail])
        return out

    return interval(si), interval(sti)


def _choices(
    spec: UncertaintySpec, x: FloatArray, bank: FloatArray, nominal: FloatArray
) -> Choices:
    """The alternative of every input in every run of the design ``x`` (U(0, 1) columns in
    the order of ``spec.factors``; an input that is not a factor keeps its first/nominal)."""
    factors = spec.factors
    runs = x.shape[0]

    def pick(name: str, k: int) -> np.ndarray:
        if name not in factors:
            return np.zeros(runs, dtype=np.int64)
        u = x[:, factors.index(name)]
        return np.minimum((u * k).astype(np.int64), k - 1)

    if "weights" in factors:
        weights = bank[pick("weights", spec.weight_sets)]
    else:
        weights = np.repeat(nominal[None, :], runs, axis=0)
    return Choices(
        normalisation=pick("normalisation", len(spec.normalisations)),
        aggregation=pick("aggregation", len(spec.aggregations)),
        imputation=pick("imputation", len(spec.imputations)),
        winmax=pick("winmax", len(spec.winmax)),
        weights=weights,
    )


def _mean_rank_shift(ranks: FloatArray, nominal: FloatArray) -> FloatArray:
    """Per run: the mean absolute rank shift from the nominal ranks over the ranked units."""
    diff = np.abs(ranks - nominal[None, :])
    ok = ~np.isnan(diff)
    count = np.maximum(ok.sum(axis=1), 1)
    shift: FloatArray = np.where(ok, diff, 0.0).sum(axis=1) / count
    return shift


def sensitivity(
    data: IndicatorTable,
    method: Methodology,
    spec: UncertaintySpec,
    n: int,
    seed: int,
) -> SensitivityResult:
    """Sobol first-order and total indices of each uncertain input of ``spec`` (see
    :attr:`UncertaintySpec.factors`), with N = ``n`` base samples: N (d + 2) pipeline runs.
    Each input is mapped from U(0, 1) to one of its alternatives; the weights input picks
    one of ``spec.weight_sets`` pre-drawn noisy weight sets, as COINr's list of sets."""
    factors = spec.factors
    if not factors:
        raise MethodologyError(CompositeIssue.NO_UNCERTAIN_FACTORS)
    if n < 2:
        raise MethodologyError(CompositeIssue.SENSITIVITY_N_TOO_SMALL)
    prep = prepare(data, method)
    check_spec(method, spec)
    nominal = compute_prepared(prep).index_ranks
    d = len(factors)
    rng = np.random.default_rng(seed)
    a = rng.random((n, d))
    b = rng.random((n, d))
    bank = noisy_weights(prep.tree, spec, rng.random((spec.weight_sets, len(prep.tree.level))))
    x = saltelli_design(a, b)
    runs = x.shape[0]

    choices = _choices(spec, x, bank, prep.tree.weight)
    y = _mean_rank_shift(replicate(prep, spec, choices), nominal)
    si, sti, var = sobol_estimates(y, n, d)
    si_ci, sti_ci = sobol_bootstrap(y, n, d, rng)
    return SensitivityResult(
        factors=factors,
        si=si,
        sti=sti,
        variance=var,
        n=n,
        runs=runs,
        y=y,
        si_ci=si_ci,
        sti_ci=sti_ci,
    )
