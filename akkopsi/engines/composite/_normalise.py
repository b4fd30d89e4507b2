"""Transforms and normalisations (COINr ``Normalise``), along the last axis of a
(batch, units) array. NaN means missing and stays NaN."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np

from .errors import CompositeIssue, DomainError
from .types import FloatArray, Normalisation


def stable_nanmean(x: FloatArray, axis: int = -1, keepdims: bool = False) -> FloatArray:
    """Mean ignoring NaN, summed in sorted order so that it does not depend on the order
    of the units."""
    s = np.sort(x, axis=axis)
    n = (~np.isnan(s)).sum(axis=axis, keepdims=keepdims)
    with np.errstate(invalid="ignore", divide="ignore"):
        out: FloatArray = np.nansum(s, axis=axis, keepdims=keepdims) / n
    return out


def stable_nanstd(x: FloatArray, axis: int = -1, keepdims: bool = False) -> FloatArray:
    """Sample standard deviation (n - 1) ignoring NaN, order independent."""
    m = stable_nanmean(x, axis=axis, keepdims=True)
    d = np.sort((x - m) ** 2, axis=axis)
    n = (~np.isnan(d)).sum(axis=axis, keepdims=keepdims)
    with np.errstate(invalid="ignore", divide="ignore"):
        out: FloatArray = np.sqrt(np.nansum(d, axis=axis, keepdims=keepdims) / (n - 1))
    return out


def nanmin(x: FloatArray) -> FloatArray:
    """``np.nanmin`` along the last axis (kept), NaN for all-missing rows, no warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        out: FloatArray = np.nanmin(x, axis=-1, keepdims=True)
    return out


def nanmax(x: FloatArray) -> FloatArray:
    """``np.nanmax`` along the last axis (kept), NaN for all-missing rows, no warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        out: FloatArray = np.nanmax(x, axis=-1, keepdims=True)
    return out


def log_ct(x: FloatArray) -> FloatArray:
    """COINr ``log_CT``: ``ln(x - min + 0.01 (max - min))`` along the last axis."""
    lo = nanmin(x)
    hi = nanmax(x)
    with np.errstate(divide="ignore", invalid="ignore"):
        out: FloatArray = np.log(x - lo + 0.01 * (hi - lo))
    return out


def transform(x: FloatArray, kind: str, *, code: str, units: Sequence[str]) -> FloatArray:
    """``ln`` (values must be > 0) or COINr ``log_CT``; ``none`` returns ``x``."""
    if kind == "none":
        return x
    if kind == "ln":
        bad = ~np.isnan(x) & (x <= 0)
        if bad.any():
            idx = tuple(np.argwhere(bad)[0])
            unit = units[int(idx[-1])]
            raise DomainError(
                CompositeIssue.LOG_NEEDS_POSITIVE,
                indicator=code,
                unit=unit,
                value=float(x[idx]),
                where=f"indikator {code}, unit {unit}",
            )
        out: FloatArray = np.log(x)
        return out
    return log_ct(x)


def transform_param(value: float, kind: str) -> float:
    """Apply a fixed-parameter transform (goalpost, target) the way values are transformed."""
    return float(np.log(value)) if kind == "ln" else float(value)


def _rank_min(y: FloatArray) -> FloatArray:
    """Ranks ascending with ties "min" (COINr ``n_rank``) along the last axis."""
    out = np.full(y.shape, np.nan)
    flat_y = y.reshape(-1, y.shape[-1])
    flat_o = out.reshape(-1, y.shape[-1])
    for r in range(flat_y.shape[0]):
        row = flat_y[r]
        ok = ~np.isnan(row)
        srt = np.sort(row[ok])
        flat_o[r, ok] = np.searchsorted(srt, row[ok], side="left") + 1.0
    return out


def normalise(
    x: FloatArray,
    norm: Normalisation,
    direction: int,
    transform_kind: str,
    *,
    code: str,
) -> FloatArray:
    """Normalise along the last axis; see :class:`Normalisation` for the formulas."""
    method = norm.method
    if method == "goalposts":
        assert norm.lower is not None and norm.upper is not None
        post_lo = transform_param(norm.lower, transform_kind)
        post_hi = transform_param(norm.upper, transform_kind)
        width = post_hi - post_lo
        r = (x - post_lo) / width if direction == 1 else (post_hi - x) / width
        out: FloatArray = norm.floor + np.clip(r, 0.0, 1.0) * (norm.scale - norm.floor)
        return out
    y = x * direction
    if method == "minmax":
        assert norm.lower is not None and norm.upper is not None
        lo = nanmin(y)
        hi = nanmax(y)
        with np.errstate(all="ignore"):
            span = hi - lo
            scaled = (y - lo) / np.where(span > 0, span, 1.0) * (
                norm.upper - norm.lower
            ) + norm.lower
        out = np.where(
            span > 0, scaled, np.where(np.isnan(y), np.nan, 0.5 * (norm.lower + norm.upper))
        )
        return out
    if method == "zscore":
        m = stable_nanmean(y, keepdims=True)
        sd = stable_nanstd(y, keepdims=True)
        with np.errstate(all="ignore"):
            z = (y - m) / np.where(sd > 0, sd, 1.0) * norm.sd + norm.mean
        out = np.where(sd > 0, z, np.where(np.isnan(y), np.nan, norm.mean))
        return out
    if method == "rank":
        return _rank_min(y)
    # dist2targ
    assert norm.target is not None
    t = transform_param(norm.target, transform_kind) * direction
    mn = nanmin(y)
    if np.any(~np.isnan(mn) & (t <= mn)):
        raise DomainError(
            CompositeIssue.TARGET_NOT_BETTER,
            indicator=code,
            target=norm.target,
            where=f"indikator {code}",
        )
    r = 1.0 - (t - y) / (t - mn)
    if norm.cap:
        r = np.minimum(r, 1.0)
    out = norm.floor + r * (norm.scale - norm.floor)
    return out
