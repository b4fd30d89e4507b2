"""What a ResultRun stores: its results (per unit: scores, ranks, contributions, the
uncertainty interval, "what would it take") and the snapshot of its inputs, as JSON."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from akkopsi import engines
from akkopsi.awards.engine_messages import problem_text, saved_check
from akkopsi.awards.models import Criterion, Edition, MethodologyVersion, Nomination
from akkopsi.engines.composite import AnalysisCheck, IndicatorTable, Methodology

INDEX = "INDEX"


@dataclass(frozen=True)
class Analysis:
    """One computation of an edition: the data, the methodology with its weights, the
    engine's result, the uncertainty and sensitivity analyses with their checks, and
    "what would it take" (None where not run)."""

    data: IndicatorTable
    method: Methodology
    res: Any
    ua: Any
    sa: Any
    checks: tuple[AnalysisCheck, ...]
    whatif: Any


def as_float(x: Any) -> float | None:
    """A number of the JSON: None for a missing value (None or NaN), else rounded to 6 places."""
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else round(x, 6)


def snapshot_of(version: MethodologyVersion, criteria: list[Criterion]) -> dict[str, Any]:
    cats: dict[str, dict[str, Any]] = {}
    for c in criteria:
        cat = c.category
        cats.setdefault(
            cat.code,
            {
                "code": cat.code,
                "name": cat.name,
                "weight": float(cat.weight),
                "weighting": cat.weighting,
                "pairwise": cat.pairwise,
                "aggregation": cat.aggregation,
                "missing": cat.missing,
                "min_coverage": float(cat.min_coverage),
                "criteria": [],
            },
        )["criteria"].append(
            {
                "code": c.code,
                "name": c.name,
                "source": c.source,
                "indicator": c.indicator.code if c.indicator else None,
                "denominator": c.denominator.code if c.denominator else None,
                "rubric": c.rubric,
                "direction": c.direction,
                "transform": c.transform,
                "normalisation": c.normalisation,
                "lower": c.lower,
                "upper": c.upper,
                "target": c.target,
                "weight": float(c.weight),
            }
        )
    return {
        "id": version.pk,
        "name": version.name,
        "version": version.version,
        "index_aggregation": version.index_aggregation,
        "winsorise": version.winsorise,
        "weight_noise": float(version.weight_noise),
        "category_weighting": version.category_weighting,
        "category_pairwise": version.category_pairwise,
        "tie_break": version.tie_break_codes,
        "max_arrears_days": version.max_arrears_days,
        "uncertain_normalisations": version.uncertain_normalisations,
        "uncertain_aggregations": version.uncertain_aggregations,
        "uncertain_imputations": version.uncertain_imputations,
        "categories": list(cats.values()),
    }


def _ci(ci: Any) -> list[list[float | None]]:
    return [[as_float(lo), as_float(hi)] for lo, hi in ci]


def _interval(ua: Any, i: int) -> dict[str, float | None]:
    return {
        "median": as_float(ua.median[i]),
        "q5": as_float(ua.q5[i]),
        "q95": as_float(ua.q95[i]),
        "mean": as_float(ua.mean[i]),
        "low": as_float(ua.low[i]),
        "high": as_float(ua.high[i]),
    }


def _whatif(whatif: Any, i: int) -> dict[str, dict[str, float | None]]:
    return {
        c: {"value": as_float(whatif.value[i, j]), "change": as_float(whatif.change[i, j])}
        for j, c in enumerate(whatif.indicator_codes)
        if not np.isnan(whatif.value[i, j])
    }


def _unit(a: Analysis, i: int, code: str, nomination: Nomination) -> dict[str, Any]:
    """The results of the ``i``-th unit."""
    res, data = a.res, a.data
    cat_codes = list(res.aggregate_codes[:-1])
    crit_codes = res.indicator_codes
    return {
        "code": code,
        "name": data.names[i] if data.names else code,
        "nomination": nomination.pk,
        "score": as_float(res.index_scores[i]),
        "rank": as_float(res.index_ranks[i]),
        "categories": {c: as_float(res.scores[i, j]) for j, c in enumerate(cat_codes)},
        "category_ranks": {c: as_float(res.ranks[i, j]) for j, c in enumerate(cat_codes)},
        "values": {c: as_float(data.column(c)[i]) for c in crit_codes},
        "normalised": {c: as_float(res.normalised[i, j]) for j, c in enumerate(crit_codes)},
        "contributions": {c: as_float(res.contributions[i, j]) for j, c in enumerate(crit_codes)},
        "interval": None if a.ua is None else _interval(a.ua, i),
        "whatif": {} if a.whatif is None else _whatif(a.whatif, i),
    }


def _sensitivity(sa: Any) -> dict[str, Any] | None:
    if sa is None:
        return None
    return {
        "factors": list(sa.factors),
        "first_order": [as_float(x) for x in sa.si],
        "total": [as_float(x) for x in sa.sti],
        "first_order_ci": _ci(sa.si_ci),
        "total_ci": _ci(sa.sti_ci),
        "n": sa.n,
        "runs": sa.runs,
    }


def results(
    a: Analysis, criteria: list[Criterion], nominations: list[Nomination]
) -> dict[str, Any]:
    """The JSON results of a run: units sorted by rank, categories, criteria, notes, the
    sensitivity analysis and the checks."""
    units = [_unit(a, i, code, nominations[i]) for i, code in enumerate(a.res.units)]
    units.sort(key=lambda u: (u["rank"] is None, u["rank"] or 0, u["code"]))
    return {
        "index": INDEX,
        "categories": [{"code": g.code, "name": g.name} for g in a.method.aggregates[:-1]],
        "criteria": [
            {"code": c.code, "name": c.name, "category": c.category.code, "source": c.source}
            for c in criteria
        ],
        "units": units,
        "notes": [problem_text(n) for n in a.res.notes],
        "sensitivity": _sensitivity(a.sa),
        "checks": [saved_check(c) for c in a.checks],
    }


def snapshot(
    edition: Edition,
    version: MethodologyVersion,
    criteria: list[Criterion],
    a: Analysis,
    seed: int,
    replications: int,
) -> dict[str, Any]:
    """The inputs of a run, enough to reproduce it."""
    method, data = a.method, a.data
    return {
        "engine_version": engines.__version__,
        "methodology": snapshot_of(version, criteria),
        "weights": {i.code: i.weight for i in method.indicators}
        | {g.code: g.weight for g in method.aggregates},
        "data_year": edition.data_year,
        "data": {
            "units": list(data.units),
            "columns": {c: [as_float(v) for v in data.column(c)] for c in data.columns},
        },
        "seed": seed,
        "replications": replications,
    }
