"""Result types of the composite-indicator engine (re-exported by :mod:`.types`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from akkopsi.engines.errors import EngineProblem

if TYPE_CHECKING:
    import numpy.typing as npt

    from .types import FloatArray, Methodology


@dataclass(frozen=True, slots=True)
class TreatmentRecord:
    """What the outlier treatment did to one indicator."""

    indicator: str
    winsorised_low: int
    winsorised_high: int
    log_applied: bool
    skew_before: float
    kurt_before: float
    skew_after: float
    kurt_after: float


@dataclass(frozen=True, slots=True, eq=False)
class CompositeResult:
    """Everything :func:`compute` produces. Arrays are unit x code, in the order of
    ``units``, ``indicator_codes`` and ``aggregate_codes`` (aggregates by level, the
    index last).

    Ranks: 1 is best (highest score); equal scores (to 1e-9) share the lowest rank of
    their group, i.e. competition ranking "1, 2, 2, 4"; units without a score have NaN.
    ``contributions`` split each unit's index score over the indicators and sum to it:
    for arithmetic aggregation a child's share is ``w * value / score`` (effective weight
    x normalised value at the indicator level); for a geometric aggregate it is the log
    share ``w * ln(value) / ln(score)`` (equal to the weight share when ``score == 1``).
    """

    units: tuple[str, ...]
    indicator_codes: tuple[str, ...]
    aggregate_codes: tuple[str, ...]
    index_code: str
    denominated: FloatArray
    imputed: FloatArray
    treated: FloatArray
    normalised: FloatArray
    scores: FloatArray
    ranks: FloatArray
    contributions: FloatArray
    effective_weights: FloatArray
    treatment: tuple[TreatmentRecord, ...]
    methodology: Methodology
    notes: tuple[EngineProblem, ...] = ()
    """Remarks on the result (code + parameters: :class:`~.errors.CompositeIssue`)."""

    @property
    def index_scores(self) -> FloatArray:
        out: FloatArray = self.scores[:, -1]
        return out

    @property
    def index_ranks(self) -> FloatArray:
        out: FloatArray = self.ranks[:, -1]
        return out

    def score(self, unit: str, code: str | None = None) -> float:
        i = self.units.index(unit)
        j = len(self.aggregate_codes) - 1 if code is None else self.aggregate_codes.index(code)
        return float(self.scores[i, j])

    def rank(self, unit: str, code: str | None = None) -> float:
        i = self.units.index(unit)
        j = len(self.aggregate_codes) - 1 if code is None else self.aggregate_codes.index(code)
        return float(self.ranks[i, j])


@dataclass(frozen=True, slots=True, eq=False)
class UncertaintyResult:
    """Per-unit rank statistics over the replications (COINr ``RankStats``): nominal,
    mean, median, 5th and 95th percentile rank (numpy's default linear interpolation,
    as R's ``quantile`` type 7), best (``low``) and worst (``high``) rank. ``ranks`` is
    units x replications (NaN = unranked); replication 0 is the nominal methodology, so
    ``low <= nominal <= high``. The nominal rank may lie outside the 5-95% band: when
    most alternatives rank a unit otherwise than the methodology itself does."""

    units: tuple[str, ...]
    nominal: FloatArray
    mean: FloatArray
    median: FloatArray
    q5: FloatArray
    q95: FloatArray
    ranks: FloatArray
    choices: Mapping[str, npt.NDArray[np.int64]]
    seed: int
    n: int
    low: FloatArray
    high: FloatArray

    def nominal_outside_range(self) -> tuple[str, ...]:
        """Units whose nominal rank lies outside [low, high] (none, by construction)."""
        nom, ok = self.nominal, ~np.isnan(self.nominal)
        bad = ok & ~((self.low <= nom) & (nom <= self.high))
        return tuple(u for u, b in zip(self.units, bad, strict=True) if b)


@dataclass(frozen=True, slots=True, eq=False)
class SensitivityResult:
    """First-order (``si``) and total (``sti``) Sobol indices of each uncertain input,
    for the output y = mean |rank - nominal rank| over all units (COINr's target), with
    their 95% percentile bootstrap intervals ``si_ci`` and ``sti_ci`` (factors x 2)."""

    factors: tuple[str, ...]
    si: FloatArray
    sti: FloatArray
    variance: float
    n: int
    runs: int
    y: FloatArray
    si_ci: FloatArray
    sti_ci: FloatArray


@dataclass(frozen=True, slots=True, eq=False)
class Comparison:
    """Two methodologies on the same data: ``shift = rank_a - rank_b`` (positive = the
    unit moves up under methodology B)."""

    units: tuple[str, ...]
    score_a: FloatArray
    score_b: FloatArray
    rank_a: FloatArray
    rank_b: FloatArray
    shift: FloatArray

    @property
    def mean_abs_shift(self) -> float:
        ok = ~np.isnan(self.shift)
        return float(np.abs(self.shift[ok]).mean()) if ok.any() else 0.0


@dataclass(frozen=True, slots=True, eq=False)
class WhatIfResult:
    """What would it take: for unit i and indicator j, ``value[i, j]`` is the smallest
    improvement of indicator j alone (original units; an increase for direction +1, a
    decrease for -1) that lifts the unit at least one rank; NaN when impossible within
    the indicator's bounds. ``change = value - current``. ``method`` is "exact",
    "bisection" or "" (impossible / not applicable)."""

    units: tuple[str, ...]
    indicator_codes: tuple[str, ...]
    current_rank: FloatArray
    target_score: FloatArray
    current: FloatArray
    value: FloatArray
    change: FloatArray
    method: tuple[tuple[str, ...], ...]

    def for_unit(self, unit: str) -> dict[str, float | None]:
        i = self.units.index(unit)
        return {
            c: (None if np.isnan(self.value[i, j]) else float(self.value[i, j]))
            for j, c in enumerate(self.indicator_codes)
        }

    def easiest(
        self, unit: str, ranges: Mapping[str, float] | None = None
    ) -> tuple[str, float] | None:
        """The indicator needing the smallest change relative to ``ranges[code]`` (by
        default relative to 1, i.e. raw units), with its required value; None if none."""
        i = self.units.index(unit)
        best: tuple[float, str, float] | None = None
        for j, c in enumerate(self.indicator_codes):
            v = self.value[i, j]
            if np.isnan(v):
                continue
            scale = 1.0 if ranges is None else ranges.get(c, 1.0) or 1.0
            rel = abs(float(self.change[i, j])) / scale
            if best is None or rel < best[0]:
                best = (rel, c, float(v))
        return None if best is None else (best[1], best[2])


@dataclass(frozen=True, slots=True, eq=False)
class AHPResult:
    """AHP weights from a pairwise comparison matrix (principal right eigenvector,
    normalised to sum 1), with ``ci = (lambda_max - n) / (n - 1)`` and ``cr = ci / RI``
    (Saaty's random index); ``consistent`` is ``cr <= 0.1``."""

    labels: tuple[str, ...]
    weights: FloatArray
    lambda_max: float
    ci: float
    cr: float
    consistent: bool

    def as_dict(self) -> dict[str, float]:
        return {k: float(w) for k, w in zip(self.labels, self.weights, strict=True)}


@dataclass(frozen=True, slots=True, eq=False)
class PCAResult:
    """First-principal-component loadings per group, used as weights (COINr ``get_PCA``).
    ``variance_explained`` is the share of variance of PC1 in each group."""

    weights: Mapping[str, float]
    variance_explained: Mapping[str, float]
    caveats: tuple[EngineProblem, ...]
