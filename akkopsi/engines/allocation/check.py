"""Check a result against every constraint of its plan, from the problem statement alone.

:func:`check_result` reads only the :class:`PlanProblem` and the :class:`PlanResult` (its
program lines, moves and plants), never the model built by ``model.py``, so it checks the
optimiser, the greedy baseline and any later formulation with the same independent ruler.
It returns one :class:`Violation` per broken constraint instance (empty = a feasible
program whose reported shortfall and cost are its own); the constraints are listed in
:class:`~akkopsi.engines.allocation.types.Constraint`.

Tolerances follow the report's rounding: every program line is whole rupiah (so a sum of
*n* lines may be off by *n* rupiah), households are reported to 1e-6, and the solver works
to a relative 1e-6; a violation is reported only beyond that.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from akkopsi.engines.allocation.types import (
    ApbdRuleMode,
    Constraint,
    CostKind,
    ItemKind,
    PlanProblem,
    PlanResult,
    TargetKind,
)

__all__ = ["Violation", "check_result"]

_REL = 1e-6
"""Relative tolerance (the solver's accuracy)."""
_HH = 1e-6
"""Households are reported to six decimals."""


@dataclass(frozen=True, slots=True)
class Violation:
    constraint: Constraint
    where: str
    """The constraint instance, e.g. ``"sources[apbd].2026"``."""
    detail: str
    """What was found against what was allowed (English, for developers)."""


def _households(problem: PlanProblem) -> list[float]:
    """Households in the base year, then in every plan year."""
    base = float(problem.households)
    if problem.household_series is not None:
        return [base, *(float(h) for h in problem.household_series)]
    g = float(problem.growth_rate)
    return [base, *(base * (1.0 + g) ** (i + 1) for i in range(problem.horizon))]


def _money_tol(expected: float, lines: int) -> float:
    return lines + 1 + _REL * abs(expected)


def check_result(problem: PlanProblem, result: PlanResult) -> tuple[Violation, ...]:
    """Every constraint of ``problem`` that ``result`` breaks (empty when none)."""
    out: list[Violation] = []

    def fail(constraint: Constraint, where: str, detail: str) -> None:
        out.append(Violation(constraint, where, detail))

    years = [problem.base_year + 1 + i for i in range(problem.horizon)]
    homes = _households(problem)
    options = {o.id: o for o in problem.options}
    facilities = {f.id: f for f in problem.facilities}
    sources = {s.id: s for s in problem.sources}

    # what was done: households moved per (option, year) and (option, from, year); plants
    moved: dict[tuple[str, int], float] = defaultdict(float)
    moved_from: dict[tuple[str, str, int], float] = defaultdict(float)
    for m in result.moves:
        opt = options.get(m.option)
        if opt is None or m.year not in years or m.households < 0:
            fail(Constraint.STOCK, f"moves[{m.option}].{m.year}", "unknown option or year")
            continue
        if (m.sub_sector, m.to_step) != (opt.sub_sector, opt.to_step) or (
            m.from_step not in opt.from_steps
        ):
            fail(
                Constraint.STOCK,
                f"moves[{m.option}].{m.year}",
                f"{m.sub_sector} {m.from_step}->{m.to_step} is not a move of this option",
            )
        moved[m.option, m.year] += m.households
        moved_from[m.option, m.from_step, m.year] += m.households
    built: dict[tuple[str, int], int] = defaultdict(int)
    for pr in result.plants:
        fac = facilities.get(pr.facility)
        where = f"plants[{pr.facility}].{pr.year}"
        if fac is None or pr.year not in years or not isinstance(pr.plants, int):
            fail(Constraint.PLANTS, where, "unknown facility or year, or not a whole number")
            continue
        top = fac.max_plants_per_year
        if pr.plants < 0 or (top is not None and pr.plants > top):
            fail(Constraint.PLANTS, where, f"{pr.plants} plants, cap {top}")
        built[pr.facility, pr.year] += pr.plants

    # money: eligibility, then the sums per item-year-kind and per source-year
    paid: dict[tuple[str, int, CostKind], float] = defaultdict(float)
    paid_lines: dict[tuple[str, int, CostKind], int] = defaultdict(int)
    spent: dict[tuple[str, int], float] = defaultdict(float)
    spent_lines: dict[tuple[str, int], int] = defaultdict(int)
    for line in result.program:
        where = f"program[{line.item}].{line.year}.{line.cost_kind.value}.{line.source}"
        item_known = (
            line.item in options if line.item_kind is ItemKind.OPTION else line.item in facilities
        )
        if not item_known or line.year not in years:
            fail(Constraint.ELIGIBILITY, where, "unknown item or year")
            continue
        amount = float(line.rupiah)
        if line.source is None:
            if amount != 0:
                fail(Constraint.ELIGIBILITY, where, f"Rp{line.rupiah} paid by no source")
        elif line.source not in sources:
            fail(Constraint.ELIGIBILITY, where, "unknown source")
            continue
        else:
            src = sources[line.source]
            allowed = src.capital_for if line.cost_kind is CostKind.CAPITAL else src.operating_for
            if allowed is not None and line.item not in allowed:
                fail(Constraint.ELIGIBILITY, where, "this source may not pay this cost")
            spent[line.source, line.year] += amount
            spent_lines[line.source, line.year] += 1
        paid[line.item, line.year, line.cost_kind] += amount
        paid_lines[line.item, line.year, line.cost_kind] += 1

    def compare(
        constraint: Constraint, key: tuple[str, int, CostKind], expected: float, slack: float
    ) -> None:
        got = paid[key]
        if abs(got - expected) > _money_tol(expected, paid_lines[key]) + slack:
            fail(constraint, f"{key[0]}.{key[1]}", f"paid Rp{got:,.0f}, owed Rp{expected:,.0f}")

    for opt in problem.options:
        capex, opex = float(opt.capital_cost_per_household), float(opt.operating_cost_per_household)
        for y in years:
            slack = capex * _HH * len(opt.from_steps)
            expected = capex * moved[opt.id, y]
            key = (opt.id, y, CostKind.CAPITAL)
            if abs(paid[key] - expected) > _money_tol(expected, paid_lines[key]) + slack:
                fail(
                    Constraint.CAPITAL,
                    f"{opt.id}.{y}",
                    f"paid Rp{paid[key]:,.0f}, owed Rp{expected:,.0f}",
                )
            alive_years = [t for t in years if t < y and y - t < opt.lifetime_years]
            compare(
                Constraint.OPERATING,
                (opt.id, y, CostKind.OPERATING),
                opex * sum(moved[opt.id, t] for t in alive_years),
                opex * _HH * len(opt.from_steps) * len(alive_years),
            )
    for fac in problem.facilities:
        # plants are reported rounded to whole numbers; the solver's integrality tolerance
        # (1e-6 of a plant) may leave a few rupiah of money on a plant count of zero
        capex, opex = float(fac.capital_cost_per_plant), float(fac.operating_cost_per_plant)
        for y in years:
            key = (fac.id, y, CostKind.CAPITAL)
            compare(Constraint.CAPITAL, key, capex * built[fac.id, y], capex * _HH)
            alive_years = [t for t in years if t < y and y - t < fac.lifetime_years]
            compare(
                Constraint.OPERATING,
                (fac.id, y, CostKind.OPERATING),
                opex * sum(built[fac.id, t] for t in alive_years),
                opex * _HH * len(alive_years),
            )

    for src in problem.sources:
        for i, y in enumerate(years):
            envelope = float(src.envelope[i])
            if spent[src.id, y] > envelope + _money_tol(envelope, spent_lines[src.id, y]):
                fail(
                    Constraint.BUDGET,
                    f"sources[{src.id}].{y}",
                    f"spent Rp{spent[src.id, y]:,.0f} of an envelope of Rp{envelope:,.0f}",
                )
    rule = problem.apbd_rule
    if rule is not None and ApbdRuleMode(rule.mode) is ApbdRuleMode.FLOOR:
        for i, y in enumerate(years):
            floor = float(rule.min_share) * float(rule.apbd_total[i])
            got = spent[rule.source, y]
            if got < floor - _money_tol(floor, spent_lines[rule.source, y]):
                fail(
                    Constraint.APBD_FLOOR,
                    f"apbd_rule.{y}",
                    f"{rule.source} spent Rp{got:,.0f}, floor Rp{floor:,.0f}",
                )

    # options' yearly caps
    for opt in problem.options:
        for y in years:
            top = opt.max_households_per_year
            if top is not None and moved[opt.id, y] > top * (1 + _REL) + _HH * len(opt.from_steps):
                fail(Constraint.OPTION_CAP, f"{opt.id}.{y}", f"{moved[opt.id, y]} > {top}")

    # stocks, year by year from the baseline; end-of-year stock kept for the targets
    end_stock: dict[tuple[str, str, int], float] = {}
    for sub in problem.sub_sectors:
        entry = sub.entry_step or sub.steps[0]
        stock = {step: float(b) for step, b in zip(sub.steps, sub.baseline, strict=True)}
        subs_opts = [o for o in problem.options if o.sub_sector == sub.id]
        for i, y in enumerate(years):
            start = dict(stock)
            start[entry] += homes[i + 1] - homes[i]
            for step in sub.steps:
                out_ = sum(moved_from[o.id, step, y] for o in subs_opts)
                n_rows = sum(1 for o in subs_opts if step in o.from_steps)
                if out_ > start[step] + _REL * max(1.0, start[step]) + _HH * n_rows:
                    fail(
                        Constraint.STOCK,
                        f"sub_sectors[{sub.id}].{step}.{y}",
                        f"{out_} households left a step that held {start[step]}",
                    )
            for o in subs_opts:
                for f in o.from_steps:
                    start[f] -= moved_from[o.id, f, y]
                start[o.to_step] += moved[o.id, y]
            stock = start
            for step in sub.steps:
                end_stock[sub.id, step, y] = stock[step]

    # facility capacity: households served so far <= spare + capacity of living plants
    for fac in problem.facilities:
        users = [o.id for o in problem.options if o.facility == fac.id]
        if not users:
            continue
        for y in years:
            served = sum(moved[o, t] for o in users for t in years if t <= y)
            living = sum(built[fac.id, t] for t in years if t <= y and y - t < fac.lifetime_years)
            room = fac.existing_spare_capacity + fac.capacity_households * living
            if served > room * (1 + _REL) + _HH * len(users) * len(years):
                fail(Constraint.CAPACITY, f"facilities[{fac.id}].{y}", f"{served} > {room}")

    # targets: shortfall in the at-least form, weight = index of the at-least step
    reported = {(t.sub_sector, t.step, t.kind, t.year): t for t in result.targets}
    weighted = 0.0
    for tg in problem.targets:
        sub = next(s for s in problem.sub_sectors if s.id == tg.sub_sector)
        k, share = sub.steps.index(tg.step), float(tg.share)
        if TargetKind(tg.kind) is TargetKind.AT_MOST:
            k, share = k + 1, 1.0 - share
        i = years.index(tg.year)
        required = share * homes[i + 1]
        have = sum(end_stock[sub.id, step, tg.year] for step in sub.steps[k:])
        short = max(0.0, required - have)
        weighted += k * short
        tol = 1e-5 * max(1.0, required)
        row = reported.get((tg.sub_sector, tg.step, TargetKind(tg.kind), tg.year))
        where = f"targets[{tg.sub_sector}.{tg.step}.{tg.year}]"
        if row is None:
            fail(Constraint.SHORTFALL, where, "target missing from the result")
        elif abs(row.shortfall_households - short) > tol or (row.met and short > tol):
            fail(Constraint.SHORTFALL, where, f"reported {row.shortfall_households}, is {short}")
    if abs(result.weighted_shortfall - weighted) > 1e-5 * max(1.0, weighted):
        fail(
            Constraint.SHORTFALL,
            "weighted_shortfall",
            f"reported {result.weighted_shortfall}, is {weighted}",
        )

    # costs: nominal total and discounted to the first plan year
    rate = float(problem.discount_rate)
    total = sum((line.rupiah for line in result.program), Decimal(0))
    discounted = sum(
        float(line.rupiah) * (1.0 + rate) ** -years.index(line.year)
        for line in result.program
        if line.year in years
    )
    if result.total_cost != total:
        fail(Constraint.COST, "total_cost", f"reported Rp{result.total_cost}, lines Rp{total}")
    if abs(float(result.discounted_cost) - discounted) > _money_tol(
        discounted, len(result.program)
    ):
        fail(
            Constraint.COST,
            "discounted_cost",
            f"reported Rp{result.discounted_cost}, lines Rp{discounted:,.0f}",
        )
    return tuple(out)
