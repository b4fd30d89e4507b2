"""Competition ranking ("1, 2, 2, 4"): rank 1 is the highest score; scores equal after
rounding to ``TIE_DECIMALS`` decimals share the lowest rank of their group; NaN scores
get a NaN rank and do not count. The rule uses only the values, so ranks do not depend
on the order of the units. :func:`tie_broken_ranks` first breaks ties by further keys
(the methodology's tie-break rule)."""

from __future__ import annotations

import numpy as np

from .types import FloatArray

TIE_DECIMALS = 9


def tie_round(scores: FloatArray) -> FloatArray:
    out: FloatArray = np.round(scores, TIE_DECIMALS)
    return out


def competition_ranks(scores: FloatArray) -> FloatArray:
    """Ranks along the last axis of ``scores`` (any leading batch shape)."""
    s = tie_round(np.asarray(scores, dtype=np.float64))
    if s.shape[-1] == 0:
        return s.copy()
    nan = np.isnan(s)
    has_nan = bool(nan.any())
    # ascending sort of -score: best first, NaN (as +inf) last
    key = np.where(nan, np.inf, -s) if has_nan else np.negative(s)
    order = np.argsort(key, axis=-1)
    sorted_key = np.take_along_axis(key, order, axis=-1)
    pos = np.arange(s.shape[-1], dtype=np.float64)
    start = np.empty(s.shape, dtype=np.float64)
    start[..., 0] = 0.0
    start[..., 1:] = np.where(sorted_key[..., 1:] != sorted_key[..., :-1], pos[1:], 0.0)
    np.maximum.accumulate(start, axis=-1, out=start)
    start += 1.0
    out = np.empty(s.shape, dtype=np.float64)
    np.put_along_axis(out, order, start, axis=-1)
    if has_nan:
        out[nan] = np.nan
    return out


def tie_broken_ranks(scores: FloatArray, keys: list[FloatArray]) -> FloatArray:
    """Competition ranks of a 1-D ``scores`` where equal scores are ordered by ``keys``
    (each one value per unit, higher is better, compared after the same rounding; a
    missing key counts as the worst). Units equal on the score and on every key share
    the better rank; units without a score stay unranked (NaN)."""
    s = tie_round(np.asarray(scores, dtype=np.float64))
    if not keys or s.size == 0:
        return competition_ranks(s)
    nan = np.isnan(s)
    cols = [np.where(nan, -np.inf, s)]
    for key in keys:
        k = tie_round(np.asarray(key, dtype=np.float64))
        cols.append(np.where(np.isnan(k), -np.inf, k))
    mat = np.stack(cols, axis=1)
    # np.lexsort sorts by the last key first: pass the negated columns in reverse order
    order = np.lexsort(tuple(-mat[:, j] for j in range(mat.shape[1] - 1, -1, -1)))
    srt = mat[order]
    pos = np.arange(s.size, dtype=np.float64)
    start = np.zeros(s.size, dtype=np.float64)
    start[1:] = np.where(np.any(srt[1:] != srt[:-1], axis=1), pos[1:], 0.0)
    np.maximum.accumulate(start, out=start)
    out = np.empty(s.size, dtype=np.float64)
    out[order] = start + 1.0
    out[nan] = np.nan
    return out
