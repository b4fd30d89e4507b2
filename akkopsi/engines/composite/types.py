"""Frozen, slotted data types of the composite-indicator engine.

The methodology is a tree, as in COINr's iMeta: Level 1 rows are indicators, every other
row is an aggregate at Level >= 2 whose children sit exactly one level below it and point
to it through ``parent``. Weights are relative: they are rescaled to sum 1 within each
group of siblings, as COINr does.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import numpy.typing as npt

from ._results import (
    AHPResult,
    Comparison,
    CompositeResult,
    PCAResult,
    SensitivityResult,
    TreatmentRecord,
    UncertaintyResult,
    WhatIfResult,
)
from ._table import IndicatorTable
from ._tree import validate_methodology
from .errors import CompositeIssue, MethodologyError

__all__ = [
    "AHPResult",
    "AggMethod",
    "Aggregate",
    "Comparison",
    "CompositeResult",
    "FloatArray",
    "Imputation",
    "ImputeMethod",
    "Indicator",
    "IndicatorTable",
    "Methodology",
    "MissingMethod",
    "MissingPolicy",
    "NormMethod",
    "Normalisation",
    "PCAResult",
    "SensitivityResult",
    "TransformKind",
    "TreatMethod",
    "Treatment",
    "TreatmentRecord",
    "UncertaintyResult",
    "UncertaintySpec",
    "WhatIfResult",
]

FloatArray = npt.NDArray[np.float64]

TransformKind = Literal["none", "ln", "log_ct"]
NormMethod = Literal["minmax", "goalposts", "zscore", "rank", "dist2targ"]
AggMethod = Literal["amean", "gmean"]
MissingMethod = Literal["reweight", "exclude", "impute_mean", "impute_median"]
ImputeMethod = Literal["none", "mean", "median"]
TreatMethod = Literal["none", "winsorise"]

NORM_METHODS: tuple[str, ...] = ("minmax", "goalposts", "zscore", "rank", "dist2targ")
AGG_METHODS: tuple[str, ...] = ("amean", "gmean")
MISSING_METHODS: tuple[str, ...] = ("reweight", "exclude", "impute_mean", "impute_median")
IMPUTE_METHODS: tuple[str, ...] = ("none", "mean", "median")
TRANSFORMS: tuple[str, ...] = ("none", "ln", "log_ct")


def _finite(value: float) -> bool:
    return isinstance(value, int | float) and math.isfinite(value)


# ---------------------------------------------------------------------------------------------
# Per-indicator method specifications
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Normalisation:
    """How one indicator is brought onto a common scale (COINr ``Normalise``).

    The indicator's direction is applied first (COINr multiplies by ``Direction``), so a
    higher normalised value is always better.

    * ``minmax``: ``(x - min) / (max - min) * (upper - lower) + lower``; default 0-100
      (COINr ``n_minmax(l_u = c(0, 100))``). A constant indicator gets the midpoint of
      the range for every unit (COINr would return NaN).
    * ``goalposts``: fixed posts ``lower < upper`` in the indicator's original units
      (transformed together with the value, see :class:`Indicator`), values truncated to
      the posts (COINr ``trunc2posts = TRUE``) and scaled to ``[floor, scale]`` (default
      0-1; e.g. 1-100 keeps a geometric mean defined, COINr issue #65). With
      direction -1 the posts are flipped: ``(upper - x) / (upper - lower)``. (COINr's
      ``n_goalposts`` also negates its scale factor for direction -1; we do not.)
    * ``zscore``: ``(x - mean(x)) / sd(x) * sd + mean`` with the sample sd (n - 1), as
      COINr ``n_zscore(m_sd = c(0, 1))``. A constant indicator gets ``mean``.
    * ``rank``: rank of the value, ties sharing the lowest rank (COINr ``n_rank``,
      ``ties.method = "min"``); the worst unit gets 1.
    * ``dist2targ``: ``r = 1 - (target - x) / (target - min(x))`` (COINr ``n_dist2targ``),
      mapped to ``floor + r (scale - floor)`` and capped at ``scale`` when ``cap`` is true. The target is in the
      indicator's original units and must be better than the worst value.
    """

    method: NormMethod = "minmax"
    lower: float | None = None
    upper: float | None = None
    scale: float = 1.0
    floor: float = 0.0
    target: float | None = None
    cap: bool = False
    mean: float = 0.0
    sd: float = 1.0

    def __post_init__(self) -> None:
        if self.method not in NORM_METHODS:
            raise MethodologyError(
                CompositeIssue.UNKNOWN_NORMALISATION,
                field="Normalise",
                method=self.method,
                choices=", ".join(NORM_METHODS),
            )
        if self.method == "minmax":
            lower = 0.0 if self.lower is None else self.lower
            upper = 100.0 if self.upper is None else self.upper
            object.__setattr__(self, "lower", float(lower))
            object.__setattr__(self, "upper", float(upper))
        if self.method in ("minmax", "goalposts"):
            if self.lower is None or self.upper is None:
                raise MethodologyError(CompositeIssue.GOALPOSTS_NEED_BOUNDS, field="Lower")
            if not (_finite(self.lower) and _finite(self.upper)):
                raise MethodologyError(CompositeIssue.BOUNDS_NOT_FINITE, field="Lower")
            if self.lower >= self.upper:
                raise MethodologyError(
                    CompositeIssue.GOALPOSTS_ORDER
                    if self.method == "goalposts"
                    else CompositeIssue.RANGE_ORDER,
                    field="Lower",
                    lower=self.lower,
                    upper=self.upper,
                )
        if not (_finite(self.scale) and _finite(self.floor) and self.floor < self.scale):
            raise MethodologyError(CompositeIssue.BAD_OUTPUT_RANGE, field="Scale")
        if self.method == "dist2targ" and (self.target is None or not _finite(self.target)):
            raise MethodologyError(CompositeIssue.DIST2TARG_NEEDS_TARGET, field="Target")
        if not (_finite(self.mean) and _finite(self.sd) and self.sd > 0):
            raise MethodologyError(CompositeIssue.ZSCORE_UNDEFINED)

    @classmethod
    def minmax(cls, lower: float = 0.0, upper: float = 100.0) -> Normalisation:
        return cls("minmax", lower=lower, upper=upper)

    @classmethod
    def goalposts(
        cls, lower: float, upper: float, scale: float = 1.0, floor: float = 0.0
    ) -> Normalisation:
        return cls("goalposts", lower=lower, upper=upper, scale=scale, floor=floor)

    @classmethod
    def zscore(cls, mean: float = 0.0, sd: float = 1.0) -> Normalisation:
        return cls("zscore", mean=mean, sd=sd)

    @classmethod
    def rank(cls) -> Normalisation:
        return cls("rank")

    @classmethod
    def dist2targ(
        cls, target: float, *, cap: bool = False, scale: float = 1.0, floor: float = 0.0
    ) -> Normalisation:
        return cls("dist2targ", target=target, cap=cap, scale=scale, floor=floor)

    def declared_range(self, n_units: int) -> tuple[float, float]:
        """Range every normalised value lies in (``inf`` where the method has no bound)."""
        if self.method == "minmax":
            assert self.lower is not None and self.upper is not None
            return (self.lower, self.upper)
        if self.method == "goalposts":
            return (self.floor, self.scale)
        if self.method == "rank":
            return (1.0, float(max(n_units, 1)))
        if self.method == "dist2targ":
            return (self.floor, self.scale if self.cap else math.inf)
        return (-math.inf, math.inf)


@dataclass(frozen=True, slots=True)
class Treatment:
    """Outlier treatment of one indicator (COINr ``Treat``).

    ``winsorise`` is COINr's default process: if ``check_SkewKurt`` fails (it passes when
    ``|skew| < skew_thresh`` OR excess kurtosis ``< kurt_thresh``, skew and kurtosis as
    Excel SKEW/KURT), the highest (skew >= 0) or lowest value(s) are set to the next value,
    one step at a time, while the check fails and fewer than ``winmax`` points have been
    winsorised; if it still fails, ``fallback`` (``log_ct``: ``ln(x - min + 0.01 (max -
    min))``) is applied to the *original* values. ``count = "points"`` counts winsorised
    points as COINr 1.x (ties count as several points); ``"iterations"`` counts steps as
    COINr 0.6 (``coin_treat``; on the ASEM data both agree). The treatment is opt-in, as
    COINr's ``Treat`` step is.
    """

    method: TreatMethod = "none"
    winmax: int = 5
    skew_thresh: float = 2.0
    kurt_thresh: float = 3.5
    fallback: Literal["log_ct", "none"] = "log_ct"
    count: Literal["points", "iterations"] = "points"

    def __post_init__(self) -> None:
        if self.method not in ("none", "winsorise"):
            raise MethodologyError(
                CompositeIssue.UNKNOWN_TREATMENT, field="Treat", method=self.method
            )
        if not isinstance(self.winmax, int) or self.winmax < 0:
            raise MethodologyError(CompositeIssue.BAD_WINMAX, field="WinMax")
        if not (self.skew_thresh > 0 and self.kurt_thresh > 0):
            raise MethodologyError(CompositeIssue.BAD_THRESHOLDS, field="Treat")
        if self.fallback not in ("log_ct", "none") or self.count not in ("points", "iterations"):
            raise MethodologyError(CompositeIssue.UNKNOWN_TREATMENT_CHOICE, field="Treat")

    @classmethod
    def winsorise(
        cls,
        winmax: int = 5,
        *,
        fallback: Literal["log_ct", "none"] = "log_ct",
        count: Literal["points", "iterations"] = "points",
    ) -> Treatment:
        return cls("winsorise", winmax=winmax, fallback=fallback, count=count)


@dataclass(frozen=True, slots=True)
class Imputation:
    """Data-set imputation before treatment (COINr ``Impute``): each indicator's missing
    values are replaced by the mean or median of the indicator over all units, or over
    the units of the same group when ``group`` names a group column of the data."""

    method: ImputeMethod = "none"
    group: str | None = None

    def __post_init__(self) -> None:
        if self.method not in IMPUTE_METHODS:
            raise MethodologyError(
                CompositeIssue.UNKNOWN_IMPUTATION,
                method=self.method,
                choices=", ".join(IMPUTE_METHODS),
            )


@dataclass(frozen=True, slots=True)
class MissingPolicy:
    """What an aggregate does when some of its children are missing for a unit.

    * ``reweight`` (default, COINr): the missing children's weights are dropped and the
      remaining weights rescaled;
    * ``exclude``: the unit gets no score (and no rank) for this aggregate;
    * ``impute_mean`` / ``impute_median``: a missing child value is replaced by the
      mean/median of that child over the units of the same ``group`` (all units if None).

    ``min_coverage`` is the minimum share of children that must be present (counted, not
    weighted, as COINr's ``dat_thresh``); below it the unit is excluded.
    """

    method: MissingMethod = "reweight"
    group: str | None = None
    min_coverage: float = 0.0

    def __post_init__(self) -> None:
        if self.method not in MISSING_METHODS:
            raise MethodologyError(
                CompositeIssue.UNKNOWN_MISSING_POLICY,
                field="Missing",
                method=self.method,
                choices=", ".join(MISSING_METHODS),
            )
        if not (_finite(self.min_coverage) and 0.0 <= self.min_coverage <= 1.0):
            raise MethodologyError(CompositeIssue.BAD_MIN_COVERAGE, field="MinCoverage")


# ---------------------------------------------------------------------------------------------
# The methodology tree
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Indicator:
    """A Level-1 node. The pipeline per indicator is: denominate (``value / denominator``)
    -> data-set imputation -> transform -> outlier treatment -> normalisation.

    ``transform``: ``ln`` is the plain natural log, applied to the value *and* to the
    goalposts or target (BPS IPM expenditure); ``log_ct`` is COINr's ``log_CT``. ``bounds``
    are the physically possible values in original units (e.g. ``(0, 100)`` for a
    percentage); they limit "what would it take" searches.
    """

    code: str
    parent: str
    name: str = ""
    direction: int = 1
    weight: float = 1.0
    denominator: str | None = None
    transform: TransformKind = "none"
    treatment: Treatment = Treatment()
    normalisation: Normalisation = Normalisation()
    bounds: tuple[float | None, float | None] = (None, None)


@dataclass(frozen=True, slots=True)
class Aggregate:
    """A node at Level >= 2: ``amean`` (weighted arithmetic mean) or ``gmean`` (weighted
    geometric mean, defined only for values > 0) of its children."""

    code: str
    level: int
    parent: str | None = None
    name: str = ""
    weight: float = 1.0
    aggregation: AggMethod = "amean"
    missing: MissingPolicy = MissingPolicy()


@dataclass(frozen=True, slots=True)
class Methodology:
    """A complete, validated methodology. Construction raises :class:`MethodologyError`
    on unknown parents, cycles, wrong levels, non-positive weights and similar faults.

    ``tie_break`` names nodes (indicators or aggregates below the index) that break ties
    of the index score, in order: of two units with the same index score, the one with
    the higher normalised value (indicator) or score (aggregate) of the first named node
    ranks better, then the second, and so on; units equal on every named node share the
    better rank ("1, 2, 2, 4"). Empty: equal index scores share the rank.
    """

    indicators: tuple[Indicator, ...]
    aggregates: tuple[Aggregate, ...]
    imputation: Imputation = Imputation()
    name: str = ""
    tie_break: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "indicators", tuple(self.indicators))
        object.__setattr__(self, "aggregates", tuple(self.aggregates))
        object.__setattr__(self, "tie_break", tuple(str(c) for c in self.tie_break))
        validate_methodology(self)

    @property
    def indicator_codes(self) -> tuple[str, ...]:
        return tuple(i.code for i in self.indicators)

    @property
    def index_code(self) -> str:
        """Code of the single top aggregate (the index)."""
        return next(a.code for a in self.aggregates if a.parent is None)

    def with_weights(self, weights: Mapping[str, float]) -> Methodology:
        """A copy with the weights of the named nodes replaced (manual weights)."""
        known = set(self.indicator_codes) | {a.code for a in self.aggregates}
        unknown = sorted(set(weights) - known)
        if unknown:
            raise MethodologyError(
                CompositeIssue.UNKNOWN_WEIGHT_CODES, field="Weight", codes=", ".join(unknown)
            )
        inds = tuple(
            replace(i, weight=float(weights[i.code])) if i.code in weights else i
            for i in self.indicators
        )
        aggs = tuple(
            replace(a, weight=float(weights[a.code])) if a.code in weights else a
            for a in self.aggregates
        )
        return Methodology(inds, aggs, self.imputation, self.name, self.tie_break)


# ---------------------------------------------------------------------------------------------
# Data and uncertainty specification (results live in ._results and are re-exported here)
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UncertaintySpec:
    """Uncertain choices sampled uniformly, as COINr ``get_sensitivity`` does.

    * ``weight_noise``: ``(level, fraction)`` pairs; every weight of the nodes at that
      level (1 = indicator weights) is multiplied by ``1 + U(-fraction, fraction)``
      (COINr ``get_noisy_weights``);
    * ``normalisations``: alternatives applied to every indicator (``None`` = as in the
      methodology);
    * ``aggregations``: alternatives applied to every aggregate (``None`` = as in the
      methodology);
    * ``imputations``: alternative data-set imputations;
    * ``winmax``: alternative winsorisation limits (for indicators treated by winsorising);
    * ``weight_sets``: in sensitivity analysis the weights are one factor choosing among
      this many pre-drawn noisy weight sets (as COINr's list of weight sets).
    """

    weight_noise: tuple[tuple[int, float], ...] = ()
    normalisations: tuple[Normalisation | None, ...] = ()
    aggregations: tuple[AggMethod | None, ...] = ()
    imputations: tuple[Imputation, ...] = ()
    winmax: tuple[int, ...] = ()
    weight_sets: int = 100

    def __post_init__(self) -> None:
        noise = self.weight_noise
        if isinstance(noise, Mapping):
            noise = tuple(sorted((int(k), float(v)) for k, v in noise.items()))
        object.__setattr__(self, "weight_noise", tuple((int(lv), float(f)) for lv, f in noise))
        for name in ("normalisations", "aggregations", "imputations", "winmax"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        levels = [lv for lv, _ in self.weight_noise]
        if len(set(levels)) != len(levels):
            raise MethodologyError(CompositeIssue.DUPLICATE_NOISE_LEVEL)
        for _lv, f in self.weight_noise:
            if not (_finite(f) and 0.0 <= f < 1.0):
                raise MethodologyError(CompositeIssue.BAD_NOISE)
        for a in self.aggregations:
            if a is not None and a not in AGG_METHODS:
                raise MethodologyError(CompositeIssue.UNKNOWN_AGGREGATION, method=a)
        for w in self.winmax:
            if not isinstance(w, int) or w < 0:
                raise MethodologyError(CompositeIssue.BAD_WINMAX_ALTERNATIVE)
        if self.weight_sets < 1:
            raise MethodologyError(CompositeIssue.BAD_WEIGHT_SETS)

    @property
    def factors(self) -> tuple[str, ...]:
        """Names of the uncertain inputs, in a fixed order."""
        out: list[str] = []
        if any(f > 0 for _, f in self.weight_noise):
            out.append("weights")
        if len(self.normalisations) > 1:
            out.append("normalisation")
        if len(self.aggregations) > 1:
            out.append("aggregation")
        if len(self.imputations) > 1:
            out.append("imputation")
        if len(self.winmax) > 1:
            out.append("winmax")
        return tuple(out)
