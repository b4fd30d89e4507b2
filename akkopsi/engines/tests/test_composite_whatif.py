"""What would it take: hand-checked exact and bisection answers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from akkopsi.engines.composite import (
    Aggregate,
    Indicator,
    IndicatorTable,
    Methodology,
    Normalisation,
    compute,
    ipm_methodology,
    what_would_it_take,
)


def _two(bounds: tuple[float | None, float | None] = (None, None)) -> Methodology:
    return Methodology(
        (Indicator("X", "IDX", bounds=bounds), Indicator("Y", "IDX")),
        (Aggregate("IDX", 2),),
    )


def test_exact_solution_when_the_bounds_do_not_move() -> None:
    # X: 0, 4, 6, 10 -> 0, 40, 60, 100; Y: 0, 10, 0, 10 -> 0, 100, 0, 100
    # scores A 0, B 70, C 30, D 100; ranks 4, 2, 3, 1.
    # C needs 70 (B): +40 = 0.5 * dY -> Y from 0 to 80 % of 10 = 8 (min of Y stays 0 via A).
    # A needs 30 (C): +30 = 0.5 * dY -> Y = 6 (exact); through X A is the unique minimum,
    # so bisection: above 4 the minimum becomes B's 4, A = (v - 4) / 6 * 100 / 2 and
    # C = (6 - 4) / 6 * 100 / 2 = 16.67 -> v = 6.
    data = IndicatorTable.from_columns(list("ABCD"), {"X": [0, 4, 6, 10], "Y": [0, 10, 0, 10]})
    res = what_would_it_take(data, _two())
    np.testing.assert_array_equal(res.current_rank, [4, 2, 3, 1])
    c = res.for_unit("C")
    assert c["Y"] == pytest.approx(8.0)
    assert res.method[2][1] == "exact"
    a = res.for_unit("A")
    assert a["Y"] == pytest.approx(6.0)
    assert a["X"] == pytest.approx(6.0, abs=1e-6)
    assert res.method[0] == ("bisection", "exact")
    # the leader has nothing to gain
    assert res.for_unit("D") == {"X": None, "Y": None}
    assert res.change[2, 1] == pytest.approx(8.0)


def test_the_answer_really_lifts_the_unit_and_a_little_less_does_not() -> None:
    data = IndicatorTable.from_columns(list("ABCD"), {"X": [0, 4, 6, 10], "Y": [0, 10, 0, 10]})
    method = _two()
    res = what_would_it_take(data, method)
    before = compute(data, method).index_ranks
    for i, unit in enumerate(data.units):
        for j, _code in enumerate(data.columns):
            v = res.value[i, j]
            if math.isnan(v):
                continue
            for value, lifts in ((v + 1e-6, True), (v - 1e-3, False)):
                x = np.array(data.values)
                x[i, j] = value
                after = compute(IndicatorTable(data.units, data.columns, x), method).index_ranks
                assert bool(after[i] < before[i]) is lifts, (unit, _code, value)


def test_impossible_within_observed_range_and_possible_with_declared_bounds() -> None:
    # A (0, 0) -> 0, B (5, 5) -> 50, C (10, 10) -> 100. B cannot reach C by X up to the best
    # observed 10 (B = 75). Beyond, with X = v: B = 75 and C = (100 * 10 / v + 100) / 2,
    # equal at v = 20; the declared bound 30 allows the search up to there.
    data = IndicatorTable.from_columns(list("ABC"), {"X": [0, 5, 10], "Y": [0, 5, 10]})
    assert what_would_it_take(data, _two()).for_unit("B")["X"] is None
    res = what_would_it_take(data, _two(bounds=(0, 30)))
    assert res.for_unit("B")["X"] == pytest.approx(20.0, abs=1e-6)
    # A via X: above 5 the minimum becomes B's; A = (v - 5) * 10 and B = 25 -> v = 7.5
    assert res.for_unit("A")["X"] == pytest.approx(7.5, abs=1e-6)


def test_negative_direction_asks_for_a_decrease() -> None:
    data = IndicatorTable.from_columns(list("ABC"), {"X": [10, 6, 0], "Y": [0, 5, 10]})
    method = Methodology(
        (Indicator("X", "IDX", direction=-1), Indicator("Y", "IDX")),
        (Aggregate("IDX", 2),),
    )
    res = what_would_it_take(data, method)
    # A: (0 + 0) / 2 = 0; B: (40 + 50) / 2 = 45. A needs 45 = X_norm / 2 -> X_norm = 90
    # -> X = 10 - 0.9 * 10 = 1, but A is the unique worst of X, so bisection finds where
    # A catches B with the moving bound: A = (6 - v) / 6 * 100 / 2 vs B = 50 / 2 = 25 -> v = 3
    assert res.for_unit("A")["X"] == pytest.approx(3.0, abs=1e-6)
    assert res.change[0, 0] < 0


def test_ipm_expenditure_needed_to_pass_the_next_region() -> None:
    # IPM's geometric mean rules out the exact solution: bisection finds 11000
    data = IndicatorTable.from_columns(
        ["A", "B"],
        {
            "UHH": [70.0, 70.0],
            "HLS": [13.0, 13.0],
            "RLS": [9.0, 9.0],
            "PENGELUARAN": [10000.0, 11000.0],
        },
    )
    res = what_would_it_take(data, ipm_methodology())
    assert res.for_unit("A")["PENGELUARAN"] == pytest.approx(11000.0, rel=1e-9)
    assert res.method[0] == ("bisection",) * 4
    # B leads; RLS for A: 9 -> 9 + d with the education index making up for 10000 vs 11000
    assert res.for_unit("B") == dict.fromkeys(("UHH", "HLS", "RLS", "PENGELUARAN"))


def test_exact_through_a_log_transform_with_fixed_goalposts() -> None:
    # amean of ln-goalposts expenditure and a second indicator: A must match B's
    # expenditure exactly (the other indicator is equal), solved through exp()
    gp = Normalisation.goalposts(1007.436, 26572.352, scale=100)
    method = Methodology(
        (
            Indicator("P", "IDX", transform="ln", normalisation=gp),
            Indicator("Q", "IDX", normalisation=Normalisation.goalposts(0, 10)),
        ),
        (Aggregate("IDX", 2),),
    )
    data = IndicatorTable.from_columns(["A", "B", "C"], {"P": [10000, 11000, 9000], "Q": [5, 5, 5]})
    res = what_would_it_take(data, method)
    assert res.for_unit("A")["P"] == pytest.approx(11000.0, rel=1e-9)
    assert res.method[0][0] == "exact"


def test_goalposts_make_further_improvement_useless() -> None:
    # X capped at its upper post 100 for A already -> nothing to gain through X
    data = IndicatorTable.from_columns(["A", "B"], {"X": [100.0, 50.0], "Y": [0.0, 100.0]})
    gp = Normalisation.goalposts(0, 100)
    method = Methodology(
        (Indicator("X", "IDX", normalisation=gp), Indicator("Y", "IDX", normalisation=gp)),
        (Aggregate("IDX", 2),),
    )
    res = what_would_it_take(data, method)
    # A 0.5, B 0.75: A needs +0.25 = 0.5 * dX_norm -> X_norm 1.5 > 1: impossible via X
    assert res.for_unit("A")["X"] is None
    assert res.for_unit("A")["Y"] == pytest.approx(50.0)
    best = res.easiest("A")
    assert best is not None and best[0] == "Y" and best[1] == pytest.approx(50.0)


def test_incremental_reaggregation_agrees_with_the_full_pass(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The search re-aggregates only the changed path, incrementally where the policy
    allows; switching the shortcut off must give the same answers."""
    from akkopsi.engines.composite import MissingPolicy, Treatment
    from akkopsi.engines.composite._whatif import _Context

    rng = np.random.default_rng(9)
    x = rng.uniform(1, 50, size=(12, 4))
    x[2, 1] = np.nan
    x[7, 3] = np.nan
    data = IndicatorTable(tuple(f"U{i}" for i in range(12)), ("A", "B", "C", "D"), x)
    mm = Normalisation.minmax(1, 100)
    method = Methodology(
        (
            Indicator("A", "P", normalisation=mm),
            Indicator("B", "P", normalisation=Normalisation.zscore(50, 10)),
            Indicator("C", "Q", normalisation=mm, treatment=Treatment.winsorise(2)),
            Indicator("D", "Q", normalisation=mm),
        ),
        (
            Aggregate("P", 2, "IDX", missing=MissingPolicy("impute_median")),
            Aggregate("Q", 2, "IDX", aggregation="gmean"),
            Aggregate("IDX", 3, weight=1, aggregation="gmean"),
        ),
    )
    fast = what_would_it_take(data, method, max_iter=30)
    monkeypatch.setattr(_Context, "_update", lambda self, a, pos, changed: None)
    full = what_would_it_take(data, method, max_iter=30)
    np.testing.assert_allclose(fast.value, full.value, rtol=1e-9, equal_nan=True)
    assert fast.method == full.method
    assert np.isfinite(fast.value).sum() > 10
