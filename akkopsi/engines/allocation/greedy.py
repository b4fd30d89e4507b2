"""Greedy baseline, in the manner of Consul's knapsack ``Budget::Result#calculate_winners``.

Year by year, candidates (option x from-step) are ranked by households per rupiah, i.e.
by ascending unit cost per household: capital + O&M still payable inside the horizon +
the linked facility's plant cost and O&M per household of capacity. Ties break on option
id, then on the lower from-step. Each candidate in turn gets as many households as

* its targets still need (the largest open gap among the targets of its sub-sector whose
  step it crosses, in this or a later year),
* stand on its from-step at the start of the year (plus newcomers),
* its annual cap allows,
* the facility capacity allows in every later year (whole plants are built when needed and
  affordable, the number that serves the most households),
* and the money allows: capital now, and O&M in every later year of the asset's life,
  reserved at once so that a later budget is never overdrawn.

Money is taken from the allowed sources "cheapest first", read as: the most restricted
source first (fewest items it may pay for), then by id, so flexible money stays available.
Unlike Consul's indivisible projects, households are divisible, so a candidate that does
not fit whole is funded in part.

The APBD floor (``ApbdRuleMode.FLOOR``) is a constraint here as in the optimiser. While a
year's floor is not reached, the floor's source pays first wherever it may. When the
targets are served and the floor still lacks money, the greedy buys more work with it, as
the optimiser must: households moved beyond the targets by the options whose capital that
source may pay (dearest per household first, so the floor takes the fewest households),
then whole plants it may pay for.

So the greedy program respects every constraint of the model (sources allowed per item and
cost kind, envelopes, the APBD floor, stocks, yearly caps, whole plants within their caps,
capacity of living plants, O&M over the asset's life): it is a feasible point of the same
MILP, and the optimiser can never do worse (less weighted shortfall, or as little at no
higher discounted cost). :func:`~akkopsi.engines.allocation.check.check_result` verifies
both against the problem. Two outcomes differ from that:

* no program meets the floor: :class:`InfeasiblePlan`, with the optimiser's own message
  (the greedy asks the optimiser only when its own pass missed a floor);
* a program meets the floor but the greedy pass missed it in some year (it moved the
  households the floor needed in an earlier year, for instance): the result names
  ``Constraint.APBD_FLOOR`` in ``constraints_broken`` and says so in a note. It is then no
  feasible point, answers another question, and must not be compared with the optimiser.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from akkopsi.engines.allocation.errors import PlanNote
from akkopsi.engines.allocation.model import FloatArray, Model, Prepared, build_model
from akkopsi.engines.allocation.report import build_result, shortfalls
from akkopsi.engines.allocation.solve import lexicographic
from akkopsi.engines.allocation.types import Constraint, Method, Note, PlanProblem, PlanResult

__all__ = ["greedy_values", "solve_greedy"]

_TINY = 1e-9


class _Year:
    """What one year of the greedy pass has done so far."""

    def __init__(self, p: Prepared, stock: list[list[float]], year: int) -> None:
        self.year = year
        self.end: list[list[float]] = []
        """Households per sub-sector and step at the end of the year."""
        self.avail: list[list[float]] = []
        """Households per sub-sector and step that may still leave it this year."""
        for g, sub in enumerate(p.subs):
            start = list(stock[g])
            start[sub.entry] += p.newcomers[year]
            self.end.append(list(start))
            self.avail.append(list(start))
        self.moved = [0.0] * len(p.options)
        self.built = [0.0] * len(p.facilities)


class _Greedy:
    def __init__(self, model: Model) -> None:
        self.m = model
        self.p = p = model.prepared
        self.T = p.horizon
        self.rem = [list(s.envelope) for s in p.sources]
        self.v: FloatArray = np.zeros(model.num_cols)
        n_items = len(p.options) + len(p.facilities)
        cap_breadth = [0] * len(p.sources)
        om_breadth = [0] * len(p.sources)
        for rules, breadth in (
            (p.option_cap_sources + p.facility_cap_sources, cap_breadth),
            (p.option_om_sources + p.facility_om_sources, om_breadth),
        ):
            for allowed in rules[:n_items]:
                for s in allowed:
                    breadth[s] += 1

        def order(allowed: tuple[int, ...], breadth: list[int]) -> tuple[int, ...]:
            return tuple(sorted(allowed, key=lambda s: (breadth[s], p.sources[s].id)))

        self.o_cap = [order(a, cap_breadth) for a in p.option_cap_sources]
        self.o_om = [order(a, om_breadth) for a in p.option_om_sources]
        self.f_cap = [order(a, cap_breadth) for a in p.facility_cap_sources]
        self.f_om = [order(a, om_breadth) for a in p.facility_om_sources]
        self.stock = [list(sub.baseline) for sub in p.subs]
        self.load = [[0.0] * self.T for _ in p.facilities]
        self.cap = [[f.spare] * self.T for f in p.facilities]
        self.apbd = p.apbd_source if p.apbd_floor else -1
        self.floor = [p.apbd_share * a for a in p.apbd_total] if p.apbd_floor else [0.0] * self.T
        self.floor_missed: list[int] = []

    # ------------------------------------------------------------------ floor
    def _gap(self, rem: list[list[float]], year: int) -> float:
        """APBD money still to spend in ``year`` to reach the floor (0 without a floor)."""
        if self.apbd < 0:
            return 0.0
        spent = self.p.sources[self.apbd].envelope[year] - rem[self.apbd][year]
        return max(0.0, self.floor[year] - spent)

    # ------------------------------------------------------------------ money
    def _take(
        self, rem: list[list[float]], order: tuple[int, ...], year: int, amount: float
    ) -> list[tuple[int, float]] | None:
        """Take ``amount`` at ``year`` from sources in ``order``; None if it does not fit.

        Under an APBD floor, the floor's source pays first (when allowed) up to what the
        floor of ``year`` still lacks; the rest follows ``order``.
        """
        if amount <= 0:
            return []
        if sum(rem[s][year] for s in order) < amount * (1 - 1e-12) - _TINY:
            return None
        parts: list[tuple[int, float]] = []
        left = amount
        if self.apbd in order:
            take = min(rem[self.apbd][year], left, self._gap(rem, year))
            if take > 0:
                rem[self.apbd][year] -= take
                parts.append((self.apbd, take))
                left -= take
        for s in order:
            if left <= 0:
                break
            take = min(rem[s][year], left)
            if take > 0:
                rem[s][year] -= take
                parts.append((s, take))
                left -= take
        return parts

    def _om_years(self, year: int, life: int) -> range:
        return range(year + 1, min(year + life, self.T))

    def _money_q(self, o: int, year: int, plants: int, rem: list[list[float]]) -> float:
        """Households of option ``o`` the money allows after buying ``plants`` (-1 if not)."""
        p = self.p
        opt = p.options[o]
        if plants:
            fac = p.facilities[opt.facility]
            if self._take(rem, self.f_cap[opt.facility], year, fac.capex * plants) is None:
                return -1.0
            for tau in self._om_years(year, fac.life):
                if self._take(rem, self.f_om[opt.facility], tau, fac.opex * plants) is None:
                    return -1.0
        q = math.inf
        if opt.capex > 0:
            q = min(q, sum(rem[s][year] for s in self.o_cap[o]) / opt.capex)
        if opt.opex > 0:
            for tau in self._om_years(year, opt.life):
                q = min(q, sum(rem[s][tau] for s in self.o_om[o]) / opt.opex)
        return max(0.0, q * (1 - 1e-12))

    # ----------------------------------------------------------- one candidate
    def _fit(self, o: int, year: int, q0: float, built: list[float]) -> tuple[float, int]:
        opt = self.p.options[o]
        if opt.facility < 0:
            return min(q0, self._money_q(o, year, 0, [list(r) for r in self.rem])), 0
        e = opt.facility
        fac = self.p.facilities[e]
        alive_end = min(year + fac.life, self.T)
        free = [self.cap[e][t] - self.load[e][t] for t in range(year, self.T)]
        a = min(free[: alive_end - year])
        b = min(free[alive_end - year :], default=math.inf)

        def q_of(n: int) -> float:
            money = self._money_q(o, year, n, [list(r) for r in self.rem])
            return -1.0 if money < 0 else min(q0, a + fac.capacity * n, b, money)

        target = min(q0, b)
        need = max(0, math.ceil((target - a) / fac.capacity - 1e-9)) if target > a else 0
        need = int(min(need, fac.max_per_year - built[e]))
        if q_of(need) >= min(target, a + fac.capacity * need) - _TINY:
            return max(0.0, q_of(need)), need
        lo, hi = 0, need  # money(n) >= capacity(n) holds at lo, fails at hi
        if q_of(0) < 0:
            return 0.0, 0
        while hi - lo > 1:
            mid = (lo + hi) // 2
            qm = q_of(mid)
            if qm >= 0 and qm >= min(target, a + fac.capacity * mid) - _TINY:
                lo = mid
            else:
                hi = mid
        best = max((q_of(n), -n) for n in (lo, hi))
        return max(0.0, best[0]), -best[1]

    def _build(self, e: int, year: int, plants: int) -> None:
        m, v = self.m, self.v
        fac = self.p.facilities[e]
        v[m.col_n[e, year]] += plants
        for s, amount in self._take(self.rem, self.f_cap[e], year, fac.capex * plants) or []:
            v[m.col_cap["f", e, year, s]] += amount
        for tau in self._om_years(year, fac.life):
            for s, amount in self._take(self.rem, self.f_om[e], tau, fac.opex * plants) or []:
                v[m.col_om["f", e, tau, s]] += amount
        for tau in range(year, min(year + fac.life, self.T)):
            self.cap[e][tau] += fac.capacity * plants

    def _commit(self, o: int, f: int, year: int, q: float, plants: int) -> None:
        m, p, v = self.m, self.p, self.v
        opt = p.options[o]
        if plants:
            self._build(opt.facility, year, plants)
        if q <= 0:
            return
        v[m.col_x[o, f, year]] += q
        for s, amount in self._take(self.rem, self.o_cap[o], year, opt.capex * q) or []:
            v[m.col_cap["o", o, year, s]] += amount
        for tau in self._om_years(year, opt.life):
            for s, amount in self._take(self.rem, self.o_om[o], tau, opt.opex * q) or []:
                v[m.col_om["o", o, tau, s]] += amount
        if opt.facility >= 0:
            for tau in range(year, self.T):
                self.load[opt.facility][tau] += q

    # ---------------------------------------------------------------- targets
    def _need(self, o: int, f: int, year: int, end: list[float]) -> float:
        p = self.p
        opt = p.options[o]
        sub = p.subs[opt.sub]
        need = 0.0
        for t in p.targets:
            if t.sub != opt.sub or t.year < year or not f < t.step <= opt.to_step:
                continue
            have = sum(end[t.step :])
            if sub.entry >= t.step:
                have += sum(p.newcomers[year + 1 : t.year + 1])
            need = max(need, t.share * p.households[t.year] - have)
        return need

    def _unit_cost(self, o: int, year: int) -> float:
        p = self.p
        opt = p.options[o]
        cost = opt.capex + opt.opex * len(self._om_years(year, opt.life))
        if opt.facility >= 0:
            fac = p.facilities[opt.facility]
            cost += (fac.capex + fac.opex * len(self._om_years(year, fac.life))) / fac.capacity
        return cost

    def run(self) -> FloatArray:
        p = self.p
        for year in range(self.T):
            state = _Year(p, self.stock, year)
            candidates = sorted(
                (self._unit_cost(o, year), opt.id, f, o)
                for o, opt in enumerate(p.options)
                for f in opt.from_steps
            )
            for _, _, f, o in candidates:
                self._move(state, o, f, self._need(o, f, year, state.end[p.options[o].sub]))
            if self._gap(self.rem, year) > _TINY:
                self._top_up(state, candidates)
            self.stock = state.end
        return self.v

    def _move(self, state: _Year, o: int, f: int, q0: float) -> None:
        """Move up to ``q0`` households by option ``o`` from step ``f``, as many as fit."""
        opt = self.p.options[o]
        g, year = opt.sub, state.year
        q0 = min(q0, state.avail[g][f], opt.max_per_year - state.moved[o])
        if q0 <= _TINY:
            return
        q, plants = self._fit(o, year, q0, state.built)
        if q <= _TINY:
            return
        self._commit(o, f, year, q, plants)
        state.moved[o] += q
        if opt.facility >= 0:
            state.built[opt.facility] += plants
        state.avail[g][f] -= q
        state.end[g][f] -= q
        state.end[g][opt.to_step] += q

    def _top_up(self, state: _Year, candidates: list[tuple[float, str, int, int]]) -> None:
        """Spend what the APBD floor of the year still lacks, as the optimiser must.

        The APBD source already paid first wherever it may (see :meth:`_take`), so what is
        missing needs more work: households moved beyond the targets' need by the options
        whose capital the APBD source may pay, dearest per household first (the floor then
        takes the fewest households, leaving more for the floors of later years), as many as
        the gap buys; then whole plants it may pay for, the fewest that close the gap. A
        year whose floor stays short is recorded in ``floor_missed``.
        """
        p, year = self.p, state.year
        for _, _, f, o in sorted(candidates, key=lambda c: (-p.options[c[3]].capex, c[1:])):
            capex = p.options[o].capex
            gap = self._gap(self.rem, year)
            if gap <= _TINY:
                return
            if capex > 0 and self.apbd in self.o_cap[o]:
                self._move(state, o, f, gap / capex)
        for e, fac in enumerate(p.facilities):
            gap = self._gap(self.rem, year)
            if gap <= _TINY:
                return
            if fac.capex <= 0 or self.apbd not in self.f_cap[e]:
                continue
            room = fac.max_per_year - state.built[e]
            for n in range(int(min(room, math.ceil(gap / fac.capex - 1e-9))), 0, -1):
                if self._plants_fit(e, year, n):
                    self._build(e, year, n)
                    state.built[e] += n
                    break
        if self._gap(self.rem, year) > _TINY * max(1.0, self.floor[year]):
            self.floor_missed.append(year)

    def _plants_fit(self, e: int, year: int, n: int) -> bool:
        fac = self.p.facilities[e]
        rem = [list(r) for r in self.rem]
        if self._take(rem, self.f_cap[e], year, fac.capex * n) is None:
            return False
        return all(
            self._take(rem, self.f_om[e], tau, fac.opex * n) is not None
            for tau in self._om_years(year, fac.life)
        )


def _greedy(model: Model) -> tuple[FloatArray, list[int]]:
    greedy = _Greedy(model)
    values = greedy.run()
    for col, short in zip(model.col_u, shortfalls(model, values), strict=True):
        values[col] = short
    return values, greedy.floor_missed


def greedy_values(model: Model) -> FloatArray:
    """Column values of the greedy program: a feasible point of ``model`` unless the
    heuristic missed an APBD floor (see :func:`solve_greedy`)."""
    return _greedy(model)[0]


def solve_greedy(problem: PlanProblem) -> PlanResult:
    """Greedy baseline program, reported like :func:`~akkopsi.engines.allocation.solve`.

    Raises :class:`InfeasiblePlan` when no program meets the APBD floor, as ``solve`` does.
    When the heuristic misses a floor in some year, the optimiser is asked whether any
    program meets every floor: if none does, the same :class:`InfeasiblePlan` is raised;
    if one does, the greedy program is returned with ``constraints_broken`` naming the floor
    and a note naming the years: it is then not a feasible point and not comparable.
    """
    model = build_model(problem)
    values, missed = _greedy(model)
    notes = [Note.of(PlanNote.GREEDY_BASELINE)]
    broken: tuple[Constraint, ...] = ()
    if missed:
        lexicographic(model)  # raises InfeasiblePlan when no program meets the floor
        years = ", ".join(str(model.prepared.years[i]) for i in missed)
        notes.append(Note.of(PlanNote.GREEDY_MISSES_FLOOR, years=years))
        broken = (Constraint.APBD_FLOOR,)
    result = build_result(model, values, Method.GREEDY, notes=tuple(notes))
    return replace(result, constraints_broken=broken)
