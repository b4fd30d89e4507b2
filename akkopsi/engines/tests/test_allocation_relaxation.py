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


def independent_relaxation(problem: PlanProblem) -> tuple[float, float] | None:
    """Stage-1 and stage-2 optimum of the LP; ``None`` when no program meets the floor."""
    T = problem.horizon
    growth = float(problem.growth_rate)
    homes = [problem.households * (1 + growth) ** (t + 1) for t in range(T)]
    prev = [float(problem.households), *homes[:-1]]
    newcomers = [homes[t] - prev[t] for t in range(T)]
    rate = float(problem.discount_rate)
    disc = [(1 + rate) ** -t for t in range(T)]
    lp = _LP()

    def pays(rule: frozenset[str] | None, item: str) -> bool:
        return rule is None or item in rule

    cap_src = {
        item: [s.id for s in problem.sources if pays(s.capital_for, item)]
        for item in [o.id for o in problem.options] + [f.id for f in problem.facilities]
    }
    om_src = {
        item: [s.id for s in problem.sources if pays(s.operating_for, item)] for item in cap_src
    }
    spend: dict[tuple[str, int], dict[int, float]] = {
        (s.id, t): {} for s in problem.sources for t in range(T)
    }
    cost: dict[int, float] = {}

    def pay(src: str, t: int, col: int, amount: float) -> None:
        spend[src, t][col] = spend[src, t].get(col, 0.0) + amount
        cost[col] = cost.get(col, 0.0) + disc[t] * amount

    # households moved, by source (or "none" when the option has no capital cost)
    moved: dict[tuple[str, int], list[int]] = {}  # (option, t) -> columns
    moved_from: dict[tuple[str, str, int], list[int]] = {}  # (option, from, t) -> columns
    for o in problem.options:
        capex = float(o.capital_cost_per_household) / SCALE
        payers = cap_src[o.id] if capex > 0 else ["none"]
        for t in range(T):
            for f in o.from_steps:
                for s in payers:
                    col = lp.var(("x", o.id, f, t, s))
                    moved.setdefault((o.id, t), []).append(col)
                    moved_from.setdefault((o.id, f, t), []).append(col)
                    if s != "none":
                        pay(s, t, col, capex)
            if o.max_households_per_year is not None:
                lp.ub.append(({c: 1.0 for c in moved[o.id, t]}, float(o.max_households_per_year)))

    # plants: relaxed count, funded by shares of sources
    for fac in problem.facilities:
        top = None if fac.max_plants_per_year is None else float(fac.max_plants_per_year)
        capex = float(fac.capital_cost_per_plant) / SCALE
        for t in range(T):
            n = lp.var(("n", fac.id, t), 0.0, top)
            if capex > 0:
                shares = {n: -1.0}
                for s in cap_src[fac.id]:
                    col = lp.var(("w", fac.id, t, s))
                    pay(s, t, col, capex)
                    shares[col] = 1.0
                lp.eq.append((shares, 0.0))

    # O&M of everything alive and built in an earlier year
    def om(item: str, opex: float, life: int, built: dict[int, list[int]]) -> None:
        for t in range(1, T):
            window = [tau for tau in range(T) if tau < t and t - tau < life]
            if opex <= 0 or not window:
                continue
            terms = {}
            for s in om_src[item]:
                col = lp.var(("m", item, t, s))
                pay(s, t, col, 1.0)
                terms[col] = 1.0
            for tau in window:
                for col in built[tau]:
                    terms[col] = terms.get(col, 0.0) - opex
            lp.eq.append((terms, 0.0))

    for o in problem.options:
        om(
            o.id,
            float(o.operating_cost_per_household) / SCALE,
            o.lifetime_years,
            {t: moved[o.id, t] for t in range(T)},
        )
    for fac in problem.facilities:
        om(
            fac.id,
            float(fac.operating_cost_per_plant) / SCALE,
            fac.lifetime_years,
            {t: [lp.index["n", fac.id, t]] for t in range(T)},
        )

    for source in problem.sources:
        for t in range(T):
            lp.ub.append((spend[source.id, t], float(source.envelope[t]) / SCALE))
    rule = problem.apbd_rule
    if rule is not None and ApbdRuleMode(rule.mode) is ApbdRuleMode.FLOOR:
        # the APBD source spends at least min_share x APBD total each year
        for t in range(T):
            floor = float(rule.min_share) * float(rule.apbd_total[t]) / SCALE
            lp.ub.append(({c: -v for c, v in spend[rule.source, t].items()}, -floor))

    # stocks: S[k,t] = S[k,t-1] + newcomers + arrivals - departures; departures <= start stock
    for sub in problem.sub_sectors:
        entry = sub.entry_step or sub.steps[0]
        for step in sub.steps:
            for t in range(T):
                lp.var(("S", sub.id, step, t), None, None)
        for k, step in enumerate(sub.steps):
            for t in range(T):
                start = newcomers[t] if step == entry else 0.0
                before: dict[int, float] = {}
                if t == 0:
                    start += sub.baseline[k]
                else:
                    before[lp.index["S", sub.id, step, t - 1]] = 1.0
                out_cols = [
                    c
                    for o in problem.options
                    if o.sub_sector == sub.id and step in o.from_steps
                    for c in moved_from[o.id, step, t]
                ]
                in_cols = [
                    c
                    for o in problem.options
                    if o.sub_sector == sub.id and o.to_step == step
                    for c in moved[o.id, t]
                ]
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

    # facility capacity
    for fac in problem.facilities:
        users = [o for o in problem.options if o.facility == fac.id]
        if not users:
            continue
        for t in range(T):
            terms: dict[int, float] = {}
            for o in users:
                for tau in range(t + 1):
                    for c in moved[o.id, tau]:
                        terms[c] = terms.get(c, 0.0) + 1.0
            for tau in range(t + 1):
                if t - tau < fac.lifetime_years:
                    n = lp.index["n", fac.id, tau]
                    terms[n] = terms.get(n, 0.0) - fac.capacity_households
            lp.ub.append((terms, float(fac.existing_spare_capacity)))

    # targets with shortfall, weighted by the index of the (at-least) step
    weights: dict[int, float] = {}
    for j, tg in enumerate(problem.targets):
        sub = next(s for s in problem.sub_sectors if s.id == tg.sub_sector)
        t = tg.year - problem.base_year - 1
        k = sub.steps.index(tg.step)
        share = float(tg.share)
        if tg.kind is TargetKind.AT_MOST:  # at most v at/below k == at least 1-v above k
            k, share = k + 1, 1.0 - share
        u = lp.var(("u", j))
        weights[u] = float(k)
        terms = {u: -1.0}
        for step in sub.steps[k:]:
            terms[lp.index["S", sub.id, step, t]] = -1.0
        lp.ub.append((terms, -share * homes[t]))

    z1 = lp.solve(weights, [])
    if z1 is None:
        return None
    tol = 1e-9 * max(1.0, abs(z1))
    z2 = lp.solve(cost, [(weights, z1 + tol)])
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
