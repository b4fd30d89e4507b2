"""Hypothesis strategies (named input domains) for the composite-indicator engine tests."""

from __future__ import annotations

from hypothesis import strategies as st

from akkopsi.engines.composite import (
    Aggregate,
    Indicator,
    IndicatorTable,
    Methodology,
    Normalisation,
)

# Indicator values of ordinary magnitude: a few decimals, no NaN/inf, no denormals.
nice_values = st.floats(
    min_value=-1000.0, max_value=1000.0, allow_nan=False, allow_infinity=False
).map(lambda v: round(v, 3))
positive_values = st.floats(min_value=0.01, max_value=1000.0, allow_nan=False).map(
    lambda v: round(v, 3)
)
weights = st.floats(min_value=0.1, max_value=10.0, allow_nan=False).map(lambda v: round(v, 2))
directions = st.sampled_from([1, -1])


@st.composite
def tables(
    draw: st.DrawFn,
    *,
    min_units: int = 2,
    max_units: int = 10,
    n_ind: int | None = None,
    values: st.SearchStrategy[float] = nice_values,
) -> IndicatorTable:
    """A units x indicators table with columns I0, I1, ...; unit codes U0, U1, ..."""
    n = draw(st.integers(min_units, max_units))
    p = n_ind if n_ind is not None else draw(st.integers(2, 5))
    cols = {f"I{j}": draw(st.lists(values, min_size=n, max_size=n)) for j in range(p)}
    return IndicatorTable.from_columns([f"U{i}" for i in range(n)], cols)


@st.composite
def methodologies(
    draw: st.DrawFn,
    n_ind: int,
    *,
    norm: Normalisation | None = None,
    positive_direction: bool = False,
) -> Methodology:
    """A 2- or 3-level arithmetic tree over indicators I0..I{n_ind-1} with random
    weights and directions (min-max 0-100 unless ``norm`` is given)."""
    three_levels = n_ind >= 3 and draw(st.booleans())
    n_groups = draw(st.integers(1, min(3, n_ind))) if three_levels else 1
    inds = []
    for j in range(n_ind):
        group = j % n_groups
        inds.append(
            Indicator(
                f"I{j}",
                f"G{group}" if three_levels else "IDX",
                direction=1 if positive_direction else draw(directions),
                weight=draw(weights),
                normalisation=norm or Normalisation.minmax(),
            )
        )
    if three_levels:
        aggs = [Aggregate(f"G{g}", 2, "IDX", weight=draw(weights)) for g in range(n_groups)]
        aggs.append(Aggregate("IDX", 3))
    else:
        aggs = [Aggregate("IDX", 2)]
    return Methodology(tuple(inds), tuple(aggs))


@st.composite
def table_and_methodology(
    draw: st.DrawFn, *, positive_direction: bool = False, max_units: int = 10
) -> tuple[IndicatorTable, Methodology]:
    table = draw(tables(max_units=max_units))
    method = draw(methodologies(len(table.columns), positive_direction=positive_direction))
    return table, method
