"""Writes of the planning app: plans, scenarios and their inputs, solves.

Defaults come from the member's verified data (access, population, budgets) and from the
engine's default catalogue and national targets.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from akkopsi.accounts.models import User
from akkopsi.core.bulk import bulk_create_with_history
from akkopsi.core.dates import today
from akkopsi.data.choices import FundingSource, Stage
from akkopsi.data.choices import SubSector as DataSubSector
from akkopsi.data.models import ApbdTotal, BudgetLine
from akkopsi.data.queries import population, values, verified
from akkopsi.engines import rules
from akkopsi.engines.allocation import default_targets
from akkopsi.members.models import Member
from akkopsi.planning import solve
from akkopsi.planning.models import (
    ApbdBudget,
    BaselineShare,
    CatalogueOverride,
    FundingEnvelope,
    OptionOverride,
    Plan,
    Scenario,
    ScenarioTarget,
    SolveResult,
)
from akkopsi.regions.models import Population

HUNDRED = Decimal(100)
ACCESS_CODES = ["akses_layak", "akses_aman", "babs", "sampah_tertangani", "sampah_berkurang"]
#: Funding sources of the data cycle -> sources of the planner ("APBN incl. DAK" -> DAK).
SOURCE_MAP = {
    FundingSource.APBD_KABKOTA: "apbd_kabkota",
    FundingSource.APBD_PROVINSI: "apbd_provinsi",
    FundingSource.APBN: "dak",
    FundingSource.HIBAH: "hibah",
    FundingSource.CSR: "csr",
    FundingSource.KPBU: "kpbu",
    FundingSource.SWADAYA: "swadaya",
}
#: Used when the member has no verified figure (assumptions, to be replaced).
FALLBACK = {
    "akses_layak": 70,
    "akses_aman": 5,
    "babs": 8,
    "sampah_tertangani": 60,
    "sampah_berkurang": 5,
}


@dataclass
class Situation:
    """Defaults for a new plan, with where they came from."""

    base_year: int
    households: int | None
    population: int | None
    baseline: dict[tuple[str, str], Decimal]
    data_year: int | None
    from_data: list[str] = field(default_factory=list)
    envelopes: dict[str, Decimal] = field(default_factory=dict)
    apbd: Decimal | None = None
    population_years: list[int] = field(default_factory=list)
    """Years with a population in the region registry (for the household series)."""


def _q(x: Decimal | float) -> Decimal:
    return Decimal(x).quantize(Decimal("0.001"))


def baseline_from_access(access: dict[str, Decimal]) -> dict[tuple[str, str], Decimal]:
    """Ladder shares (percent, summing to 100 per sub-sector) from access indicators."""
    layak = min(max(Decimal(access["akses_layak"]), Decimal(0)), HUNDRED)
    aman = min(Decimal(access["akses_aman"]), layak)
    babs = min(Decimal(access["babs"]), HUNDRED - layak)
    handled = Decimal(access["sampah_tertangani"])
    reduced = min(Decimal(access["sampah_berkurang"]), HUNDRED)
    handled = min(handled, HUNDRED - reduced)
    out = {
        ("air_limbah", "babs"): _q(babs),
        ("air_limbah", "layak"): _q(layak - aman),
        ("air_limbah", "aman"): _q(aman),
        ("persampahan", "tertangani"): _q(handled),
        ("persampahan", "terkurangi"): _q(reduced),
    }
    out[("air_limbah", "belum_layak")] = HUNDRED - sum(
        v for (s, _k), v in out.items() if s == "air_limbah"
    )
    out[("persampahan", "tidak_tertangani")] = HUNDRED - sum(
        v for (s, _k), v in out.items() if s == "persampahan"
    )
    return out


def default_situation(
    member: Member, *, household_size: Decimal = rules.HOUSEHOLD_SIZE
) -> Situation:
    """Base year, households, ladder and budgets from the member's verified data."""
    return default_situations([member], household_size=household_size)[member.pk]


def _budgets(ids: list[int]) -> dict[int, dict[int, dict[str, Decimal]]]:
    """Member -> year -> engine source -> planned sanitation money (verified, one query)."""
    budgets: dict[int, dict[int, dict[str, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    for member_id, year, source, amount in verified(
        BudgetLine.objects.filter(
            member_id__in=ids,
            stage=Stage.PLANNED,
            subsector__in=[DataSubSector.AIR_LIMBAH, DataSubSector.PERSAMPAHAN],
        )
    ).values_list("member_id", "year", "source", "amount"):
        key = SOURCE_MAP.get(source)
        by_source = budgets[member_id][year]
        if key:
            by_source[key] = by_source.get(key, Decimal(0)) + amount
    return budgets


def _latest_apbd(ids: list[int]) -> dict[int, tuple[int, Decimal]]:
    """Member -> (year, amount) of its latest verified planned APBD total (one query)."""
    apbd: dict[int, tuple[int, Decimal]] = {}
    for member_id, year, amount in verified(
        ApbdTotal.objects.filter(member_id__in=ids, stage=Stage.PLANNED)
    ).values_list("member_id", "year", "amount"):
        if member_id not in apbd or year > apbd[member_id][0]:
            apbd[member_id] = (year, amount)
    return apbd


def _access(
    series: dict[tuple[str, int], dict[int, Decimal]], member_id: int, base_year: int
) -> tuple[dict[str, Decimal], list[str]]:
    """Each access share in the base year (its latest year up to then, else the fallback),
    and the codes that came from data."""
    access: dict[str, Decimal] = {}
    from_data = []
    for code in ACCESS_CODES:
        known = {y: v for y, v in series[(code, member_id)].items() if y <= base_year}
        if known:
            access[code] = known[max(known)]
            from_data.append(code)
        else:
            access[code] = Decimal(FALLBACK[code])
    return access, from_data


def default_situations(
    members: list[Member], *, household_size: Decimal = rules.HOUSEHOLD_SIZE
) -> dict[int, Situation]:
    """:func:`default_situation` of many members at once (a fixed number of queries)."""
    ids = [m.pk for m in members]
    found = values(ACCESS_CODES, members=ids)
    series: dict[tuple[str, int], dict[int, Decimal]] = defaultdict(dict)
    for code, rows in found.items():
        for (member_id, year), value in rows.items():
            series[(code, member_id)][year] = value
    budgets = _budgets(ids)
    apbd = _latest_apbd(ids)
    registered: dict[str, list[int]] = defaultdict(list)
    for code, year in Population.objects.filter(
        regency_id__in={m.regency_id for m in members}
    ).values_list("regency_id", "year"):
        registered[code].append(year)
    base_years = {}
    for m in members:
        years = series[("akses_layak", m.pk)]
        base_years[m.pk] = max(years) if years else today().year - 1
    pops: dict[int, int] = {}
    for year in set(base_years.values()):
        pops |= population({m.pk: m.regency_id for m in members if base_years[m.pk] == year}, year)
    out = {}
    for m in members:
        base_year = base_years[m.pk]
        access, from_data = _access(series, m.pk, base_year)
        pop = pops.get(m.pk)
        by_year = budgets.get(m.pk, {})
        out[m.pk] = Situation(
            population_years=sorted(registered[m.regency_id]),
            base_year=base_year,
            households=rules.households(pop, household_size),
            population=pop,
            baseline=baseline_from_access(access),
            data_year=base_year if series[("akses_layak", m.pk)] else None,
            from_data=from_data,
            envelopes=dict(by_year[max(by_year)]) if by_year else {},
            apbd=apbd[m.pk][1] if m.pk in apbd else None,
        )
    return out


def _create(model: Any, rows: list[Any], *, by: User | None = None) -> None:
    """Insert the rows of a replaced input table with one history row each (in bulk)."""
    if rows:
        bulk_create_with_history(rows, model, default_user=by)


def _set_baseline(plan: Plan, baseline: dict[tuple[str, str], Decimal]) -> None:
    plan.baseline.all().delete()
    _create(
        BaselineShare,
        [
            BaselineShare(plan=plan, sub_sector=s, step=k, percent=v)
            for (s, k), v in baseline.items()
        ],
    )


@dataclass
class NewPlan:
    """One plan for :func:`create_plans`: the member, the plan's fields, its baseline."""

    member: Member
    fields: dict[str, Any]
    baseline: dict[tuple[str, str], Decimal]
    scenario_name: str = "Skenario dasar"
    description: str = ""
    """Of the first scenario."""
    situation: Situation | None = None
    """Where the first scenario's default money comes from; read from the data when None."""


@transaction.atomic
def create_plan(
    *,
    member: Member,
    by: User | None,
    fields: dict[str, Any],
    baseline: dict[tuple[str, str], Decimal],
    scenario_name: str = "Skenario dasar",
) -> Plan:
    """A plan with its baseline and a first scenario filled with the defaults."""
    return create_plans([NewPlan(member, fields, baseline, scenario_name)], by=by)[0]


@transaction.atomic
def create_plans(new: list[NewPlan], *, by: User | None) -> list[Plan]:
    """Plans, each with its baseline and a first scenario filled with the defaults of its
    member's data (:func:`default_inputs`), written in bulk with their history rows."""
    if not new:
        return []
    user = by if getattr(by, "is_authenticated", False) else None
    plans: list[Plan] = bulk_create_with_history(
        [Plan(member=n.member, created_by=by, **n.fields) for n in new], Plan, default_user=user
    )
    _create(
        BaselineShare,
        [
            BaselineShare(plan=plan, sub_sector=s, step=k, percent=v)
            for plan, n in zip(plans, new, strict=True)
            for (s, k), v in n.baseline.items()
        ],
    )
    scenarios = bulk_create_with_history(
        [
            Scenario(plan=plan, name=n.scenario_name, description=n.description)
            for plan, n in zip(plans, new, strict=True)
        ],
        Scenario,
        default_user=user,
    )
    read = default_situations([n.member for n in new if n.situation is None])
    inputs = [
        _defaults(plan, n.situation or read[n.member.pk])
        for plan, n in zip(plans, new, strict=True)
    ]
    _create(
        ScenarioTarget,
        [
            ScenarioTarget(scenario=sc, sub_sector=s, step=k, kind=kind, year=y, percent=p)
            for sc, i in zip(scenarios, inputs, strict=True)
            for s, k, kind, y, p in i["targets"]
        ],
        by=by,
    )
    _create(
        FundingEnvelope,
        [
            FundingEnvelope(scenario=sc, source=src, year=y, amount=a)
            for sc, i in zip(scenarios, inputs, strict=True)
            for (src, y), a in i["envelopes"].items()
            if a
        ],
        by=by,
    )
    _create(
        ApbdBudget,
        [
            ApbdBudget(scenario=sc, year=y, amount=a)
            for sc, i in zip(scenarios, inputs, strict=True)
            for y, a in i["apbd"].items()
            if a
        ],
        by=by,
    )
    return plans


@transaction.atomic
def update_plan(
    *, plan: Plan, by: User | None, fields: dict[str, Any], baseline: dict[tuple[str, str], Decimal]
) -> Plan:
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.full_clean()
    plan.save()
    _set_baseline(plan, baseline)
    return plan


def default_inputs(plan: Plan) -> dict[str, Any]:
    """Targets (national, due in the last plan year), envelopes and APBD from the data."""
    return _defaults(plan, default_situation(plan.member))


def _defaults(plan: Plan, situation: Situation) -> dict[str, Any]:
    last = plan.years[-1]
    targets = [
        (t.sub_sector, t.step, t.kind.value, last, _q(Decimal(t.share) * HUNDRED))
        for t in default_targets(last)
    ]
    envelopes = {(s, y): a for s, a in situation.envelopes.items() for y in plan.years}
    apbd = {y: situation.apbd for y in plan.years} if situation.apbd else {}
    return {"targets": targets, "envelopes": envelopes, "apbd": apbd, "overrides": {}}


def current_inputs(scenario: Scenario) -> dict[str, Any]:
    return {
        "targets": [
            (t.sub_sector, t.step, t.kind, t.year, t.percent) for t in scenario.targets.all()
        ],
        "envelopes": {(e.source, e.year): e.amount for e in scenario.envelopes.all()},
        "apbd": {a.year: a.amount for a in scenario.apbd.all()},
        "overrides": {
            o.option: (
                o.enabled,
                o.capital_cost_per_household,
                o.operating_cost_per_household,
                o.max_households_per_year,
            )
            for o in scenario.overrides.all()
        },
    }


@transaction.atomic
def set_inputs(
    *,
    scenario: Scenario,
    by: User | None,
    targets: list[tuple[str, str, str, int, Decimal]],
    envelopes: dict[tuple[str, int], Decimal],
    apbd: dict[int, Decimal | None],
    overrides: dict[str, tuple[bool, Decimal | None, Decimal | None, int | None]],
    **fields: Any,
) -> Scenario:
    """Replace the inputs of ``scenario`` (targets, envelopes, APBD, option overrides)."""
    for name, value in fields.items():
        setattr(scenario, name, value)
    scenario.save()
    scenario.targets.all().delete()
    _create(
        ScenarioTarget,
        [
            ScenarioTarget(scenario=scenario, sub_sector=s, step=k, kind=kind, year=y, percent=p)
            for s, k, kind, y, p in targets
        ],
        by=by,
    )
    scenario.envelopes.all().delete()
    _create(
        FundingEnvelope,
        [
            FundingEnvelope(scenario=scenario, source=s, year=y, amount=a)
            for (s, y), a in envelopes.items()
            if a
        ],
        by=by,
    )
    scenario.apbd.all().delete()
    _create(
        ApbdBudget,
        [ApbdBudget(scenario=scenario, year=y, amount=a) for y, a in apbd.items() if a],
        by=by,
    )
    scenario.overrides.all().delete()
    _create(
        OptionOverride,
        [
            OptionOverride(
                scenario=scenario,
                option=o,
                enabled=on,
                capital_cost_per_household=cap,
                operating_cost_per_household=op,
                max_households_per_year=cap_hh,
            )
            for o, (on, cap, op, cap_hh) in overrides.items()
            if not on or cap is not None or op is not None or cap_hh is not None
        ],
        by=by,
    )
    return scenario


@transaction.atomic
def create_scenario(
    *, plan: Plan, name: str, by: User | None, copy_from: Scenario | None = None
) -> Scenario:
    """A scenario with the inputs of ``copy_from``, else the defaults."""
    scenario = Scenario.objects.create(plan=plan, name=name)
    inputs = current_inputs(copy_from) if copy_from else default_inputs(plan)
    if copy_from:
        scenario.apbd_min_percent = copy_from.apbd_min_percent
        scenario.apbd_mode = copy_from.apbd_mode
        scenario.interim_targets = copy_from.interim_targets
    return set_inputs(scenario=scenario, by=by, **inputs)


def member_catalogue_rows(member: Member) -> dict[str, CatalogueOverride]:
    return {r.item: r for r in CatalogueOverride.objects.filter(member=member)}


@transaction.atomic
def set_member_catalogue(
    *, member: Member, by: User | None, figures: dict[str, dict[str, Any]]
) -> list[str]:
    """Save the member's own catalogue figures (row by row, so each change has history).

    ``figures``: item id -> {capital_cost, operating_cost, lifetime_years,
    capacity_households, source}; all figures empty = back to the default (row removed).
    Returns the ids of the items changed.
    """
    rows = member_catalogue_rows(member)
    changed = []
    for item, values_ in figures.items():
        row = rows.get(item)
        empty = all(values_.get(k) is None for k in values_ if k != "source")
        if row is None and empty:
            continue
        if empty:
            assert row is not None
            row._change_reason = "kembali ke nilai bawaan katalog"  # type: ignore[attr-defined]
            row.delete()
            changed.append(item)
            continue
        row = row or CatalogueOverride(member=member, item=item)
        new = {k: (v or "") if k == "source" else v for k, v in values_.items()}
        if row.pk and all(getattr(row, k) == v for k, v in new.items()):
            continue
        for k, v in new.items():
            setattr(row, k, v)
        row.full_clean()
        row.save()
        changed.append(item)
    return changed


@transaction.atomic
def solve_scenario(*, scenario: Scenario, by: User | None) -> SolveResult:
    """Solve and save (raises the engine's InvalidPlan/InfeasiblePlan on a bad plan)."""
    return solve.run(scenario, by=by)
