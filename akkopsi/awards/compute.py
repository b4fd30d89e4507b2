"""The only module translating award models <-> composite-engine types.

``to_methodology`` turns a MethodologyVersion into the engine's Methodology (manual or
AHP weights, denominators, the tie-break rule); ``methodology_for`` adds the PCA weights,
which need the data; ``gather`` reads the nominated members' verified catalogue values
(and denominators) for the data year and the mean jury score per criterion into an
IndicatorTable; ``run`` computes scores, ranks, contributions, a seeded uncertainty and
sensitivity analysis over the methodology's uncertain choices and "what would it take",
and saves a ResultRun with a JSON snapshot of the inputs, the weights and the engine
version.
"""

from __future__ import annotations

from collections import defaultdict
from statistics import mean
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from akkopsi import engines
from akkopsi.accounts.models import User
from akkopsi.awards import runs
from akkopsi.awards.models import (
    Category,
    Criterion,
    Edition,
    JuryScore,
    MethodologyVersion,
    Nomination,
    ResultRun,
    Source,
    Weighting,
)
from akkopsi.awards.runs import INDEX, as_float
from akkopsi.awards.services import refusal
from akkopsi.data import queries
from akkopsi.engines.composite import (
    Aggregate,
    AHPResult,
    AnalysisCheck,
    Imputation,
    Indicator,
    IndicatorTable,
    Methodology,
    MethodologyError,
    MissingPolicy,
    Normalisation,
    Treatment,
    UncertaintySpec,
    ahp_weights,
    check_analysis,
    compare,
    compute,
    pca_weights,
    sensitivity,
    uncertainty,
    what_would_it_take,
)

#: Replications of the uncertainty analysis; the first is the methodology itself.
DEFAULT_REPLICATIONS = 1000
#: Base samples N of the sensitivity analysis (N (d + 2) runs, d uncertain inputs), tried
#: in turn until the Sobol checks pass (:func:`akkopsi.engines.composite.check_analysis`).
SENSITIVITY_SIZES = (1000, 2000, 4000)


#: The normalisation alternatives of the uncertainty analysis, applied to every criterion.
#: Both stay positive, so geometric means remain defined.
NORMALISATIONS = {"minmax": Normalisation.minmax(1.0, 100.0), "rank": Normalisation.rank()}


def uncertainty_spec(version: MethodologyVersion) -> UncertaintySpec:
    """The methodology's uncertain choices, sampled uniformly (COINr): every criterion and
    category weight within +-``weight_noise`` of its value (``get_noisy_weights``), and
    the normalisation, aggregation and imputation alternatives chosen in the version,
    each beside the methodology's own choice (so that the methodology itself is one of
    the combinations sampled). A geometric mean drawn with a normalisation that gives
    zeros (the methodology's own min-max 0-100) uses the first positive alternative
    (see :func:`akkopsi.engines.composite._uncertainty.replicate`)."""
    noise = float(version.weight_noise)
    norms = tuple(NORMALISATIONS[n] for n in version.uncertain_normalisations)
    aggs: tuple[Any, ...] = tuple(dict.fromkeys([None, *version.uncertain_aggregations]))
    normalisations: tuple[Normalisation | None, ...] = (None, *norms) if norms else ()
    imps = [Imputation(m) for m in version.uncertain_imputations if m != "none"]
    return UncertaintySpec(
        weight_noise=((1, noise), (2, noise)) if noise > 0 else (),
        normalisations=normalisations,
        aggregations=aggs if len(aggs) > 1 else (),
        imputations=(Imputation(), *imps) if imps else (),
    )


def _criteria(version: MethodologyVersion) -> list[Criterion]:
    return list(
        Criterion.objects.filter(category__methodology=version)
        .select_related("category", "indicator", "denominator")
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


def _den(c: Criterion) -> str | None:
    """The data column of a criterion's denominator."""
    return None if c.denominator is None else f"~{c.denominator.code}"


def _categories(criteria: list[Criterion]) -> list[Category]:
    """The categories with at least one criterion, in order."""
    seen: dict[str, Category] = {}
    for c in criteria:
        seen.setdefault(c.category.code, c.category)
    return list(seen.values())


def ahp_order(version: MethodologyVersion, category: Category | None = None) -> list[str]:
    """The codes in the order of the rows of a pairwise comparison matrix: the criteria of
    ``category``, or the categories (those with criteria) of ``version``."""
    criteria = _criteria(version)
    if category is not None:
        return [c.code for c in criteria if c.category_id == category.pk]
    return [c.code for c in _categories(criteria)]


def _ahp(where: str, matrix: Any, labels: list[str]) -> AHPResult:
    if len(matrix) != len(labels):
        raise MethodologyError(
            f"matriks perbandingan berpasangan {where} berukuran {len(matrix)}, harus "
            f"{len(labels)} ({', '.join(labels)})",
            field="Weight",
        )
    return ahp_weights(matrix, labels)


def ahp_results(
    version: MethodologyVersion, criteria: list[Criterion] | None = None
) -> dict[str, AHPResult]:
    """AHP weights with their consistency ratio: per category weighted by AHP (its code)
    and for the categories themselves (the index code)."""
    criteria = _criteria(version) if criteria is None else criteria
    cats = _categories(criteria)
    out: dict[str, AHPResult] = {}
    for cat in cats:
        if cat.weighting == Weighting.AHP:
            codes = [c.code for c in criteria if c.category_id == cat.pk]
            out[cat.code] = _ahp(f"kategori {cat.code}", cat.pairwise, codes)
    if version.category_weighting == Weighting.AHP:
        out[INDEX] = _ahp("kategori", version.category_pairwise, [c.code for c in cats])
    return out


def to_methodology(
    version: MethodologyVersion, criteria: list[Criterion] | None = None
) -> Methodology:
    """The engine's Methodology for ``version``: criteria (Level 1) -> categories (Level 2,
    those with at least one criterion) -> the index (Level 3), with manual or AHP
    weights (PCA weights need the data: :func:`methodology_for`)."""
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
            denominator=_den(c),
        )
        for c in criteria
    )
    aggregates = [
        Aggregate(
            cat.code,
            2,
            INDEX,
            name=cat.name,
            weight=float(cat.weight),
            aggregation=cat.aggregation,  # type: ignore[arg-type]
            missing=MissingPolicy(cat.missing, min_coverage=float(cat.min_coverage)),  # type: ignore[arg-type]
        )
        for cat in _categories(criteria)
    ]
    aggregates.append(
        Aggregate(
            INDEX,
            3,
            None,
            name=version.name,
            aggregation=version.index_aggregation,  # type: ignore[arg-type]
        )
    )
    method = Methodology(
        indicators, tuple(aggregates), name=str(version), tie_break=tuple(version.tie_break_codes)
    )
    weights: dict[str, float] = {}
    for ahp in ahp_results(version, criteria).values():
        weights |= ahp.as_dict()
    return method.with_weights(weights) if weights else method


def methodology_for(
    version: MethodologyVersion, criteria: list[Criterion], data: IndicatorTable
) -> Methodology:
    """:func:`to_methodology` with the PCA weights computed on ``data`` (COINr
    ``get_PCA``): first the criteria of the categories weighted by PCA, then the
    categories when the version weights them by PCA."""
    method = to_methodology(version, criteria)
    cats = _categories(criteria)
    levels = []
    if any(c.weighting == Weighting.PCA for c in cats):
        levels.append((1, {c.code for c in criteria if c.category.weighting == Weighting.PCA}))
    if version.category_weighting == Weighting.PCA:
        levels.append((2, {c.code for c in cats}))
    for level, codes in levels:
        pca = pca_weights(compute(data, method), level)
        weights = {k: w for k, w in pca.weights.items() if k in codes}
        bad = sorted(k for k, w in weights.items() if not w > 0)
        if bad:
            raise MethodologyError(
                f"PCA memberi bobot tidak positif untuk {', '.join(bad)}; pilih bobot manual "
                "atau AHP",
                field="Weight",
            )
        method = method.with_weights(weights)
    return method


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
    catalogue = sorted(
        {c.indicator.code for c in criteria if c.indicator is not None}
        | {c.denominator.code for c in criteria if c.denominator is not None}
    )
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
        den = _den(c)
        if den is not None and den not in columns:
            assert c.denominator is not None
            series = vals.get(c.denominator.code, {})
            columns[den] = [
                None if (v := series.get((n.member_id, edition.data_year))) is None else float(v)
                for n in nominations
            ]
    return IndicatorTable.from_columns(
        [n.member.code for n in nominations],
        columns,
        names=[n.member.regency.display_name for n in nominations],
    )


def analyse(
    data: IndicatorTable,
    method: Methodology,
    spec: UncertaintySpec,
    replications: int,
    seed: int,
    sizes: tuple[int, ...] = SENSITIVITY_SIZES,
) -> tuple[Any, Any, tuple[AnalysisCheck, ...]]:
    """The uncertainty analysis (``replications`` runs of the very pipeline of the
    official result, the first being the methodology itself) and the sensitivity
    analysis with the first N of ``sizes`` whose checks pass (else the last), with the
    checks of both."""
    ua = uncertainty(data, method, spec, replications, seed)
    sa = None
    checks: tuple[AnalysisCheck, ...] = ()
    for n_sa in sizes:
        sa = sensitivity(data, method, spec, n_sa, seed)
        checks = check_analysis(ua, sa)
        if all(c.ok for c in checks):
            break
    return ua, sa, checks


def refuse_unreasoned(edition: Edition, reason: str) -> ResultRun | None:
    """The published result a recomputation replaces (None before publication); refused
    without a ``reason``."""
    if not edition.published:
        return None
    current = ResultRun.objects.filter(edition=edition, superseded_at__isnull=True).first()
    if current is not None and not reason.strip():
        raise ValidationError(
            {
                "reason": _(
                    "The results of this edition are published: give the reason to recompute them."
                )
            }
        )
    return current


def _save_run(edition: Edition, new: ResultRun, reason: str) -> ResultRun:
    """Save ``new``; every earlier current run (published or not) gives way to it."""
    with transaction.atomic():
        new.save()
        ResultRun.objects.filter(edition=edition, superseded_at__isnull=True).exclude(
            pk=new.pk
        ).update(
            superseded_at=timezone.now(),
            superseded_by=new,
            superseded_reason=reason.strip() or _("Recomputed before publication."),
        )
    return new


def run(
    edition: Edition,
    *,
    replications: int = DEFAULT_REPLICATIONS,
    seed: int | None = None,
    by: User | None = None,
    reason: str = "",
    sensitivity_sizes: tuple[int, ...] = SENSITIVITY_SIZES,
) -> ResultRun:
    """Compute the edition's results and save them with their inputs. Recomputing a
    published edition needs a ``reason`` and a result whose checks pass; the result it
    replaces is kept, marked superseded with the reason."""
    version = edition.methodology
    current = refuse_unreasoned(edition, reason)
    criteria = _criteria(version)
    nominations = units_of(edition)
    data = gather(edition, criteria, nominations)
    method = methodology_for(version, criteria, data)
    seed = edition.year if seed is None else seed
    res = compute(data, method)
    ua = sa = None
    checks: tuple[AnalysisCheck, ...] = ()
    spec = uncertainty_spec(version)
    if replications and len(nominations) > 1 and spec.factors:
        ua, sa, checks = analyse(data, method, spec, replications, seed, sensitivity_sizes)
    failed = [c for c in checks if not c.ok]
    if current is not None and failed:
        raise ValidationError(refusal(failed))
    whatif = what_would_it_take(data, method) if len(nominations) > 1 else None
    analysis = runs.Analysis(data, method, res, ua, sa, checks, whatif)
    replications = replications if ua is not None else 0
    new = ResultRun(
        edition=edition,
        methodology=version,
        computed_by=by,
        engine_version=engines.__version__,
        seed=seed,
        replications=replications,
        snapshot=runs.snapshot(edition, version, criteria, analysis, seed, replications),
        results=runs.results(analysis, criteria, nominations),
    )
    return _save_run(edition, new, reason)


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
        data,
        methodology_for(edition.methodology, crit_a, data),
        methodology_for(version_b, crit_b, data),
    )
    rows = [
        {
            "code": code,
            "name": data.names[i] if data.names else code,
            "score_a": as_float(cmp.score_a[i]),
            "score_b": as_float(cmp.score_b[i]),
            "rank_a": as_float(cmp.rank_a[i]),
            "rank_b": as_float(cmp.rank_b[i]),
            "shift": as_float(cmp.shift[i]),
        }
        for i, code in enumerate(cmp.units)
    ]
    rows.sort(key=lambda r: (r["rank_b"] is None, r["rank_b"] or 0, r["code"]))
    return rows
