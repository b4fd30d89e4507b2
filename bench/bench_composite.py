"""Benchmarks of the composite-indicator engine against bare-numpy floors.

1. Scoring 514 units x 40 indicators (3 aggregation levels: 8 pillars of 5 indicators,
   2 sub-indices of 4 pillars, the index) with ``compute`` vs min-max + one matrix
   product with the effective weights.
2. 10,000-replication uncertainty analysis (+-25 % weight noise at every level,
   min-max 1-100 vs rank normalisation, amean vs gmean) with ``uncertainty`` vs the same
   replications written directly in numpy (noisy weights, effective weights, matrix
   product per choice group, competition ranks, rank percentiles). Goal: ratio <= 2.

Data are synthetic (seeded lognormal), so the figures do not depend on ../shared.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

from akkopsi.engines.composite import (
    Aggregate,
    Indicator,
    IndicatorTable,
    Methodology,
    Normalisation,
    UncertaintySpec,
    compute,
    uncertainty,
)

N_UNITS = 514
N_IND = 40
N_REP = 10_000
SEED = 20240601
NOISE = 0.25


def _data() -> tuple[IndicatorTable, Methodology, np.ndarray]:
    rng = np.random.default_rng(SEED)
    x = rng.lognormal(mean=1.0, sigma=0.6, size=(N_UNITS, N_IND))
    units = tuple(f"{1100 + i}" for i in range(N_UNITS))
    codes = tuple(f"I{j:02d}" for j in range(N_IND))
    table = IndicatorTable(units, codes, x)
    inds = tuple(
        Indicator(c, f"P{j // 5}", normalisation=Normalisation.minmax(1.0, 100.0))
        for j, c in enumerate(codes)
    )
    aggs = (
        *(Aggregate(f"P{g}", 2, f"S{g // 4}") for g in range(8)),
        Aggregate("S0", 3, "IDX"),
        Aggregate("S1", 3, "IDX"),
        Aggregate("IDX", 4),
    )
    return table, Methodology(inds, aggs), x


def _best(fn: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


# -- floors ------------------------------------------------------------------------------------


def _minmax(x: np.ndarray, lo: float = 1.0, hi: float = 100.0) -> np.ndarray:
    mn, mx = x.min(axis=0), x.max(axis=0)
    out: np.ndarray = (x - mn) / (mx - mn) * (hi - lo) + lo
    return out


def _floor_score(x: np.ndarray) -> np.ndarray:
    w = np.full(N_IND, 1.0 / N_IND)
    out: np.ndarray = _minmax(x) @ w
    return out


def _ranks(s: np.ndarray) -> np.ndarray:
    """Competition ranks along the last axis (same tie rule as the engine)."""
    key = -np.round(s, 9)
    order = np.argsort(key, axis=-1)
    srt = np.take_along_axis(key, order, axis=-1)
    start = np.empty_like(srt)
    start[..., 0] = 0.0
    start[..., 1:] = np.where(srt[..., 1:] != srt[..., :-1], np.arange(1.0, s.shape[-1]), 0.0)
    np.maximum.accumulate(start, axis=-1, out=start)
    start += 1.0
    out = np.empty_like(start)
    np.put_along_axis(out, order, start, axis=-1)
    return out


def _floor_uncertainty(x: np.ndarray) -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(SEED)
    n_nodes = N_IND + 8 + 2 + 1
    w = 1.0 + (2.0 * rng.random((N_REP, n_nodes)) - 1.0) * NOISE
    norm = np.minimum((rng.random(N_REP) * 2).astype(np.int64), 1)
    agg = np.minimum((rng.random(N_REP) * 2).astype(np.int64), 1)
    xs = [_minmax(x), np.argsort(np.argsort(x, axis=0), axis=0) + 1.0]  # no ties in this data
    ranks = np.empty((N_REP, N_UNITS))
    for ni in range(2):
        for ai in range(2):
            idx = np.flatnonzero((norm == ni) & (agg == ai))
            wi = w[idx]
            w1 = wi[:, :N_IND].reshape(-1, 8, 5)
            w2 = wi[:, N_IND : N_IND + 8].reshape(-1, 2, 4)
            w3 = wi[:, N_IND + 8 : N_IND + 10]
            w1 = w1 / w1.sum(axis=2, keepdims=True)
            w2 = w2 / w2.sum(axis=2, keepdims=True)
            w3 = w3 / w3.sum(axis=1, keepdims=True)
            eff = (w1 * (w2 * w3[:, :, None]).reshape(-1, 8)[:, :, None]).reshape(-1, N_IND)
            s = eff @ xs[ni].T if ai == 0 else np.exp(eff @ np.log(xs[ni]).T)
            ranks[idx] = _ranks(s)
    q = np.percentile(ranks, [5.0, 50.0, 95.0], axis=0)
    return q[0], q[1], q[2], ranks.mean(axis=0)


# -- benchmark ---------------------------------------------------------------------------------


def run() -> list[dict[str, object]]:
    table, method, x = _data()
    rows: list[dict[str, object]] = []

    t_engine = _best(lambda: compute(table, method), 20)
    t_floor = _best(lambda: _floor_score(x), 20)
    rows.append(
        {
            "bench": f"composite.compute {N_UNITS}x{N_IND}, 3 levels",
            "seconds": t_engine,
            "floor": "numpy minmax + matmul",
            "floor_seconds": t_floor,
            "ratio": t_engine / t_floor,
            "note": "engine also validates, ranks every aggregate, decomposes contributions",
        }
    )

    spec = UncertaintySpec(
        weight_noise=((1, NOISE), (2, NOISE), (3, NOISE)),
        normalisations=(None, Normalisation.rank()),
        aggregations=("amean", "gmean"),
    )
    t_ua = _best(lambda: uncertainty(table, method, spec, N_REP, SEED), 3)
    t_fl = _best(lambda: _floor_uncertainty(x), 3)
    rows.append(
        {
            "bench": f"composite.uncertainty {N_REP} reps {N_UNITS}x{N_IND}",
            "seconds": t_ua,
            "floor": "same replications in bare numpy",
            "floor_seconds": t_fl,
            "ratio": t_ua / t_fl,
            "note": "goal ratio <= 2; noise+-25%/level, minmax|rank, amean|gmean",
        }
    )
    return rows
