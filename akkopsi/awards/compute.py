"""The only module translating award models <-> composite-engine types.

``to_methodology`` turns a MethodologyVersion into the engine's Methodology; ``gather``
reads the nominated members' verified catalogue values for the data year and the mean
jury score per criterion into an IndicatorTable; ``run`` computes scores, ranks,
contributions, a seeded uncertainty analysis and "what would it take", and saves a
ResultRun with a JSON snapshot of the inputs, the weights and the engine version.
"""

from __future__ import annotations

import math
from collections import defaultdict
from statistics import mean
from typing import Any

import numpy as np

from akkopsi import engines
from akkopsi.awards.models import (
    Criterion,
    Edition,
    JuryScore,
    MethodologyVersion,
    Nomination,
    ResultRun,
    Source,
)
from akkopsi.data import queries
from akkopsi.engines.composite import (
    Aggregate,
    Indicator,
    IndicatorTable,
    Methodology,
    MissingPolicy,
    Normalisation,
    Treatment,
    UncertaintySpec,
    compare,
    compute,
    sensitivity,
    uncertainty,
    what_would_it_take,
)

INDEX = "INDEX"
DEFAULT_REPLICATIONS = 1000
#: Base samples of the sensitivity analysis: N (d + 2) runs, d = 2 uncertain inputs.
SENSITIVITY_N = 250


def uncertainty_spec(version: MethodologyVersion) -> UncertaintySpec:
    """The uncertainty analysis: every criterion and category weight varies uniformly
    within +-``weight_noise`` of its value (COINr ``get_noisy_weights``)."""
    noise = float(version.weight_noise)
    return UncertaintySpec(weight_noise=((1, noise), (2, noise)))


def sensitivity_spec(version: MethodologyVersion) -> UncertaintySpec:
    """The sensitivity analysis: the weights as above, and the normalisation (as in the
    methodology, or ranks, which stay positive so geometric means remain defined)."""
    noise = float(version.weight_noise)
    return UncertaintySpec(
        weight_noise=((1, noise), (2, noise)), normalisations=(None, Normalisation.rank())
    )


def _criteria(version: MethodologyVersion) -> list[Criterion]:
    return list(
        Criterion.objects.filter(category__methodology=version)
        .select_related("category", "indicator")
        .order_by("category__position", "category__code", "position", "code")
    )


def _normalisation(c: Criterion) -> Normalisation:
    lower, upper = c.lower, c.upper
    if c.source == Source.JURY and c.rubric_scores:
        lower = min(c.rubric_scores) if lower is None else lower
        upper = max(c.rubric_scores) if upper is None else upper
    if c.normalisation == "goalposts":
        return Normalisation.goalposts(float(lower or 0), float(upper or 100), scale=100.0)
    if c.normalisation == "zscore":
        return Normalisation.zscore()
    if c.normalisation == "rank":
        return Normalisation.rank()
    if c.normalisation == "dist2targ":
        return Normalisation.dist2targ(float(c.target or 0), cap=True, scale=100.0)
    return Normalisation.minmax(0.0, 100.0)


def _bounds(c: Criterion) -> tuple[float | None, float | None]:
    if c.source == Source.JURY and c.rubric_scores:
        return (min(c.rubric_scores), max(c.rubric_scores))
    if c.indicator is not None:
        return (float(c.indicator.min_value), float(c.indicator.max_value))
    return (None, None)


def to_methodology(
    version: MethodologyVersion, criteria: list[Criterion] | None = None
) -> Methodology:
    """The engine's Methodology for ``version``: criteria (Level 1) -> categories (Level 2,
    those with at least one criterion) -> the index (Level 3)."""
    criteria = _criteria(version) if criteria is None else criteria
    indicators = tuple(
        Indicator(
            c.code,
            c.category.code,
            name=c.name,
            direction=c.direction,
            weight=float(c.weight),
            transform=c.transform,  # type: ignore[arg-type]
            treatment=Treatment.winsorise()
            if version.winsorise and c.source == Source.CATALOGUE
            else Treatment(),
            normalisation=_normalisation(c),
            bounds=_bounds(c),
        )
        for c in criteria
    )
    seen: dict[str, Any] = {}
    for c in criteria:
        seen.setdefault(c.category.code, c.category)
    aggregates = [
        Aggregate(
            cat.code,
            2,
            INDEX,
            name=cat.name,
            weight=float(cat.weight),
            aggregation=cat.aggregation,
            missing=MissingPolicy(cat.missing, min_coverage=float(cat.min_coverage)),
        )
        for cat in seen.values()
    ]
    aggregates.append(
        Aggregate(INDEX, 3, None, name=version.name, aggregation=version.index_aggregation)
    )
    return Methodology(indicators, tuple(aggregates), name=str(version))


def _f(x: Any) -> float | None:
    if x is None:
        return None
    x = float(x)
    return None if math.isnan(x) else round(x, 6)


def units_of(edition: Edition) -> list[Nomination]:
    """The eligible nominations, in a fixed order."""
    return list(
        Nomination.objects.filter(edition=edition, eligible=True)
        .select_related("member__regency")
        .order_by("member__regency_id")
    )


def gather(
    edition: Edition, criteria: list[Criterion], nominations: list[Nomination]
) -> IndicatorTable:
    """Verified catalogue values of the data year and mean jury scores (by criterion code)."""
    member_ids = [n.member_id for n in nominations]
    catalogue = sorted({c.indicator.code for c in criteria if c.indicator is not None})
    vals = queries.values(catalogue, members=member_ids, years=[edition.data_year])
    jury: dict[tuple[int, str], list[float]] = defaultdict(list)
    for nom_id, code, score in JuryScore.objects.filter(
        nomination__in=[n.pk for n in nominations]
    ).values_list("nomination_id", "criterion__code", "score"):
        jury[(nom_id, code)].append(float(score))
    columns: dict[str, list[float | None]] = {}
    for c in criteria:
        if c.code in columns:
            continue
        if c.source == Source.JURY:
            columns[c.code] = [
                mean(jury[(n.pk, c.code)]) if jury.get((n.pk, c.code)) else None
                for n in nominations
            ]
        else:
            assert c.indicator is not None
            series = vals.get(c.indicator.code, {})
            columns[c.code] = [
                None if (v := series.get((n.member_id, edition.data_year))) is None else float(v)
                for n in nominations
            ]
    return IndicatorTable.from_columns(
        [n.member.code for n in nominations],
        columns,
        names=[n.member.regency.display_name for n in nominations],
    )


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
        "categories": list(cats.values()),
    }


def run(
    edition: Edition,
    *,
    replications: int = DEFAULT_REPLICATIONS,
    seed: int | None = None,
    by: Any = None,
) -> ResultRun:
    """Compute the edition's results and save them with their inputs."""
    version = edition.methodology
    criteria = _criteria(version)
    method = to_methodology(version, criteria)
    nominations = units_of(edition)
    data = gather(edition, criteria, nominations)
    seed = edition.year if seed is None else seed
    res = compute(data, method)
    ua = sa = None
    noise = float(version.weight_noise)
    if replications and len(nominations) > 1 and noise > 0:
        ua = uncertainty(data, method, uncertainty_spec(version), replications, seed)
        n_sa = max(2, min(SENSITIVITY_N, replications // 4))  # about as many runs as the UA
        sa = sensitivity(data, method, sensitivity_spec(version), n_sa, seed)
    whatif = what_would_it_take(data, method) if len(nominations) > 1 else None
    cat_codes = list(res.aggregate_codes[:-1])
    units = []
    for i, code in enumerate(res.units):
        unit: dict[str, Any] = {
            "code": code,
            "name": data.names[i] if data.names else code,
            "nomination": nominations[i].pk,
            "score": _f(res.index_scores[i]),
            "rank": _f(res.index_ranks[i]),
            "categories": {c: _f(res.scores[i, j]) for j, c in enumerate(cat_codes)},
            "category_ranks": {c: _f(res.ranks[i, j]) for j, c in enumerate(cat_codes)},
            "values": {c: _f(data.column(c)[i]) for c in res.indicator_codes},
            "normalised": {c: _f(res.normalised[i, j]) for j, c in enumerate(res.indicator_codes)},
            "contributions": {
                c: _f(res.contributions[i, j]) for j, c in enumerate(res.indicator_codes)
            },
            "interval": None,
            "whatif": {},
        }
        if ua is not None:
            unit["interval"] = {
                "median": _f(ua.median[i]),
                "q5": _f(ua.q5[i]),
                "q95": _f(ua.q95[i]),
                "mean": _f(ua.mean[i]),
            }
        if whatif is not None:
            unit["whatif"] = {
                c: {"value": _f(whatif.value[i, j]), "change": _f(whatif.change[i, j])}
                for j, c in enumerate(whatif.indicator_codes)
                if not np.isnan(whatif.value[i, j])
            }
        units.append(unit)
    units.sort(key=lambda u: (u["rank"] is None, u["rank"] or 0, u["code"]))
    results = {
        "index": INDEX,
        "categories": [{"code": a.code, "name": a.name} for a in method.aggregates[:-1]],
        "criteria": [
            {"code": c.code, "name": c.name, "category": c.category.code, "source": c.source}
            for c in criteria
        ],
        "units": units,
        "notes": list(res.notes),
        "sensitivity": None
        if sa is None
        else {
            "factors": list(sa.factors),
            "first_order": [_f(x) for x in sa.si],
            "total": [_f(x) for x in sa.sti],
            "n": sa.n,
            "runs": sa.runs,
        },
    }
    snapshot = {
        "engine_version": engines.__version__,
        "methodology": snapshot_of(version, criteria),
        "weights": {i.code: i.weight for i in method.indicators}
        | {a.code: a.weight for a in method.aggregates},
        "data_year": edition.data_year,
        "data": {
            "units": list(data.units),
            "columns": {c: [_f(v) for v in data.column(c)] for c in data.columns},
        },
        "seed": seed,
        "replications": replications if ua is not None else 0,
    }
    return ResultRun.objects.create(
        edition=edition,
        methodology=version,
        computed_by=by,
        engine_version=engines.__version__,
        seed=seed,
        replications=replications if ua is not None else 0,
        snapshot=snapshot,
        results=results,
    )


def compare_versions(edition: Edition, version_b: MethodologyVersion) -> list[dict[str, Any]]:
    """The edition's methodology and ``version_b`` on the same data: rank shift per unit
    (positive = moves up under B), sorted by B's rank."""
    crit_a = _criteria(edition.methodology)
    crit_b = _criteria(version_b)
    nominations = units_of(edition)
    if not nominations:
        return []
    data = gather(edition, crit_a + crit_b, nominations)
    cmp = compare(
        data, to_methodology(edition.methodology, crit_a), to_methodology(version_b, crit_b)
    )
    rows = [
        {
            "code": code,
            "name": data.names[i] if data.names else code,
            "score_a": _f(cmp.score_a[i]),
            "score_b": _f(cmp.score_b[i]),
            "rank_a": _f(cmp.rank_a[i]),
            "rank_b": _f(cmp.rank_b[i]),
            "shift": _f(cmp.shift[i]),
        }
        for i, code in enumerate(cmp.units)
    ]
    rows.sort(key=lambda r: (r["rank_b"] is None, r["rank_b"] or 0, r["code"]))
    return rows
