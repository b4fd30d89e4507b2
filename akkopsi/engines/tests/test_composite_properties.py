"""Invariants of the composite engine, checked with Hypothesis."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from akkopsi.engines.composite import (
    Aggregate,
    Indicator,
    IndicatorTable,
    Methodology,
    Normalisation,
    competition_ranks,
    compute,
)
from akkopsi.engines.tests.composite_strategies import (
    positive_values,
    table_and_methodology,
    tables,
)

TM = tuple[IndicatorTable, Methodology]

FEW = settings(max_examples=30, deadline=None)


norms = st.one_of(
    st.tuples(st.floats(-50, 50), st.floats(1, 100)).map(
        lambda t: Normalisation.minmax(round(t[0], 2), round(t[0] + t[1], 2))
    ),
    st.tuples(st.floats(-500, 500), st.floats(1, 500), st.sampled_from([1.0, 100.0])).map(
        lambda t: Normalisation.goalposts(round(t[0], 2), round(t[0] + t[1], 2), t[2])
    ),
    st.just(Normalisation.rank()),
    st.just(Normalisation.dist2targ(2000.0, cap=True, scale=100.0)),
)


@FEW
@given(data=tables(), norm=norms)
def test_normalised_values_lie_in_declared_range(data: IndicatorTable, norm: Normalisation) -> None:
    m = Methodology(
        tuple(Indicator(c, "IDX", normalisation=norm) for c in data.columns),
        (Aggregate("IDX", 2),),
    )
    res = compute(data, m)
    lo, hi = norm.declared_range(data.n_units)
    x = res.normalised
    assert np.all(x >= lo - 1e-9) and np.all(x <= hi + 1e-9)


@FEW
@given(
    tm=table_and_methodology(positive_direction=True),
    unit=st.integers(0, 9),
    ind=st.integers(0, 4),
    delta=positive_values,
)
def test_raising_a_positive_indicator_never_lowers_the_units_score(
    tm: TM, unit: int, ind: int, delta: float
) -> None:
    data, method = tm
    i = unit % data.n_units
    j = ind % len(data.columns)
    before = compute(data, method)
    values = np.array(data.values)
    values[i, j] += delta
    after = compute(IndicatorTable(data.units, data.columns, values), method)
    assert after.index_scores[i] >= before.index_scores[i] - 1e-9


@FEW
@given(tm=table_and_methodology(), perm_seed=st.integers(0, 2**31))
def test_scores_do_not_depend_on_unit_order(tm: TM, perm_seed: int) -> None:
    data, method = tm
    order = np.random.default_rng(perm_seed).permutation(data.n_units)
    a = compute(data, method)
    b = compute(data.reorder(order), method)
    np.testing.assert_allclose(b.scores, a.scores[order], rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(b.ranks, a.ranks[order])


@FEW
@given(
    tm=table_and_methodology(),
    col=st.integers(0, 4),
    factor=st.floats(0.001, 1000.0),
    shift=st.floats(-1000.0, 1000.0),
)
def test_rescaling_an_indicator_changes_nothing_under_minmax(
    tm: TM, col: int, factor: float, shift: float
) -> None:
    data, method = tm
    j = col % len(data.columns)
    values = np.array(data.values)
    values[:, j] = values[:, j] * factor + shift
    a = compute(data, method)
    b = compute(IndicatorTable(data.units, data.columns, values), method)
    np.testing.assert_allclose(b.normalised, a.normalised, atol=1e-7)
    np.testing.assert_allclose(b.scores, a.scores, atol=1e-7)
    close = np.abs(np.subtract.outer(a.index_scores, a.index_scores))
    assume(not np.any((close > 0) & (close < 1e-6)))  # no near-ties that rounding could split
    np.testing.assert_array_equal(b.index_ranks, a.index_ranks)


@FEW
@given(tm=table_and_methodology(max_units=8), src=st.integers(0, 7))
def test_identical_rows_get_equal_scores_and_ranks(tm: TM, src: int) -> None:
    data, method = tm
    i = src % data.n_units
    values = np.vstack([data.values, data.values[i]])
    twin = IndicatorTable((*data.units, "TWIN"), data.columns, values)
    res = compute(twin, method)
    np.testing.assert_array_equal(res.scores[-1], res.scores[i])
    np.testing.assert_array_equal(res.ranks[-1], res.ranks[i])


@FEW
@given(
    scores=st.lists(
        st.sampled_from([0.0, 1.5, 2.0, 2.0000000000001, 3.25, 7.0, -1.0]), min_size=1, max_size=12
    )
)
def test_ranks_run_from_one_with_competition_ties(scores: list[float]) -> None:
    s = np.array(scores)
    r = competition_ranks(s)
    rounded = np.round(s, 9)
    assert r.min() == 1.0
    for k in range(len(s)):
        # rank = 1 + number of strictly better (rounded) scores
        assert r[k] == 1 + np.sum(rounded > rounded[k])
    # the ranks, sorted, form a "1, 2, 2, 4" sequence: each rank equals its first position
    srt = np.sort(r)
    for pos, value in enumerate(srt, start=1):
        assert value == pos or value == srt[pos - 2]


@FEW
@given(tm=table_and_methodology())
def test_contributions_sum_to_the_index_score(tm: TM) -> None:
    data, method = tm
    res = compute(data, method)
    np.testing.assert_allclose(
        res.contributions.sum(axis=1), res.index_scores, rtol=1e-9, atol=1e-9
    )
