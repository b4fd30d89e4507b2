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
    Option,
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


class _Checker:
    """The state of one check: what the result did, read once, and the violations found.

    One method per constraint family, run in the order of :func:`check_result`."""

    def __init__(self, problem: PlanProblem, result: PlanResult) -> None:
        self.problem, self.result = problem, result
        self.out: list[Violation] = []
        self.years = [problem.base_year + 1 + i for i in range(problem.horizon)]
        self.homes = _households(problem)
        self.options = {o.id: o for o in problem.options}
        self.facilities = {f.id: f for f in problem.facilities}
        self.sources = {s.id: s for s in problem.sources}
        self.moved: dict[tuple[str, int], float] = defaultdict(float)
        self.moved_from: dict[tuple[str, str, int], float] = defaultdict(float)
        self.built: dict[tuple[str, int], int] = defaultdict(int)
        self.paid: dict[tuple[str, int, CostKind], float] = defaultdict(float)
        self.paid_lines: dict[tuple[str, int, CostKind], int] = defaultdict(int)
        self.spent: dict[tuple[str, int], float] = defaultdict(float)
        self.spent_lines: dict[tuple[str, int], int] = defaultdict(int)
        self.end_stock: dict[tuple[str, str, int], float] = {}

    def fail(self, constraint: Constraint, where: str, detail: str) -> None:
        self.out.append(Violation(constraint, where, detail))

    # ------------------------------------------------ what was done: moves and plants

    def read_moves(self) -> None:
        """Households moved per (option, year) and (option, from, year)."""
        for m in self.result.moves:
            opt = self.options.get(m.option)
            if opt is None or m.year not in self.years or m.households < 0:
                self.fail(Constraint.STOCK, f"moves[{m.option}].{m.year}", "unknown option or year")
                continue
            if (m.sub_sector, m.to_step) != (opt.sub_sector, opt.to_step) or (
                m.from_step not in opt.from_steps
            ):
                self.fail(
                    Constraint.STOCK,
                    f"moves[{m.option}].{m.year}",
                    f"{m.sub_sector} {m.from_step}->{m.to_step} is not a move of this option",
                )
            self.moved[m.option, m.year] += m.households
            self.moved_from[m.option, m.from_step, m.year] += m.households

    def read_plants(self) -> None:
        for pr in self.result.plants:
            fac = self.facilities.get(pr.facility)
            where = f"plants[{pr.facility}].{pr.year}"
            if fac is None or pr.year not in self.years or not isinstance(pr.plants, int):
                self.fail(
                    Constraint.PLANTS, where, "unknown facility or year, or not a whole number"
                )
                continue
            top = fac.max_plants_per_year
            if pr.plants < 0 or (top is not None and pr.plants > top):
                self.fail(Constraint.PLANTS, where, f"{pr.plants} plants, cap {top}")
            self.built[pr.facility, pr.year] += pr.plants

    # ------------------------------------------ money: eligibility, sums, cost rows

    def read_program(self) -> None:
        """Eligibility of every line, then the sums per item-year-kind and source-year."""
        for line in self.result.program:
            where = f"program[{line.item}].{line.year}.{line.cost_kind.value}.{line.source}"
            known = self.options if line.item_kind is ItemKind.OPTION else self.facilities
            if line.item not in known or line.year not in self.years:
                self.fail(Constraint.ELIGIBILITY, where, "unknown item or year")
                continue
            amount = float(line.rupiah)
            if line.source is None:
                if amount != 0:
                    self.fail(Constraint.ELIGIBILITY, where, f"Rp{line.rupiah} paid by no source")
            elif line.source not in self.sources:
                self.fail(Constraint.ELIGIBILITY, where, "unknown source")
                continue
            else:
                src = self.sources[line.source]
                capital = line.cost_kind is CostKind.CAPITAL
                allowed = src.capital_for if capital else src.operating_for
                if allowed is not None and line.item not in allowed:
                    self.fail(Constraint.ELIGIBILITY, where, "this source may not pay this cost")
                self.spent[line.source, line.year] += amount
                self.spent_lines[line.source, line.year] += 1
            self.paid[line.item, line.year, line.cost_kind] += amount
            self.paid_lines[line.item, line.year, line.cost_kind] += 1

    def compare(
        self, constraint: Constraint, key: tuple[str, int, CostKind], expected: float, slack: float
    ) -> None:
        got = self.paid[key]
        if abs(got - expected) > _money_tol(expected, self.paid_lines[key]) + slack:
            self.fail(
                constraint, f"{key[0]}.{key[1]}", f"paid Rp{got:,.0f}, owed Rp{expected:,.0f}"
            )

    def option_costs(self) -> None:
        for opt in self.problem.options:
            capex = float(opt.capital_cost_per_household)
            opex = float(opt.operating_cost_per_household)
            steps = len(opt.from_steps)
            for y in self.years:
                key = (opt.id, y, CostKind.CAPITAL)
                self.compare(
                    Constraint.CAPITAL, key, capex * self.moved[opt.id, y], capex * _HH * steps
                )
                alive = [t for t in self.years if t < y and y - t < opt.lifetime_years]
                self.compare(
                    Constraint.OPERATING,
                    (opt.id, y, CostKind.OPERATING),
                    opex * sum(self.moved[opt.id, t] for t in alive),
                    opex * _HH * steps * len(alive),
                )

    def facility_costs(self) -> None:
        # plants are reported rounded to whole numbers; the solver's integrality tolerance
        # (1e-6 of a plant) may leave a few rupiah of money on a plant count of zero
        for fac in self.problem.facilities:
            capex, opex = float(fac.capital_cost_per_plant), float(fac.operating_cost_per_plant)
            for y in self.years:
                key = (fac.id, y, CostKind.CAPITAL)
                self.compare(Constraint.CAPITAL, key, capex * self.built[fac.id, y], capex * _HH)
                alive = [t for t in self.years if t < y and y - t < fac.lifetime_years]
                self.compare(
                    Constraint.OPERATING,
                    (fac.id, y, CostKind.OPERATING),
                    opex * sum(self.built[fac.id, t] for t in alive),
                    opex * _HH * len(alive),
                )

    def budgets(self) -> None:
        for src in self.problem.sources:
            for i, y in enumerate(self.years):
                envelope, spent = float(src.envelope[i]), self.spent[src.id, y]
                if spent > envelope + _money_tol(envelope, self.spent_lines[src.id, y]):
                    self.fail(
                        Constraint.BUDGET,
                        f"sources[{src.id}].{y}",
                        f"spent Rp{spent:,.0f} of an envelope of Rp{envelope:,.0f}",
                    )

    def apbd_floor(self) -> None:
        rule = self.problem.apbd_rule
        if rule is None or ApbdRuleMode(rule.mode) is not ApbdRuleMode.FLOOR:
            return
        for i, y in enumerate(self.years):
            floor = float(rule.min_share) * float(rule.apbd_total[i])
            got = self.spent[rule.source, y]
            if got < floor - _money_tol(floor, self.spent_lines[rule.source, y]):
                self.fail(
                    Constraint.APBD_FLOOR,
                    f"apbd_rule.{y}",
                    f"{rule.source} spent Rp{got:,.0f}, floor Rp{floor:,.0f}",
                )

    # ---------------------------------------------- households: caps, stock, capacity

    def option_caps(self) -> None:
        for opt in self.problem.options:
            top = opt.max_households_per_year
            if top is None:
                continue
            for y in self.years:
                moved = self.moved[opt.id, y]
                if moved > top * (1 + _REL) + _HH * len(opt.from_steps):
                    self.fail(Constraint.OPTION_CAP, f"{opt.id}.{y}", f"{moved} > {top}")

    def stocks(self) -> None:
        """Year by year from the baseline; the end-of-year stock is kept for the targets."""
        for sub in self.problem.sub_sectors:
            entry = sub.entry_step or sub.steps[0]
            stock = {step: float(b) for step, b in zip(sub.steps, sub.baseline, strict=True)}
            subs_opts = [o for o in self.problem.options if o.sub_sector == sub.id]
            for i, y in enumerate(self.years):
                start = dict(stock)
                start[entry] += self.homes[i + 1] - self.homes[i]
                self._leaving(sub.id, sub.steps, subs_opts, start, y)
                for o in subs_opts:
                    for f in o.from_steps:
                        start[f] -= self.moved_from[o.id, f, y]
                    start[o.to_step] += self.moved[o.id, y]
                stock = start
                for step in sub.steps:
                    self.end_stock[sub.id, step, y] = stock[step]

    def _leaving(
        self,
        sub: str,
        steps: tuple[str, ...],
        subs_opts: list[Option],
        start: dict[str, float],
        y: int,
    ) -> None:
        for step in steps:
            out_ = sum(self.moved_from[o.id, step, y] for o in subs_opts)
            n_rows = sum(1 for o in subs_opts if step in o.from_steps)
            if out_ > start[step] + _REL * max(1.0, start[step]) + _HH * n_rows:
                self.fail(
                    Constraint.STOCK,
                    f"sub_sectors[{sub}].{step}.{y}",
                    f"{out_} households left a step that held {start[step]}",
                )

    def capacity(self) -> None:
        """Households served so far <= spare + capacity of the living plants."""
        years = self.years
        for fac in self.problem.facilities:
            users = [o.id for o in self.problem.options if o.facility == fac.id]
            if not users:
                continue
            for y in years:
                served = sum(self.moved[o, t] for o in users for t in years if t <= y)
                living = sum(
                    self.built[fac.id, t] for t in years if t <= y and y - t < fac.lifetime_years
                )
                room = fac.existing_spare_capacity + fac.capacity_households * living
                if served > room * (1 + _REL) + _HH * len(users) * len(years):
                    self.fail(
                        Constraint.CAPACITY, f"facilities[{fac.id}].{y}", f"{served} > {room}"
                    )

    # ------------------------------------------------------- targets and total costs

    def targets(self) -> None:
        """Shortfall in the at-least form, weight = index of the at-least step."""
        reported = {(t.sub_sector, t.step, t.kind, t.year): t for t in self.result.targets}
        weighted = 0.0
        for tg in self.problem.targets:
            sub = next(s for s in self.problem.sub_sectors if s.id == tg.sub_sector)
            k, share = sub.steps.index(tg.step), float(tg.share)
            if TargetKind(tg.kind) is TargetKind.AT_MOST:
                k, share = k + 1, 1.0 - share
            required = share * self.homes[self.years.index(tg.year) + 1]
            have = sum(self.end_stock[sub.id, step, tg.year] for step in sub.steps[k:])
            short = max(0.0, required - have)
            weighted += k * short
            tol = 1e-5 * max(1.0, required)
            row = reported.get((tg.sub_sector, tg.step, TargetKind(tg.kind), tg.year))
            where = f"targets[{tg.sub_sector}.{tg.step}.{tg.year}]"
            if row is None:
                self.fail(Constraint.SHORTFALL, where, "target missing from the result")
            elif abs(row.shortfall_households - short) > tol or (row.met and short > tol):
                self.fail(
                    Constraint.SHORTFALL, where, f"reported {row.shortfall_households}, is {short}"
                )
        got = self.result.weighted_shortfall
        if abs(got - weighted) > 1e-5 * max(1.0, weighted):
            self.fail(Constraint.SHORTFALL, "weighted_shortfall", f"reported {got}, is {weighted}")

    def costs(self) -> None:
        """The nominal total and the total discounted to the first plan year."""
        result, years = self.result, self.years
        rate = float(self.problem.discount_rate)
        total = sum((line.rupiah for line in result.program), Decimal(0))
        discounted = sum(
            float(line.rupiah) * (1.0 + rate) ** -years.index(line.year)
            for line in result.program
            if line.year in years
        )
        if result.total_cost != total:
            self.fail(
                Constraint.COST, "total_cost", f"reported Rp{result.total_cost}, lines Rp{total}"
            )
        if abs(float(result.discounted_cost) - discounted) > _money_tol(
            discounted, len(result.program)
        ):
            self.fail(
                Constraint.COST,
                "discounted_cost",
                f"reported Rp{result.discounted_cost}, lines Rp{discounted:,.0f}",
            )


def check_result(problem: PlanProblem, result: PlanResult) -> tuple[Violation, ...]:
    """Every constraint of ``problem`` that ``result`` breaks (empty when none)."""
    check = _Checker(problem, result)
    check.read_moves()
    check.read_plants()
    check.read_program()
    check.option_costs()
    check.facility_costs()
    check.budgets()
    check.apbd_floor()
    check.option_caps()
    check.stocks()
    check.capacity()
    check.targets()
    check.costs()
    return tuple(check.out)
