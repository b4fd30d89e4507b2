"""The adapter between planning models and the allocation engine (the only one).

Rows -> :class:`PlanProblem` (``build_problem``); engine dataclasses <-> JSON through
:mod:`akkopsi.planning.snapshot` (``encode`` / ``decode``, lossless: Decimal stays Decimal,
frozensets and enums come back as they were);
a solve -> a saved :class:`SolveResult` with the snapshot of its inputs and
``engines.__version__`` (``run``; many scenarios: the job ``planning.solve``, ADR 0054), so
any result can be reproduced (``reproduce``).

Shares are stored in percent and go to the engine as fractions; money is Decimal rupiah.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from decimal import Decimal
from functools import cache
from typing import Any

from django.db.models import QuerySet

from akkopsi import engines
from akkopsi.accounts.models import User
from akkopsi.engines import allocation
from akkopsi.engines.allocation import (
    ApbdRule,
    ApbdRuleMode,
    Catalogue,
    Facility,
    InvalidPlan,
    Option,
    PlanProblem,
    PlanResult,
    Source,
    SubSector,
    Target,
    TargetKind,
    default_catalogue,
)
from akkopsi.planning.engine_messages import PlannerError
from akkopsi.planning.models import CatalogueOverride, Plan, Scenario, SolveResult
from akkopsi.planning.snapshot import decode, encode
from akkopsi.regions.models import Population

HUNDRED = Decimal(100)
APBD_SOURCE = "apbd_kabkota"


@cache
def catalogue() -> Catalogue:
    """The default catalogue (ladders, options, facilities, funding rules)."""
    return default_catalogue()


def split_households(households: int, percents: list[Decimal]) -> tuple[int, ...]:
    """Households per step from percentages adding up to 100 (largest remainder, exact sum)."""
    raw = [Decimal(households) * p / HUNDRED for p in percents]
    out = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - out[i]), i))
    for i in order[: households - sum(out)]:
        out[i] += 1
    return tuple(out)


def _allowed(rule: frozenset[str] | None, present: set[str]) -> frozenset[str] | None:
    return None if rule is None else frozenset(rule & present)


def with_interim_targets(
    targets: tuple[Target, ...], subs: tuple[SubSector, ...], base_year: int, households: int
) -> tuple[Target, ...]:
    """The targets plus one for every plan year without one, on a straight line.

    For each sub-sector, step and kind, a year without a target before a target year gets
    a share on the straight line from the previous point (the previous target, else the
    base-year share) to that target. Only lines towards a target that asks for more than
    the base year has; shares are rounded to 1e-4. Years after the last target get none.
    """
    ladders = {s.id: s for s in subs}
    points: dict[tuple[str, str, TargetKind], dict[int, Decimal]] = defaultdict(dict)
    for t in targets:
        points[t.sub_sector, t.step, TargetKind(t.kind)][t.year] = Decimal(t.share)
    out = list(targets)
    for (sub_id, step, kind), by_year in points.items():
        sub = ladders.get(sub_id)
        if sub is None or step not in sub.steps:
            continue  # the engine names the bad input
        k = sub.steps.index(step)
        part = sub.baseline[: k + 1] if kind is TargetKind.AT_MOST else sub.baseline[k:]
        base = Decimal(sum(part)) / Decimal(households)
        prev_year, prev_share = base_year, base
        for year in sorted(by_year):
            goal = by_year[year]
            if (goal > base) if kind is TargetKind.AT_LEAST else (goal < base):
                span = Decimal(year - prev_year)
                for y in range(prev_year + 1, year):
                    share = prev_share + (goal - prev_share) * Decimal(y - prev_year) / span
                    out.append(Target(sub_id, step, y, share.quantize(Decimal("0.0001")), kind))
            prev_year, prev_share = year, goal
    return tuple(out)


def registry_household_series(plan: Plan) -> tuple[int, ...]:
    """Households in each plan year from the member's population in the region registry.

    Households follow the population relative to the base year (``households x P(y) /
    P(base)``, so the household size of the plan holds). A year missing from the registry
    continues from the last registered year at the average yearly growth of the series
    (its last five registered years; the plan's growth rate when there is only one). A
    falling population keeps the households of the year before (the engine does not model
    households leaving). One query.
    """
    pops = dict(
        Population.objects.filter(regency_id=plan.member.regency_id).values_list(
            "year", "population"
        )
    )
    base_pop = pops.get(plan.base_year) or plan.population
    if not base_pop:
        raise InvalidPlan(
            PlannerError.NO_BASE_POPULATION, where="household_series", year=plan.base_year
        )
    known = sorted(y for y in pops if y <= plan.years[-1])
    recent = [y for y in known if y <= plan.base_year][-5:] or known[:1]
    if len(recent) >= 2 and pops[recent[0]] > 0:
        growth = (pops[recent[-1]] / pops[recent[0]]) ** (1 / (recent[-1] - recent[0])) - 1
    else:
        growth = float(plan.growth_percent / HUNDRED)
    out: list[int] = []
    prev = plan.households
    for year in plan.years:
        if year in pops:
            pop = float(pops[year])
        else:
            last = max((y for y in known if y < year), default=None)
            start, start_pop = (
                (last, pops[last]) if last is not None else (plan.base_year, base_pop)
            )
            pop = float(start_pop) * (1 + growth) ** (year - start)
        prev = max(prev, round(plan.households * pop / float(base_pop)))
        out.append(prev)
    return tuple(out)


#: Fields of :class:`CatalogueOverride` -> fields of the engine's Option / Facility.
OPTION_FIGURES = {
    "capital_cost": "capital_cost_per_household",
    "operating_cost": "operating_cost_per_household",
    "lifetime_years": "lifetime_years",
}
FACILITY_FIGURES = {
    "capital_cost": "capital_cost_per_plant",
    "operating_cost": "operating_cost_per_plant",
    "lifetime_years": "lifetime_years",
    "capacity_households": "capacity_households",
}


def _with_figures(item: Any, row: CatalogueOverride | None, figures: dict[str, str]) -> Any:
    """``item`` (an Option or Facility) with the member's own figures where given."""
    if row is None:
        return item
    changes = {
        target: getattr(row, field)
        for field, target in figures.items()
        if getattr(row, field) is not None
    }
    return replace(item, **changes)


def member_catalogue(member_id: int) -> tuple[tuple[Option, ...], tuple[Facility, ...]]:
    """The default options and facilities with the member's own figures (one query)."""
    cat = catalogue()
    rows = {r.item: r for r in CatalogueOverride.objects.filter(member_id=member_id)}
    options = tuple(_with_figures(o, rows.get(o.id), OPTION_FIGURES) for o in cat.options)
    facilities = tuple(_with_figures(f, rows.get(f.id), FACILITY_FIGURES) for f in cat.facilities)
    return options, facilities


def sub_sectors(plan: Plan) -> list[SubSector]:
    """The plan's ladders with its base-year households on each step (one query)."""
    shares = {(b.sub_sector, b.step): b.percent for b in plan.baseline.all()}
    subs = []
    for ladder in catalogue().ladders:
        percents = [shares.get((ladder.id, s), Decimal(0)) for s in ladder.steps]
        if sum(percents) != HUNDRED:
            raise InvalidPlan(
                PlannerError.BASELINE_PERCENT_SUM,
                where=f"sub_sectors[{ladder.id}].baseline",
                ladder=ladder.name,
                total=str(sum(percents)),
            )
        subs.append(
            SubSector(
                ladder.id, ladder.name, ladder.steps, split_households(plan.households, percents)
            )
        )
    return subs


def interim_preview(
    plan: Plan, targets: list[tuple[str, str, str, int, Decimal]]
) -> dict[tuple[str, str, str, int], Decimal]:
    """The interim targets (percent) that a solve would add to ``targets`` (for the editor)."""
    try:
        subs = tuple(sub_sectors(plan))
    except InvalidPlan:
        return {}
    given = tuple(Target(s, k, y, p / HUNDRED, TargetKind(kind)) for s, k, kind, y, p in targets)
    return {
        (t.sub_sector, t.step, TargetKind(t.kind).value, t.year): Decimal(t.share) * HUNDRED
        for t in with_interim_targets(given, subs, plan.base_year, plan.households)[len(given) :]
    }


def _scenario_options(scenario: Scenario, member_options: tuple[Option, ...]) -> list[Option]:
    """The member's options with the scenario's overrides (disabled ones left out)."""
    overrides = {o.option: o for o in scenario.overrides.all()}
    options = []
    for option in member_options:
        o = overrides.get(option.id)
        if o is None:
            options.append(option)
            continue
        if not o.enabled:
            continue
        changes: dict[str, Any] = {}
        if o.capital_cost_per_household is not None:
            changes["capital_cost_per_household"] = o.capital_cost_per_household
        if o.operating_cost_per_household is not None:
            changes["operating_cost_per_household"] = o.operating_cost_per_household
        if o.max_households_per_year is not None:
            changes["max_households_per_year"] = o.max_households_per_year
        options.append(replace(option, **changes))
    return options


def _sources(scenario: Scenario, years: tuple[int, ...], present: set[str]) -> tuple[Source, ...]:
    """One source per funding rule, with the scenario's envelope per plan year."""
    money = {(e.source, e.year): e.amount for e in scenario.envelopes.all()}
    return tuple(
        Source(
            rule.id,
            rule.name,
            tuple(money.get((rule.id, y), Decimal(0)) for y in years),
            _allowed(rule.capital_for, present),
            _allowed(rule.operating_for, present),
        )
        for rule in catalogue().funding_rules
    )


def _apbd_rule(scenario: Scenario, years: tuple[int, ...]) -> ApbdRule | None:
    """The 2% rule when the scenario gives an APBD total for some plan year."""
    apbd = {a.year: a.amount for a in scenario.apbd.all()}
    if not any(apbd.get(y) for y in years):
        return None
    return ApbdRule(
        tuple(apbd.get(y, Decimal(0)) for y in years),
        APBD_SOURCE,
        scenario.apbd_min_percent / HUNDRED,
        ApbdRuleMode(scenario.apbd_mode),
    )


def build_problem(scenario: Scenario) -> PlanProblem:
    """The engine's input for ``scenario`` (4-8 queries; prefetched relations are used).

    Options and facilities: the default catalogue, then the member's own figures
    (:class:`CatalogueOverride`), then the scenario's overrides on top.
    """
    plan = scenario.plan
    member_options, member_facilities = member_catalogue(plan.member_id)
    years = tuple(plan.years)
    subs = sub_sectors(plan)
    options = _scenario_options(scenario, member_options)
    facilities = tuple(
        replace(f, existing_spare_capacity=plan.iplt_spare_households) if f.id == "iplt" else f
        for f in member_facilities
    )
    present = {o.id for o in options} | {f.id for f in facilities}
    sources = _sources(scenario, years, present)
    targets = tuple(
        Target(t.sub_sector, t.step, t.year, t.percent / HUNDRED, TargetKind(t.kind))
        for t in scenario.targets.all()
    )
    if scenario.interim_targets:
        targets = with_interim_targets(targets, tuple(subs), plan.base_year, plan.households)
    rule = _apbd_rule(scenario, years)
    return PlanProblem(
        base_year=plan.base_year,
        households=plan.households,
        sub_sectors=tuple(subs),
        options=tuple(options),
        sources=sources,
        targets=targets,
        facilities=facilities,
        horizon=plan.horizon,
        growth_rate=plan.growth_percent / HUNDRED,
        household_series=registry_household_series(plan) if plan.use_population_series else None,
        discount_rate=plan.discount_percent / HUNDRED,
        apbd_rule=rule,
    )


# --------------------------------------------------------------------------- results


def item_sub_sectors(problem: PlanProblem) -> dict[str, str]:
    """Option and facility id -> sub-sector (a facility: that of the options using it)."""
    out = {o.id: o.sub_sector for o in problem.options}
    for o in problem.options:
        if o.facility:
            out.setdefault(o.facility, o.sub_sector)
    return out


def totals(problem: PlanProblem, result: PlanResult) -> dict[str, Any]:
    """Planned and gap by source and by sub-sector, as rupiah strings (for roll-ups).

    The gap of a sub-sector is the extra money shared to its options and facilities
    (``PlanResult.extra_funding_by_item``)."""
    subs = item_sub_sectors(problem)
    by_source: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    by_sub: dict[str, Decimal] = defaultdict(Decimal)
    gap_sub: dict[str, Decimal] = defaultdict(Decimal)
    for share in result.extra_funding_by_item:
        gap_sub[subs.get(share.item, "")] += share.rupiah
    for row in result.spending:
        by_source[row.source][0] += row.total
    for extra in result.extra_funding:
        by_source[extra.source][1] += extra.rupiah
    for line in result.program:
        if line.source is not None:
            by_sub[subs.get(line.item, "")] += line.rupiah
    return {
        "by_source": {s: [str(p), str(g)] for s, (p, g) in sorted(by_source.items())},
        "by_sub_sector": {s: str(v) for s, v in sorted(by_sub.items())},
        "gap_by_sub_sector": {s: str(v) for s, v in sorted(gap_sub.items())},
    }


def result_row(
    scenario: Scenario, problem: PlanProblem, result: PlanResult, *, by: User | None = None
) -> SolveResult:
    """The unsaved :class:`SolveResult` of one solve (inputs snapshot, result, totals)."""
    planned = sum((row.total for row in result.spending), Decimal(0))
    return SolveResult(
        scenario=scenario,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        engine_version=engines.__version__,
        inputs=encode(problem),
        result=encode(result),
        planned_total=planned,
        gap_total=result.extra_funding_total,
        targets_met=all(t.met for t in result.targets),
        households_moved=round(result.households_moved),
        totals=totals(problem, result),
    )


def run(scenario: Scenario, *, by: User | None = None) -> SolveResult:
    """Solve ``scenario`` and save the result (InvalidPlan/InfeasiblePlan propagate)."""
    problem = build_problem(scenario)
    row = result_row(scenario, problem, allocation.solve(problem), by=by)
    row.save()
    return row


def load(saved: SolveResult) -> tuple[PlanProblem, PlanResult]:
    return decode(saved.inputs), decode(saved.result)


def reproduce(saved: SolveResult) -> PlanResult:
    """Solve the saved inputs again (same engine version -> the same result)."""
    return allocation.solve(decode(saved.inputs))


def unsolved() -> QuerySet[Scenario]:
    """Scenarios never solved (a new plan, or the demo's plans before ``solve_plans``)."""
    return Scenario.objects.filter(results__isnull=True)
