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
not fit whole is funded in part. The APBD floor (``ApbdRuleMode.FLOOR``) is not enforced.

The result is a feasible point of the same MILP, so the optimiser can never do worse.
"""

from __future__ import annotations

import math

import numpy as np

from akkopsi.engines.allocation.model import FloatArray, Model, build_model
from akkopsi.engines.allocation.report import build_result, shortfalls
from akkopsi.engines.allocation.types import Method, PlanProblem, PlanResult

__all__ = ["greedy_values", "solve_greedy"]

_TINY = 1e-9


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

    # ------------------------------------------------------------------ money
    @staticmethod
    def _take(
        rem: list[list[float]], order: tuple[int, ...], year: int, amount: float
    ) -> list[tuple[int, float]] | None:
        """Take ``amount`` at ``year`` from sources in ``order``; None if it does not fit."""
        if amount <= 0:
            return []
        if sum(rem[s][year] for s in order) < amount * (1 - 1e-12) - _TINY:
            return None
        parts: list[tuple[int, float]] = []
        left = amount
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

    def _commit(self, o: int, f: int, year: int, q: float, plants: int) -> None:
        m, p, v = self.m, self.p, self.v
        opt = p.options[o]
        if plants:
            e = opt.facility
            fac = p.facilities[e]
            v[m.col_n[e, year]] += plants
            for s, amount in self._take(self.rem, self.f_cap[e], year, fac.capex * plants) or []:
                v[m.col_cap["f", e, year, s]] += amount
            for tau in self._om_years(year, fac.life):
                for s, amount in self._take(self.rem, self.f_om[e], tau, fac.opex * plants) or []:
                    v[m.col_om["f", e, tau, s]] += amount
            for tau in range(year, min(year + fac.life, self.T)):
                self.cap[e][tau] += fac.capacity * plants
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
            end: list[list[float]] = []
            avail: list[list[float]] = []
            for g, sub in enumerate(p.subs):
                start = list(self.stock[g])
                start[sub.entry] += p.newcomers[year]
                end.append(list(start))
                avail.append(list(start))
            moved = [0.0] * len(p.options)
            built = [0.0] * len(p.facilities)
            candidates = sorted(
                (self._unit_cost(o, year), opt.id, f, o)
                for o, opt in enumerate(p.options)
                for f in opt.from_steps
            )
            for _, _, f, o in candidates:
                opt = p.options[o]
                g = opt.sub
                q0 = min(
                    self._need(o, f, year, end[g]),
                    avail[g][f],
                    opt.max_per_year - moved[o],
                )
                if q0 <= _TINY:
                    continue
                q, plants = self._fit(o, year, q0, built)
                if q <= _TINY:
                    continue
                self._commit(o, f, year, q, plants)
                moved[o] += q
                if opt.facility >= 0:
                    built[opt.facility] += plants
                avail[g][f] -= q
                end[g][f] -= q
                end[g][opt.to_step] += q
            self.stock = end
        return self.v


def greedy_values(model: Model) -> FloatArray:
    """Column values of the greedy program (a feasible point of ``model``)."""
    values = _Greedy(model).run()
    for col, short in zip(model.col_u, shortfalls(model, values), strict=True):
        values[col] = short
    return values


def solve_greedy(problem: PlanProblem) -> PlanResult:
    """Greedy baseline program, reported like :func:`~akkopsi.engines.allocation.solve`."""
    model = build_model(problem)
    notes = ("Program dasar greedy (bukan optimal).",)
    return build_result(model, greedy_values(model), Method.GREEDY, notes=notes)
