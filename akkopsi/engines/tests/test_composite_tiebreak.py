"""The tie-break rule of a methodology: equal index scores are ordered by the named
nodes, and equal data always rank equally."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akkopsi.engines.composite import (
    Aggregate,
    Indicator,
    IndicatorTable,
    Methodology,
    MethodologyError,
    Normalisation,
    compute,
    tie_broken_ranks,
)

FEW = settings(max_examples=40, deadline=None)
GOALPOSTS = Normalisation.goalposts(0.0, 100.0, scale=100.0)


def _method(tie_break: tuple[str, ...]) -> Methodology:
    """Two equally weighted categories: A (I0, I1) and B (I2); I0 and I1 equally weighted."""
    return Methodology(
        (
            Indicator("I0", "A", normalisation=GOALPOSTS),
            Indicator("I1", "A", normalisation=GOALPOSTS),
            Indicator("I2", "B", normalisation=GOALPOSTS),
        ),
        (Aggregate("A", 2, "IDX"), Aggregate("B", 2, "IDX"), Aggregate("IDX", 3)),
        tie_break=tie_break,
    )


rows = st.lists(
    st.tuples(*(st.integers(0, 100).map(float) for _ in range(3))), min_size=1, max_size=8
)


def _table(base: list[tuple[float, float, float]]) -> IndicatorTable:
    """Every row, its twin (equal data) and its mirror (I0 and I1 swapped: the same
    index score)."""
    data = []
    for a, b, c in base:
        data += [(a, b, c), (a, b, c), (b, a, c)]
    cols = {f"I{j}": [r[j] for r in data] for j in range(3)}
    return IndicatorTable.from_columns([f"U{i}" for i in range(len(data))], cols)


@FEW
@given(base=rows, tie_break=st.sampled_from([(), ("I0",), ("I1", "B"), ("A", "I0")]))
def test_equal_data_rank_equally_and_ties_follow_the_rule(
    base: list[tuple[float, float, float]], tie_break: tuple[str, ...]
) -> None:
    data = _table(base)
    res = compute(data, _method(tie_break))
    ranks = res.index_ranks
    x = data.values
    for i in range(0, data.n_units, 3):
        assert ranks[i] == ranks[i + 1]  # equal data, equal rank, whatever the rule
        a, b = x[i, 0], x[i, 1]
        mirror = ranks[i + 2]
        if a == b or not tie_break or tie_break[0] == "A":
            # "A" does not separate a row from its mirror (equal A score); then I0 does
            first = next((c for c in tie_break if c in ("I0", "I1")), None)
            if a == b or first is None:
                assert mirror == ranks[i]
            elif first == "I0":
                assert (ranks[i] < mirror) == (a > b)
        elif tie_break[0] == "I0":
            assert (ranks[i] < mirror) == (a > b) and ranks[i] != mirror
        elif tie_break[0] == "I1":
            assert (ranks[i] < mirror) == (b > a) and ranks[i] != mirror
    # ranks run from 1, competition style: each rank is 1 + the units ranked strictly better
    for r in ranks:
        assert r == 1 + np.sum(ranks < r)
    # and do not depend on the order of the units
    order = np.random.default_rng(len(base)).permutation(data.n_units)
    again = compute(data.reorder(order), _method(tie_break))
    np.testing.assert_array_equal(again.index_ranks, ranks[order])


def test_tie_break_by_hand() -> None:
    scores = np.array([5.0, 5.0, 5.0, 7.0, np.nan])
    key = np.array([1.0, 3.0, 1.0, 0.0, 9.0])
    np.testing.assert_array_equal(tie_broken_ranks(scores, [key]), [3.0, 2.0, 3.0, 1.0, np.nan])
    # a missing key counts as the worst
    np.testing.assert_array_equal(
        tie_broken_ranks(scores[:3], [np.array([np.nan, 0.0, np.nan])]), [2.0, 1.0, 2.0]
    )
    np.testing.assert_array_equal(tie_broken_ranks(scores[:4], []), [2.0, 2.0, 2.0, 1.0])


@pytest.mark.parametrize("bad", [("IDX",), ("nope",), ("I0", "I0")])
def test_tie_break_names_known_nodes_once(bad: tuple[str, ...]) -> None:
    with pytest.raises(MethodologyError) as exc:
        _method(bad)
    assert exc.value.field == "TieBreak"
