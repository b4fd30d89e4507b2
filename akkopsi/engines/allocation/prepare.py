"""Validate a :class:`PlanProblem` and bring it into canonical order and model units.

One function per family of inputs (horizon and households, sub-sectors and ladders,
facilities, options, funding sources and what they may pay, targets, the APBD rule), in
the order the checks run; the first offending input raises :class:`InvalidPlan` with its
code, parameters and ``where``. The validation decisions are listed in
:mod:`akkopsi.engines.allocation.model`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from akkopsi.engines.allocation.errors import InvalidPlan, PlanError
from akkopsi.engines.allocation.prepared import (
    MONEY_SCALE,
    PFacility,
    POption,
    Prepared,
    PSource,
    PSub,
    PTarget,
)
from akkopsi.engines.allocation.types import (
    ApbdRuleMode,
    Facility,
    Option,
    PlanProblem,
    Source,
    SubSector,
    Target,
    TargetKind,
)

__all__ = [
    "MONEY_SCALE",
    "PFacility",
    "POption",
    "PSource",
    "PSub",
    "PTarget",
    "Prepared",
    "prepare",
]

# ------------------------------------------------------------------- single values


def _money(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise InvalidPlan(PlanError.MONEY_NOT_EXACT, where=where)
    if isinstance(value, Decimal) and not value.is_finite():
        raise InvalidPlan(PlanError.MONEY_INFINITE, where=where)
    if value < 0:
        raise InvalidPlan(PlanError.MONEY_NEGATIVE, where=where)
    return float(value) / MONEY_SCALE


def _ratio(value: object, where: str, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, Decimal | float | int):
        raise InvalidPlan(PlanError.NOT_A_NUMBER, where=where)
    out = float(value)
    if not math.isfinite(out) or out < lo or out > hi:
        raise InvalidPlan(PlanError.OUT_OF_RANGE, where=where, low=lo, high=hi)
    return out


def _count(value: object, where: str, *, positive: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidPlan(PlanError.NOT_WHOLE, where=where)
    if value < (1 if positive else 0):
        raise InvalidPlan(PlanError.NOT_POSITIVE if positive else PlanError.NEGATIVE, where=where)
    return value


def _cap(value: int | None, where: str) -> float:
    """A yearly cap: ``None`` = no cap."""
    return math.inf if value is None else float(_count(value, where))


def _unique(ids: Sequence[str], where: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise InvalidPlan(PlanError.DUPLICATE_ID, where=f"{where}[{item}]", id=item)
        seen.add(item)


def _step(steps: Sequence[str], step: str, where: str) -> int:
    if step not in steps:
        raise InvalidPlan(PlanError.UNKNOWN_STEP, where=where, step=step)
    return steps.index(step)


# ----------------------------------------------------------- horizon and households


def _horizon(problem: PlanProblem) -> int:
    horizon = problem.horizon
    if isinstance(horizon, bool) or not isinstance(horizon, int) or horizon < 1:
        raise InvalidPlan(PlanError.HORIZON_TOO_SHORT, where="horizon")
    return horizon


def _household_series(problem: PlanProblem, horizon: int) -> tuple[float, tuple[float, ...]]:
    base = float(_count(problem.households, "households"))
    if problem.household_series is not None:
        series = problem.household_series
        if len(series) != horizon:
            raise InvalidPlan(
                PlanError.SERIES_LENGTH,
                where="household_series",
                expected=horizon,
                given=len(series),
            )
        out: list[float] = []
        prev = base
        for i, value in enumerate(series):
            where = f"household_series[{problem.base_year + 1 + i}]"
            now = float(_count(value, where))
            if now < prev:
                raise InvalidPlan(PlanError.HOUSEHOLDS_FALL, where=where)
            out.append(now)
            prev = now
        return base, tuple(out)
    growth = _ratio(problem.growth_rate, "growth_rate", 0.0, 1.0)
    return base, tuple(base * (1.0 + growth) ** (i + 1) for i in range(horizon))


# ------------------------------------------------------------ sub-sectors, ladders


def _sub_sector(sub: SubSector, base: float) -> PSub:
    where = f"sub_sectors[{sub.id}]"
    if len(sub.steps) < 2:
        raise InvalidPlan(PlanError.LADDER_TOO_SHORT, where=f"{where}.steps")
    if len(set(sub.steps)) != len(sub.steps):
        raise InvalidPlan(PlanError.DUPLICATE_STEP, where=f"{where}.steps")
    if len(sub.baseline) != len(sub.steps):
        raise InvalidPlan(PlanError.BASELINE_LENGTH, where=f"{where}.baseline")
    baseline = tuple(
        float(_count(v, f"{where}.baseline[{step}]"))
        for step, v in zip(sub.steps, sub.baseline, strict=True)
    )
    if sum(baseline) != base:
        raise InvalidPlan(
            PlanError.BASELINE_SUM, where=f"{where}.baseline", total=sum(baseline), households=base
        )
    entry = 0
    if sub.entry_step is not None:
        entry = _step(sub.steps, sub.entry_step, f"{where}.entry_step")
    return PSub(sub.id, tuple(sub.steps), baseline, entry)


def _sub_sectors(problem: PlanProblem, base: float) -> list[PSub]:
    _unique([s.id for s in problem.sub_sectors], "sub_sectors")
    return [_sub_sector(sub, base) for sub in sorted(problem.sub_sectors, key=lambda s: s.id)]


# ----------------------------------------------------------------------- facilities


def _facility(fac: Facility) -> PFacility:
    where = f"facilities[{fac.id}]"
    cap = _count(fac.capacity_households, f"{where}.capacity_households", positive=True)
    return PFacility(
        fac.id,
        float(cap),
        _money(fac.capital_cost_per_plant, f"{where}.capital_cost_per_plant"),
        _money(fac.operating_cost_per_plant, f"{where}.operating_cost_per_plant"),
        _count(fac.lifetime_years, f"{where}.lifetime_years", positive=True),
        float(_count(fac.existing_spare_capacity, f"{where}.existing_spare_capacity")),
        _cap(fac.max_plants_per_year, f"{where}.max_plants_per_year"),
    )


def _facilities(problem: PlanProblem) -> list[PFacility]:
    _unique([f.id for f in problem.facilities], "facilities")
    return [_facility(fac) for fac in sorted(problem.facilities, key=lambda f: f.id)]


# -------------------------------------------------------------------------- options


def _option(
    opt: Option, subs: list[PSub], sub_index: dict[str, int], fac_index: dict[str, int]
) -> POption:
    where = f"options[{opt.id}]"
    if opt.sub_sector not in sub_index:
        raise InvalidPlan(
            PlanError.UNKNOWN_SUB_SECTOR, where=f"{where}.sub_sector", sub_sector=opt.sub_sector
        )
    g = sub_index[opt.sub_sector]
    steps = subs[g].steps
    to = _step(steps, opt.to_step, f"{where}.to_step")
    if not opt.from_steps:
        raise InvalidPlan(PlanError.NO_FROM_STEP, where=f"{where}.from_steps")
    froms = tuple(sorted({_step(steps, s, f"{where}.from_steps") for s in opt.from_steps}))
    if froms[-1] >= to:
        raise InvalidPlan(
            PlanError.FROM_NOT_BELOW,
            where=f"{where}.from_steps",
            from_step=steps[froms[-1]],
            to_step=opt.to_step,
        )
    fac_n = -1
    if opt.facility is not None:
        if opt.facility not in fac_index:
            raise InvalidPlan(
                PlanError.UNKNOWN_FACILITY, where=f"{where}.facility", facility=opt.facility
            )
        fac_n = fac_index[opt.facility]
    return POption(
        opt.id,
        g,
        froms,
        to,
        _money(opt.capital_cost_per_household, f"{where}.capital_cost_per_household"),
        _money(opt.operating_cost_per_household, f"{where}.operating_cost_per_household"),
        _count(opt.lifetime_years, f"{where}.lifetime_years", positive=True),
        fac_n,
        _cap(opt.max_households_per_year, f"{where}.max_households_per_year"),
    )


def _options(problem: PlanProblem, subs: list[PSub], facs: list[PFacility]) -> list[POption]:
    _unique([o.id for o in problem.options], "options")
    fac_index = {f.id: n for n, f in enumerate(facs)}
    if set(fac_index) & {o.id for o in problem.options}:
        raise InvalidPlan(PlanError.SHARED_ID, where="options")
    sub_index = {s.id: n for n, s in enumerate(subs)}
    return [
        _option(opt, subs, sub_index, fac_index)
        for opt in sorted(problem.options, key=lambda o: o.id)
    ]


# ------------------------------------------------------ funding sources and their rules


@dataclass(frozen=True, slots=True)
class _Funding:
    """The sources (sorted by id) and, per option and facility, who may pay what."""

    sources: tuple[PSource, ...]
    option_cap: tuple[tuple[int, ...], ...]
    option_om: tuple[tuple[int, ...], ...]
    facility_cap: tuple[tuple[int, ...], ...]
    facility_om: tuple[tuple[int, ...], ...]


def _check_rule(rule: frozenset[str] | None, known: set[str], where: str) -> None:
    if rule is None:
        return
    if not isinstance(rule, frozenset):
        raise InvalidPlan(PlanError.NOT_AN_ID_SET, where=where)
    unknown = sorted(rule - known)
    if unknown:
        raise InvalidPlan(PlanError.UNKNOWN_IDS, where=where, ids=", ".join(unknown))


def _payers(sources: list[Source], ids: list[str], rule_of: str) -> tuple[tuple[int, ...], ...]:
    """For each item id, the indexes of the (sorted) sources whose ``rule_of`` allows it."""
    rules = [getattr(src, rule_of) for src in sources]
    return tuple(
        tuple(n for n, rule in enumerate(rules) if rule is None or item in rule) for item in ids
    )


def _source(src: Source, horizon: int, years: list[int]) -> PSource:
    where = f"sources[{src.id}]"
    if len(src.envelope) != horizon:
        raise InvalidPlan(
            PlanError.ENVELOPE_LENGTH,
            where=f"{where}.envelope",
            expected=horizon,
            given=len(src.envelope),
        )
    env = tuple(_money(v, f"{where}.envelope[{years[i]}]") for i, v in enumerate(src.envelope))
    return PSource(src.id, env)


def _funding(
    problem: PlanProblem, horizon: int, opts: list[POption], facs: list[PFacility]
) -> _Funding:
    _unique([s.id for s in problem.sources], "sources")
    years = [problem.base_year + 1 + i for i in range(horizon)]
    known = {o.id for o in opts} | {f.id for f in facs}
    ordered = sorted(problem.sources, key=lambda s: s.id)
    srcs: list[PSource] = []
    for src in ordered:
        srcs.append(_source(src, horizon, years))
        if opts or facs:  # a rule is read (and so checked) only when there is an item
            _check_rule(src.capital_for, known, f"sources[{src.id}].capital_for")
            _check_rule(src.operating_for, known, f"sources[{src.id}].operating_for")
    option_ids, facility_ids = [o.id for o in opts], [f.id for f in facs]
    funding = _Funding(
        tuple(srcs),
        _payers(ordered, option_ids, "capital_for"),
        _payers(ordered, option_ids, "operating_for"),
        _payers(ordered, facility_ids, "capital_for"),
        _payers(ordered, facility_ids, "operating_for"),
    )
    _check_payable(funding, opts, facs)
    return funding


def _check_payable(funding: _Funding, opts: list[POption], facs: list[PFacility]) -> None:
    """Every cost of an item has at least one source allowed to pay it."""
    for k, o in enumerate(opts):
        if o.capex > 0 and not funding.option_cap[k]:
            raise InvalidPlan(PlanError.OPTION_CAPITAL_UNPAID, where=f"options[{o.id}]")
        if o.opex > 0 and not funding.option_om[k]:
            raise InvalidPlan(PlanError.OPTION_OPERATING_UNPAID, where=f"options[{o.id}]")
    for k, f in enumerate(facs):
        if f.capex > 0 and not funding.facility_cap[k]:
            raise InvalidPlan(PlanError.FACILITY_CAPITAL_UNPAID, where=f"facilities[{f.id}]")
        if f.opex > 0 and not funding.facility_om[k]:
            raise InvalidPlan(PlanError.FACILITY_OPERATING_UNPAID, where=f"facilities[{f.id}]")


# -------------------------------------------------------------------------- targets


TargetKey = tuple[str, str, str, int]


def _target(
    t: Target, subs: list[PSub], sub_index: dict[str, int], years: list[int], seen: set[TargetKey]
) -> PTarget:
    where = f"targets[{t.sub_sector}.{t.step}.{t.year}]"
    if t.sub_sector not in sub_index:
        raise InvalidPlan(
            PlanError.UNKNOWN_SUB_SECTOR, where=f"{where}.sub_sector", sub_sector=t.sub_sector
        )
    psub = subs[sub_index[t.sub_sector]]
    at = _step(psub.steps, t.step, f"{where}.step")
    if t.year not in years:
        raise InvalidPlan(
            PlanError.TARGET_YEAR, where=f"{where}.year", first=years[0], last=years[-1]
        )
    kind = TargetKind(t.kind)
    key = (t.sub_sector, t.step, kind.value, t.year)
    if key in seen:
        raise InvalidPlan(PlanError.DUPLICATE_TARGET, where=where)
    seen.add(key)
    share = _ratio(t.share, f"{where}.share", 0.0, 1.0)
    if kind is TargetKind.AT_MOST:
        if at == len(psub.steps) - 1:
            raise InvalidPlan(PlanError.AT_MOST_TOP_STEP, where=f"{where}.step")
        at, share = at + 1, 1.0 - share
    return PTarget(sub_index[t.sub_sector], at, years.index(t.year), share, float(at), t)


def _targets(problem: PlanProblem, subs: list[PSub], years: list[int]) -> list[PTarget]:
    sub_index = {s.id: n for n, s in enumerate(subs)}
    seen: set[TargetKey] = set()
    targets = [_target(t, subs, sub_index, years, seen) for t in problem.targets]
    targets.sort(key=lambda p: (subs[p.sub].id, p.step, p.year, p.original.kind, p.original.step))
    return targets


# ------------------------------------------------------------------------ APBD rule


@dataclass(frozen=True, slots=True)
class _Apbd:
    source: int = -1
    total: tuple[float, ...] = ()
    share: float = 0.0
    floor: bool = False
    rupiah: tuple[Decimal, ...] = ()
    percent: Decimal = Decimal(0)


def _apbd(problem: PlanProblem, horizon: int, srcs: tuple[PSource, ...]) -> _Apbd:
    apbd = problem.apbd_rule
    if apbd is None:
        return _Apbd()
    years = [problem.base_year + 1 + i for i in range(horizon)]
    ids = [s.id for s in srcs]
    if apbd.source not in ids:
        raise InvalidPlan(PlanError.UNKNOWN_SOURCE, where="apbd_rule.source", source=apbd.source)
    if len(apbd.apbd_total) != horizon:
        raise InvalidPlan(PlanError.APBD_LENGTH, where="apbd_rule.apbd_total", expected=horizon)
    out = _Apbd(
        source=ids.index(apbd.source),
        total=tuple(
            _money(v, f"apbd_rule.apbd_total[{years[i]}]") for i, v in enumerate(apbd.apbd_total)
        ),
        share=_ratio(apbd.min_share, "apbd_rule.min_share", 0.0, 1.0),
        floor=ApbdRuleMode(apbd.mode) is ApbdRuleMode.FLOOR,
        rupiah=tuple(Decimal(str(v)) for v in apbd.apbd_total),
        percent=Decimal(str(apbd.min_share)) * 100,
    )
    if out.floor:
        for i, apbd_i in enumerate(out.total):
            if out.share * apbd_i > srcs[out.source].envelope[i] + 1e-9:
                raise InvalidPlan(
                    PlanError.APBD_FLOOR_ABOVE_ENVELOPE, where=f"apbd_rule.apbd_total[{years[i]}]"
                )
    return out


# ---------------------------------------------------------------------- the problem


def prepare(problem: PlanProblem) -> Prepared:
    """Validate ``problem`` and bring it into canonical order and model units.

    Raises :class:`InvalidPlan` naming the offending input.
    """
    horizon = _horizon(problem)
    years = [problem.base_year + 1 + i for i in range(horizon)]
    base, households = _household_series(problem, horizon)
    newcomers = tuple(households[i] - (households[i - 1] if i else base) for i in range(horizon))
    r = _ratio(problem.discount_rate, "discount_rate", 0.0, 1.0)
    subs = _sub_sectors(problem, base)
    facs = _facilities(problem)
    opts = _options(problem, subs, facs)
    funding = _funding(problem, horizon, opts, facs)
    targets = _targets(problem, subs, years)
    apbd = _apbd(problem, horizon, funding.sources)
    return Prepared(
        base_year=problem.base_year,
        horizon=horizon,
        base_households=base,
        households=households,
        newcomers=newcomers,
        subs=tuple(subs),
        options=tuple(opts),
        facilities=tuple(facs),
        sources=funding.sources,
        targets=tuple(targets),
        option_cap_sources=funding.option_cap,
        option_om_sources=funding.option_om,
        facility_cap_sources=funding.facility_cap,
        facility_om_sources=funding.facility_om,
        discount_rate=r,
        discount=tuple((1.0 + r) ** -i for i in range(horizon)),
        apbd_source=apbd.source,
        apbd_total=apbd.total,
        apbd_share=apbd.share,
        apbd_floor=apbd.floor,
        apbd_rupiah=apbd.rupiah,
        apbd_percent=apbd.percent,
    )
