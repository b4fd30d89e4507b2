"""Outlier treatment as COINr ``Treat``: skewness/kurtosis check, winsorisation, log_CT.

Every function works on the last axis of a (batch, units) array and ignores NaN, so
the "what would it take" search can treat many variants of one column at once.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._normalise import log_ct, nanmax, nanmin
from .types import FloatArray, Treatment

BoolArray = npt.NDArray[np.bool_]


def _centred(x: FloatArray) -> tuple[FloatArray, FloatArray]:
    ok = ~np.isnan(x)
    n = ok.sum(axis=-1).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(ok, x, 0.0).sum(axis=-1) / n
    d = np.where(ok, x - mean[..., None], 0.0)
    return d, n


def skewness(x: FloatArray) -> FloatArray:
    """Sample skewness as Excel SKEW / e1071 type 2 (NaN ignored; NaN if < 3 values or
    zero variance)."""
    d, n = _centred(x)
    m2 = (d * d).sum(axis=-1)
    m3 = (d * d * d).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        g = np.sqrt(n) * m3 / m2**1.5
        out: FloatArray = g * np.sqrt(n * (n - 1)) / (n - 2)
    out = np.where((n < 3) | (m2 <= 0), np.nan, out)
    return out


def kurtosis(x: FloatArray) -> FloatArray:
    """Sample excess kurtosis as Excel KURT / e1071 type 2 (NaN if < 4 values)."""
    d, n = _centred(x)
    m2 = (d * d).sum(axis=-1)
    m4 = (d**4).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = n * m4 / (m2 * m2)
        out: FloatArray = ((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3))
    out = np.where((n < 4) | (m2 <= 0), np.nan, out)
    return out


def passes(x: FloatArray, skew_thresh: float, kurt_thresh: float) -> BoolArray:
    """COINr ``check_SkewKurt``: pass if ``|skew| < skew_thresh`` OR ``kurt < kurt_thresh``.
    Undefined statistics count as passing (COINr then returns the data untreated)."""
    sk = skewness(x)
    kt = kurtosis(x)
    undefined = np.isnan(sk) | np.isnan(kt)
    out: BoolArray = undefined | (np.abs(sk) < skew_thresh) | (kt < kurt_thresh)
    return out


def winsorise(
    x: FloatArray, spec: Treatment
) -> tuple[FloatArray, npt.NDArray[np.int64], npt.NDArray[np.int64], BoolArray]:
    """Winsorise each row while it fails the check (COINr ``winsorise``).

    Returns the winsorised values, the number of low and high points winsorised per row
    and whether each row passes at the end.
    """
    x = np.array(x, dtype=np.float64, copy=True)
    batch = x.shape[:-1]
    n_low = np.zeros(batch, dtype=np.int64)
    n_high = np.zeros(batch, dtype=np.int64)
    steps = np.zeros(batch, dtype=np.int64)
    ok = passes(x, spec.skew_thresh, spec.kurt_thresh)
    stuck = np.zeros(batch, dtype=bool)
    for _ in range(max(spec.winmax, 0) * max(x.shape[-1], 1)):
        counted = steps if spec.count == "iterations" else n_low + n_high
        active = ~ok & ~stuck & (counted < spec.winmax)
        if not active.any():
            break
        sk = skewness(x)
        high = active & (sk >= 0)
        low = active & ~(sk >= 0)
        for side, mask in (("high", high), ("low", low)):
            if not mask.any():
                continue
            rows = x[mask]
            if side == "high":
                ext = nanmax(rows)
                hit = rows == ext
                rest = np.where(hit | np.isnan(rows), -np.inf, rows).max(axis=-1, keepdims=True)
            else:
                ext = nanmin(rows)
                hit = rows == ext
                rest = np.where(hit | np.isnan(rows), np.inf, rows).min(axis=-1, keepdims=True)
            movable = np.isfinite(rest)[..., 0]
            rows = np.where(hit & movable[..., None], rest, rows)
            x[mask] = rows
            stuck[mask] = ~movable
            # COINr counts the points of the last winsorised group at each end (all tied
            # at the new extreme, so it equals the number of points changed so far).
            target = n_high if side == "high" else n_low
            target[mask] = np.where(movable, hit.sum(axis=-1), target[mask])
        steps = steps + active
        ok = passes(x, spec.skew_thresh, spec.kurt_thresh)
    return x, n_low, n_high, ok


def treat(
    x: FloatArray, spec: Treatment
) -> tuple[FloatArray, npt.NDArray[np.int64], npt.NDArray[np.int64], BoolArray]:
    """Apply the treatment along the last axis. Returns treated values, low/high counts
    and a mask of rows where the log fallback was applied."""
    batch = x.shape[:-1]
    zeros = np.zeros(batch, dtype=np.int64)
    no_log = np.zeros(batch, dtype=bool)
    if spec.method == "none":
        return x, zeros, zeros, no_log
    win, n_low, n_high, ok = winsorise(x, spec)
    if spec.fallback == "none" or ok.all():
        return win, n_low, n_high, no_log
    failed = ~ok
    logged = log_ct(x)
    out = np.where(failed[..., None], logged, win)
    n_low = np.where(failed, 0, n_low)
    n_high = np.where(failed, 0, n_high)
    return out, n_low, n_high, failed
