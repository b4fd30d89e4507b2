"""The adapter between planning models and the allocation engine (the only one).

Rows -> :class:`PlanProblem` (``build_problem``); engine dataclasses <-> JSON (``encode`` /
``decode``, lossless: Decimal stays Decimal, frozensets and enums come back as they were);
a solve -> a saved :class:`SolveResult` with the snapshot of its inputs and
``engines.__version__`` (``run``), so any result can be reproduced (``reproduce``).

Shares are stored in percent and go to the engine as fractions; money is Decimal rupiah.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import fields, is_dataclass, replace
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any

from akkopsi import engines
from akkopsi.engines import allocation
from akkopsi.engines.allocation import (
    ApbdRule,
    ApbdRuleMode,
    Catalogue,
    InvalidPlan,
    PlanProblem,
    PlanResult,
    Source,
    SubSector,
    Target,
    TargetKind,
    default_catalogue,
)
from akkopsi.planning.models import Scenario, SolveResult

HUNDRED = Decimal(100)
APBD_SOURCE = "apbd_kabkota"

_TYPES: dict[str, type] = {
    name: obj
    for name in allocation.__all__
    if isinstance(obj := getattr(allocation, name), type)
    and (is_dataclass(obj) or issubclass(obj, Enum))
}


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
    """Each target plus one per earlier plan year on a straight line from the base-year share.

    Only where the target asks for more than the base year has; shares are rounded to 1e-4.
    Years that already carry a target of the same sub-sector, step and kind are left alone.
    """
    ladders = {s.id: s for s in subs}
    have = {(t.sub_sector, t.step, t.kind, t.year) for t in targets}
    out = list(targets)
    for t in targets:
        sub = ladders.get(t.sub_sector)
        if sub is None or t.step not in sub.steps:
            continue  # the engine names the bad input
        k = sub.steps.index(t.step)
        kind = TargetKind(t.kind)
        part = sub.baseline[: k + 1] if kind is TargetKind.AT_MOST else sub.baseline[k:]
        base = Decimal(sum(part)) / Decimal(households)
        goal = Decimal(t.share)
        if (goal <= base) if kind is TargetKind.AT_LEAST else (goal >= base):
            continue
        span = t.year - base_year
        for year in range(base_year + 1, t.year):
            if (t.sub_sector, t.step, kind, year) in have:
                continue
            share = base + (goal - base) * Decimal(year - base_year) / Decimal(span)
            out.append(Target(t.sub_sector, t.step, year, share.quantize(Decimal("0.0001")), kind))
            have.add((t.sub_sector, t.step, kind, year))
    return tuple(out)


def build_problem(scenario: Scenario) -> PlanProblem:
    """The engine's input for ``scenario`` (3-6 queries; prefetched relations are used)."""
    plan = scenario.plan
    cat = catalogue()
    years = plan.years
    shares = {(b.sub_sector, b.step): b.percent for b in plan.baseline.all()}
    subs = []
    for ladder in cat.ladders:
        percents = [shares.get((ladder.id, s), Decimal(0)) for s in ladder.steps]
        if sum(percents) != HUNDRED:
            raise InvalidPlan(
                f"persentase rumah tangga per anak tangga {ladder.name} berjumlah "
                f"{sum(percents)}, harus 100",
                where=f"sub_sectors[{ladder.id}].baseline",
            )
        subs.append(
            SubSector(
                ladder.id, ladder.name, ladder.steps, split_households(plan.households, percents)
            )
        )
    overrides = {o.option: o for o in scenario.overrides.all()}
    options = []
    for option in cat.options:
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
    facilities = tuple(
        replace(f, existing_spare_capacity=plan.iplt_spare_households) if f.id == "iplt" else f
        for f in cat.facilities
    )
    present = {o.id for o in options} | {f.id for f in facilities}
    money = {(e.source, e.year): e.amount for e in scenario.envelopes.all()}
    sources = tuple(
        Source(
            rule.id,
            rule.name,
            tuple(money.get((rule.id, y), Decimal(0)) for y in years),
            _allowed(rule.capital_for, present),
            _allowed(rule.operating_for, present),
        )
        for rule in cat.funding_rules
    )
    targets = tuple(
        Target(t.sub_sector, t.step, t.year, t.percent / HUNDRED, TargetKind(t.kind))
        for t in scenario.targets.all()
    )
    if scenario.interim_targets:
        targets = with_interim_targets(targets, tuple(subs), plan.base_year, plan.households)
    apbd = {a.year: a.amount for a in scenario.apbd.all()}
    rule = None
    if any(apbd.get(y) for y in years):
        rule = ApbdRule(
            tuple(apbd.get(y, Decimal(0)) for y in years),
            APBD_SOURCE,
            scenario.apbd_min_percent / HUNDRED,
            ApbdRuleMode(scenario.apbd_mode),
        )
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
        discount_rate=plan.discount_percent / HUNDRED,
        apbd_rule=rule,
    )


# ------------------------------------------------------------------------------ JSON


def encode(obj: Any) -> Any:
    """Engine dataclasses -> JSON, tagged so that :func:`decode` gives back an equal object."""
    if is_dataclass(obj) and not isinstance(obj, type):
        return {"@": type(obj).__name__} | {
            f.name: encode(getattr(obj, f.name)) for f in fields(obj)
        }
    if isinstance(obj, Enum):
        return {"@enum": type(obj).__name__, "v": obj.value}
    if isinstance(obj, Decimal):
        return {"@d": str(obj)}
    if isinstance(obj, frozenset):
        return {"@set": sorted(obj)}
    if isinstance(obj, tuple | list):
        return [encode(x) for x in obj]
    if isinstance(obj, float) and not math.isfinite(obj):
        return {"@f": repr(obj)}
    return obj


def decode(data: Any) -> Any:
    if isinstance(data, list):
        return tuple(decode(x) for x in data)
    if not isinstance(data, dict):
        return data
    if "@" in data:
        return _TYPES[data["@"]](**{k: decode(v) for k, v in data.items() if k != "@"})
    if "@enum" in data:
        return _TYPES[data["@enum"]](data["v"])
    if "@d" in data:
        return Decimal(data["@d"])
    if "@set" in data:
        return frozenset(data["@set"])
    if "@f" in data:
        return float(data["@f"])
    raise ValueError(f"unknown JSON tag in {sorted(data)}")


def plain(obj: Any) -> Any:
    """Engine dataclasses -> plain JSON for the API (money as decimal strings)."""
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: plain(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, Enum):
        return obj.value
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, frozenset):
        return sorted(obj)
    if isinstance(obj, tuple | list):
        return [plain(x) for x in obj]
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


# --------------------------------------------------------------------------- results


def item_sub_sectors(problem: PlanProblem) -> dict[str, str]:
    """Option and facility id -> sub-sector (a facility: that of the options using it)."""
    out = {o.id: o.sub_sector for o in problem.options}
    for o in problem.options:
        if o.facility:
            out.setdefault(o.facility, o.sub_sector)
    return out


def totals(problem: PlanProblem, result: PlanResult) -> dict[str, Any]:
    """Planned and gap by source, planned by sub-sector, as rupiah strings (for roll-ups)."""
    subs = item_sub_sectors(problem)
    by_source: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    by_sub: dict[str, Decimal] = defaultdict(Decimal)
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
    }


def run(scenario: Scenario, *, by: Any = None) -> SolveResult:
    """Solve ``scenario`` and save the result (InvalidPlan/InfeasiblePlan propagate)."""
    problem = build_problem(scenario)
    result = allocation.solve(problem)
    planned = sum((row.total for row in result.spending), Decimal(0))
    return SolveResult.objects.create(
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


def load(saved: SolveResult) -> tuple[PlanProblem, PlanResult]:
    return decode(saved.inputs), decode(saved.result)


def reproduce(saved: SolveResult) -> PlanResult:
    """Solve the saved inputs again (same engine version -> the same result)."""
    return allocation.solve(decode(saved.inputs))
