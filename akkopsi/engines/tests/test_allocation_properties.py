"""Invariants of the optimiser and the greedy baseline on random small plans (Hypothesis)."""

from __future__ import annotations

import math
from dataclasses import replace
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akkopsi.engines.allocation import (
    ApbdRuleMode,
    Constraint,
    CostKind,
    InfeasiblePlan,
    ItemKind,
    Model,
    Note,
    PlanNote,
    PlanProblem,
    PlanResult,
    build_model,
    check_result,
    solve,
    solve_greedy,
)
from akkopsi.engines.allocation.greedy import greedy_values
from akkopsi.engines.allocation.solve import lexicographic
from akkopsi.engines.tests.allocation_strategies import plans

SETTINGS = settings(max_examples=100, deadline=None, database=None, derandomize=True)


def _z_tol(z: float) -> float:
    return 1e-6 * max(1.0, abs(z))


def _cost_leq(a: Decimal, b: Decimal) -> bool:
    """a <= b up to the solver's relative accuracy and rupiah rounding."""
    return a <= b + max(Decimal(5), b * Decimal("1e-6"))


def _assert_feasible(model: Model, values: np.ndarray) -> None:
    """Every row and bound of the model holds (tolerance 1e-6 in model units)."""
    assert np.all(values >= model.col_lower - 1e-6)
    assert np.all(values <= model.col_upper + 1e-6)
    ints = model.integrality.astype(bool)
    assert np.allclose(values[ints], np.round(values[ints]), atol=1e-6)
    activity = np.zeros(model.num_rows)
    for c in range(model.num_cols):
        lo, hi = model.a_start[c], model.a_start[c + 1]
        activity[model.a_index[lo:hi]] += model.a_value[lo:hi] * values[c]
    scale = 1e-6 * np.maximum(1.0, np.abs(model.row_upper[np.isfinite(model.row_upper)]))
    assert np.all(
        activity[np.isfinite(model.row_upper)]
        <= model.row_upper[np.isfinite(model.row_upper)] + scale
    )
    fin = np.isfinite(model.row_lower)
    assert np.all(
        activity[fin] >= model.row_lower[fin] - 1e-6 * np.maximum(1.0, np.abs(model.row_lower[fin]))
    )


def _assert_budgets_and_stocks(problem: PlanProblem, result: PlanResult) -> None:
    # no budget exceeded (each program line is rounded to the rupiah)
    envelope = {
        (s.id, problem.base_year + 1 + i): Decimal(v)
        for s in problem.sources
        for i, v in enumerate(s.envelope)
    }
    for row in result.spending:
        lines = sum(
            1 for line in result.program if line.source == row.source and line.year == row.year
        )
        assert row.total <= envelope[row.source, row.year] + lines, row
        assert row.envelope == envelope[row.source, row.year].quantize(Decimal(1))
    # no more households leave a step than stood on it at the start of the year (+ newcomers)
    stock = {(c.sub_sector, c.year, c.step): c.households for c in result.coverage}
    for sub in problem.sub_sectors:
        entry = sub.entry_step or sub.steps[0]
        for year in result.years:
            total_now = sum(stock[sub.id, year, s] for s in sub.steps)
            total_before = sum(stock[sub.id, year - 1, s] for s in sub.steps)
            for step in sub.steps:
                start = stock[sub.id, year - 1, step] + (
                    total_now - total_before if step == entry else 0
                )
                out = sum(
                    m.households
                    for m in result.moves
                    if m.sub_sector == sub.id and m.year == year and m.from_step == step
                )
                assert out <= start + 1e-6 * max(1.0, start), (sub.id, year, step, out, start)
                assert stock[sub.id, year, step] >= -1e-6
    # capital lines of options carry the households; every plant line belongs to a facility
    for line in result.program:
        if line.cost_kind is CostKind.OPERATING:
            assert line.households == 0
        if line.item_kind is ItemKind.FACILITY:
            assert line.households == 0


APBD_MODES = [None, ApbdRuleMode.CHECK, ApbdRuleMode.FLOOR]


def _both(problem: PlanProblem) -> tuple[PlanResult, PlanResult] | None:
    """The optimiser's and the greedy's results; ``None`` when the plan is infeasible, after
    checking that the greedy says so with the optimiser's words."""
    try:
        best = solve(problem)
    except InfeasiblePlan as error:
        with pytest.raises(InfeasiblePlan) as greedy_error:
            solve_greedy(problem)
        assert greedy_error.value.message == error.message
        return None
    return best, solve_greedy(problem)


@pytest.mark.parametrize("mode", APBD_MODES)
@SETTINGS
@given(data=st.data())
def test_optimal_and_greedy_programs_respect_every_constraint(
    mode: ApbdRuleMode | None, data: st.DataObject
) -> None:
    problem = data.draw(plans(apbd=mode))
    both = _both(problem)
    if both is None:
        assert mode is ApbdRuleMode.FLOOR  # only a floor can make a plan infeasible
        return
    best, greedy = both
    model = build_model(problem)
    values, _, _ = lexicographic(model)
    _assert_feasible(model, values)
    assert check_result(problem, best) == ()
    assert best.constraints_broken == ()
    _assert_budgets_and_stocks(problem, best)
    # the greedy program breaks exactly the constraints it declares, and only the floor
    broken = {v.constraint for v in check_result(problem, greedy)}
    assert broken == set(greedy.constraints_broken)
    assert broken <= {Constraint.APBD_FLOOR}
    if not broken:
        _assert_feasible(model, greedy_values(model))
    _assert_budgets_and_stocks(problem, greedy)


@pytest.mark.parametrize("mode", APBD_MODES)
@SETTINGS
@given(data=st.data())
def test_optimiser_never_does_worse_than_greedy(
    mode: ApbdRuleMode | None, data: st.DataObject
) -> None:
    problem = data.draw(plans(apbd=mode))
    both = _both(problem)
    if both is None:
        return
    best, baseline = both
    if baseline.constraints_broken:
        # a greedy program that missed the floor answers another question: never compared
        assert any(
            isinstance(note, Note) and note.code == PlanNote.GREEDY_MISSES_FLOOR
            for note in baseline.notes
        )
        return
    assert best.weighted_shortfall <= baseline.weighted_shortfall + _z_tol(
        baseline.weighted_shortfall
    )
    if abs(best.weighted_shortfall - baseline.weighted_shortfall) <= 1e-9 * max(
        1.0, baseline.weighted_shortfall
    ):
        assert _cost_leq(best.discounted_cost, baseline.discounted_cost)


@SETTINGS
@given(
    problem=plans(),
    factor=st.sampled_from([Decimal(1), Decimal("1.5"), Decimal(2), Decimal(10)]),
    bonus=st.integers(0, 200),
)
def test_more_money_never_serves_fewer_nor_costs_more_for_the_same_targets(
    problem: PlanProblem, factor: Decimal, bonus: int
) -> None:
    richer = replace(
        problem,
        sources=tuple(
            replace(
                s,
                envelope=tuple(
                    v * factor + (bonus * 1_000_000 if n == 0 else 0) for v in s.envelope
                ),
            )
            for n, s in enumerate(problem.sources)
        ),
    )
    poor, rich = solve(problem), solve(richer)
    assert rich.weighted_shortfall <= poor.weighted_shortfall + _z_tol(poor.weighted_shortfall)
    for a, b in zip(rich.targets, poor.targets, strict=True):
        assert a.shortfall_with_unlimited_money is not None
        assert b.shortfall_with_unlimited_money is not None
    if abs(rich.weighted_shortfall - poor.weighted_shortfall) <= 1e-9 * max(
        1.0, poor.weighted_shortfall
    ):
        assert _cost_leq(rich.discounted_cost, poor.discounted_cost)


@SETTINGS
@given(problem=plans(), data=st.data())
def test_reordering_options_sources_and_targets_changes_nothing(
    problem: PlanProblem, data: st.DataObject
) -> None:
    shuffled = replace(
        problem,
        options=tuple(data.draw(st.permutations(problem.options))),
        sources=tuple(data.draw(st.permutations(problem.sources))),
        targets=tuple(data.draw(st.permutations(problem.targets))),
        sub_sectors=tuple(data.draw(st.permutations(problem.sub_sectors))),
    )
    assert solve(shuffled) == solve(problem)
    assert solve_greedy(shuffled) == solve_greedy(problem)


@SETTINGS
@given(problem=plans(min_options=3), data=st.data())
def test_removing_an_option_never_helps(problem: PlanProblem, data: st.DataObject) -> None:
    drop = data.draw(st.sampled_from([o.id for o in problem.options]))
    fewer = replace(problem, options=tuple(o for o in problem.options if o.id != drop))
    # a source rule may name the dropped option: remove it there too
    fewer = replace(
        fewer,
        sources=tuple(
            replace(
                s,
                capital_for=None if s.capital_for is None else s.capital_for - {drop},
                operating_for=None if s.operating_for is None else s.operating_for - {drop},
            )
            for s in fewer.sources
        ),
    )
    full, reduced = solve(problem), solve(fewer)
    assert full.weighted_shortfall <= reduced.weighted_shortfall + _z_tol(
        reduced.weighted_shortfall
    )
    if abs(full.weighted_shortfall - reduced.weighted_shortfall) <= 1e-9 * max(
        1.0, reduced.weighted_shortfall
    ):
        assert _cost_leq(full.discounted_cost, reduced.discounted_cost)


@SETTINGS
@given(problem=plans())
def test_unlimited_money_leaves_no_more_shortfall_and_extra_money_is_non_negative(
    problem: PlanProblem,
) -> None:
    result = solve(problem)
    for t in result.targets:
        assert t.shortfall_with_unlimited_money is not None
        assert t.shortfall_with_unlimited_money <= t.shortfall_households + 1e-6 * max(
            1.0, t.required_households
        )
    assert all(e.rupiah > 0 for e in result.extra_funding)
    assert result.extra_funding_total == sum((e.rupiah for e in result.extra_funding), Decimal(0))
    for e in result.extra_funding:
        parts = [
            x.rupiah
            for x in result.extra_funding_by_item
            if (x.year, x.source) == (e.year, e.source)
        ]
        assert sum(parts, Decimal(0)) == e.rupiah and all(x > 0 for x in parts)
    if result.weighted_shortfall <= 1e-6:
        assert result.extra_funding == ()
        assert result.extra_funding_by_item == ()
    for mv in result.marginal_values:
        assert mv.shortfall_reduction_per_billion >= 0 and math.isfinite(
            mv.shortfall_reduction_per_billion
        )
