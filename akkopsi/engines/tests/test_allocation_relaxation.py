"""The LP relaxation of the engine's model equals an independent scipy.optimize.linprog model.

The independent formulation below is written from the problem statement, not from
``model.py``, and deliberately uses other variables: households moved per option, from-step,
year *and source* (``x[o,f,t,s]``), explicit end-of-year stocks ``S[g,k,t]`` with balance
equations, and plant funding shares ``w[e,t,s]``. Both must give the same stage-1 (weighted
shortfall) and stage-2 (discounted cost) optimum.
"""

from __future__ import annotations

import math
from collections.abc import Hashable

import numpy as np
import pytest
from hypothesis import given, settings
from scipy.optimize import linprog

from akkopsi.engines.allocation import (
    ApbdRuleMode,
    InfeasiblePlan,
    PlanProblem,
    SubSector,
    TargetKind,
    build_model,
    solve_relaxation,
)
from akkopsi.engines.tests.allocation_strategies import plans

SCALE = 1e6  # money in millions, as rupiah / 1e6


class _LP:
    def __init__(self) -> None:
        self.index: dict[Hashable, int] = {}
        self.bounds: list[tuple[float | None, float | None]] = []
        self.eq: list[tuple[dict[int, float], float]] = []
        self.ub: list[tuple[dict[int, float], float]] = []

    def var(self, key: Hashable, lo: float | None = 0.0, hi: float | None = None) -> int:
        self.index[key] = len(self.bounds)
        self.bounds.append((lo, hi))
        return self.index[key]

    @staticmethod
    def _dense(rows: list[tuple[dict[int, float], float]], n: int) -> tuple[np.ndarray, np.ndarray]:
        a = np.zeros((len(rows), n))
        b = np.zeros(len(rows))
        for r, (terms, rhs) in enumerate(rows):
            for c, v in terms.items():
                a[r, c] += v
            b[r] = rhs
        return a, b

    def solve(
        self, cost: dict[int, float], extra_ub: list[tuple[dict[int, float], float]]
    ) -> float | None:
        n = len(self.bounds)
        c = np.zeros(n)
        for k, v in cost.items():
            c[k] += v
        a_ub, b_ub = self._dense(self.ub + extra_ub, n)
        a_eq, b_eq = self._dense(self.eq, n)
        res = linprog(
            c,
            A_ub=a_ub if len(b_ub) else None,
            b_ub=b_ub if len(b_ub) else None,
            A_eq=a_eq if len(b_eq) else None,
            b_eq=b_eq if len(b_eq) else None,
            bounds=self.bounds,
            method="highs",
        )
        if res.status == 2:  # infeasible: only an APBD floor can do that
            return None
        assert res.status == 0, res.message
        return float(res.fun)


class _Independent:
    """The LP of one problem, built by constraint family (in this order)."""

    def __init__(self, problem: PlanProblem) -> None:
        self.problem = problem
        self.T = T = problem.horizon
        growth = float(problem.growth_rate)
        self.homes = [problem.households * (1 + growth) ** (t + 1) for t in range(T)]
        prev = [float(problem.households), *self.homes[:-1]]
        self.newcomers = [self.homes[t] - prev[t] for t in range(T)]
        rate = float(problem.discount_rate)
        self.disc = [(1 + rate) ** -t for t in range(T)]
        self.lp = _LP()
        items = [o.id for o in problem.options] + [f.id for f in problem.facilities]
        self.cap_src = {
            item: [s.id for s in problem.sources if _pays(s.capital_for, item)] for item in items
        }
        self.om_src = {
            item: [s.id for s in problem.sources if _pays(s.operating_for, item)] for item in items
        }
        self.spend: dict[tuple[str, int], dict[int, float]] = {
            (s.id, t): {} for s in problem.sources for t in range(T)
        }
        self.cost: dict[int, float] = {}
        self.moved: dict[tuple[str, int], list[int]] = {}  # (option, t) -> columns
        self.moved_from: dict[tuple[str, str, int], list[int]] = {}  # (option, from, t)
        self.weights: dict[int, float] = {}

    def pay(self, src: str, t: int, col: int, amount: float) -> None:
        self.spend[src, t][col] = self.spend[src, t].get(col, 0.0) + amount
        self.cost[col] = self.cost.get(col, 0.0) + self.disc[t] * amount

    def households_moved(self) -> None:
        """By source (or "none" when the option has no capital cost); yearly caps."""
        lp = self.lp
        for o in self.problem.options:
            capex = float(o.capital_cost_per_household) / SCALE
            payers = self.cap_src[o.id] if capex > 0 else ["none"]
            for t in range(self.T):
                for f in o.from_steps:
                    for s in payers:
                        col = lp.var(("x", o.id, f, t, s))
                        self.moved.setdefault((o.id, t), []).append(col)
                        self.moved_from.setdefault((o.id, f, t), []).append(col)
                        if s != "none":
                            self.pay(s, t, col, capex)
                if o.max_households_per_year is not None:
                    cap = float(o.max_households_per_year)
                    lp.ub.append(({c: 1.0 for c in self.moved[o.id, t]}, cap))

    def plants(self) -> None:
        """Relaxed count, funded by shares of sources."""
        for fac in self.problem.facilities:
            top = None if fac.max_plants_per_year is None else float(fac.max_plants_per_year)
            capex = float(fac.capital_cost_per_plant) / SCALE
            for t in range(self.T):
                n = self.lp.var(("n", fac.id, t), 0.0, top)
                if capex > 0:
                    shares = {n: -1.0}
                    for s in self.cap_src[fac.id]:
                        col = self.lp.var(("w", fac.id, t, s))
                        self.pay(s, t, col, capex)
                        shares[col] = 1.0
                    self.lp.eq.append((shares, 0.0))

    def _om(self, item: str, opex: float, life: int, built: dict[int, list[int]]) -> None:
        for t in range(1, self.T):
            window = [tau for tau in range(self.T) if tau < t and t - tau < life]
            if opex <= 0 or not window:
                continue
            terms = {}
            for s in self.om_src[item]:
                col = self.lp.var(("m", item, t, s))
                self.pay(s, t, col, 1.0)
                terms[col] = 1.0
            for tau in window:
                for col in built[tau]:
                    terms[col] = terms.get(col, 0.0) - opex
            self.lp.eq.append((terms, 0.0))

    def operating(self) -> None:
        """O&M of everything alive and built in an earlier year."""
        T = self.T
        for o in self.problem.options:
            opex = float(o.operating_cost_per_household) / SCALE
            self._om(o.id, opex, o.lifetime_years, {t: self.moved[o.id, t] for t in range(T)})
        for fac in self.problem.facilities:
            built = {t: [self.lp.index["n", fac.id, t]] for t in range(T)}
            self._om(fac.id, float(fac.operating_cost_per_plant) / SCALE, fac.lifetime_years, built)

    def budgets(self) -> None:
        """Envelopes, and the APBD floor: its source spends min_share x APBD total a year."""
        for source in self.problem.sources:
            for t in range(self.T):
                self.lp.ub.append((self.spend[source.id, t], float(source.envelope[t]) / SCALE))
        rule = self.problem.apbd_rule
        if rule is not None and ApbdRuleMode(rule.mode) is ApbdRuleMode.FLOOR:
            for t in range(self.T):
                floor = float(rule.min_share) * float(rule.apbd_total[t]) / SCALE
                self.lp.ub.append(({c: -v for c, v in self.spend[rule.source, t].items()}, -floor))

    def stocks(self) -> None:
        """S[k,t] = S[k,t-1] + newcomers + arrivals - departures; departures <= start stock."""
        for sub in self.problem.sub_sectors:
            for step in sub.steps:
                for t in range(self.T):
                    self.lp.var(("S", sub.id, step, t), None, None)
            for k in range(len(sub.steps)):
                for t in range(self.T):
                    self._stock(sub, k, t)

    def _stock(self, sub: SubSector, k: int, t: int) -> None:
        lp, step = self.lp, sub.steps[k]
        start = self.newcomers[t] if step == (sub.entry_step or sub.steps[0]) else 0.0
        before: dict[int, float] = {}
        if t == 0:
            start += sub.baseline[k]
        else:
            before[lp.index["S", sub.id, step, t - 1]] = 1.0
        options = [o for o in self.problem.options if o.sub_sector == sub.id]
        out_cols = [
            c for o in options if step in o.from_steps for c in self.moved_from[o.id, step, t]
        ]
        in_cols = [c for o in options if o.to_step == step for c in self.moved[o.id, t]]
        bal = {lp.index["S", sub.id, step, t]: 1.0}
        for c, v in before.items():
            bal[c] = bal.get(c, 0.0) - v
        for c in out_cols:
            bal[c] = bal.get(c, 0.0) + 1.0
        for c in in_cols:
            bal[c] = bal.get(c, 0.0) - 1.0
        lp.eq.append((bal, start))
        dep = {c: 1.0 for c in out_cols}
        for c, v in before.items():
            dep[c] = dep.get(c, 0.0) - v
        lp.ub.append((dep, start))

    def capacity(self) -> None:
        for fac in self.problem.facilities:
            users = [o for o in self.problem.options if o.facility == fac.id]
            if not users:
                continue
            for t in range(self.T):
                terms: dict[int, float] = {}
                for o in users:
                    for tau in range(t + 1):
                        for c in self.moved[o.id, tau]:
                            terms[c] = terms.get(c, 0.0) + 1.0
                for tau in range(t + 1):
                    if t - tau < fac.lifetime_years:
                        n = self.lp.index["n", fac.id, tau]
                        terms[n] = terms.get(n, 0.0) - fac.capacity_households
                self.lp.ub.append((terms, float(fac.existing_spare_capacity)))

    def targets(self) -> None:
        """With shortfall, weighted by the index of the (at-least) step."""
        for j, tg in enumerate(self.problem.targets):
            sub = next(s for s in self.problem.sub_sectors if s.id == tg.sub_sector)
            t = tg.year - self.problem.base_year - 1
            k = sub.steps.index(tg.step)
            share = float(tg.share)
            if tg.kind is TargetKind.AT_MOST:  # at most v at/below k == at least 1-v above k
                k, share = k + 1, 1.0 - share
            u = self.lp.var(("u", j))
            self.weights[u] = float(k)
            terms = {u: -1.0}
            for step in sub.steps[k:]:
                terms[self.lp.index["S", sub.id, step, t]] = -1.0
            self.lp.ub.append((terms, -share * self.homes[t]))


def _pays(rule: frozenset[str] | None, item: str) -> bool:
    return rule is None or item in rule


def independent_relaxation(problem: PlanProblem) -> tuple[float, float] | None:
    """Stage-1 and stage-2 optimum of the LP; ``None`` when no program meets the floor."""
    model = _Independent(problem)
    model.households_moved()
    model.plants()
    model.operating()
    model.budgets()
    model.stocks()
    model.capacity()
    model.targets()
    z1 = model.lp.solve(model.weights, [])
    if z1 is None:
        return None
    tol = 1e-9 * max(1.0, abs(z1))
    z2 = model.lp.solve(model.cost, [(model.weights, z1 + tol)])
    assert z2 is not None
    return z1, z2


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6)


@settings(max_examples=150, deadline=None, database=None, derandomize=True)
@given(problem=plans())
def test_lp_relaxation_matches_independent_linprog_model(problem: PlanProblem) -> None:
    ours = solve_relaxation(build_model(problem))
    theirs = independent_relaxation(problem)
    assert theirs is not None
    assert _close(ours[0], theirs[0]), (ours, theirs)
    assert _close(ours[1], theirs[1]), (ours, theirs)


@settings(max_examples=100, deadline=None, database=None, derandomize=True)
@given(problem=plans(apbd=ApbdRuleMode.FLOOR))
def test_lp_relaxation_with_the_apbd_floor_matches_independent_linprog_model(
    problem: PlanProblem,
) -> None:
    theirs = independent_relaxation(problem)
    if theirs is None:
        with pytest.raises(InfeasiblePlan):
            solve_relaxation(build_model(problem))
        return
    ours = solve_relaxation(build_model(problem))
    assert _close(ours[0], theirs[0]), (ours, theirs)
    assert _close(ours[1], theirs[1]), (ours, theirs)
