"""Competition ranking ("1, 2, 2, 4"): rank 1 is the highest score; scores equal after
rounding to ``TIE_DECIMALS`` decimals share the lowest rank of their group; NaN scores
get a NaN rank and do not count. The rule uses only the values, so ranks do not depend
on the order of the units."""

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
