"""The uncertainty analysis runs the very pipeline of the official result: the nominal
methodology is one of its runs, the replications use the official tie rule, a geometric
mean drawn beside a zero-based normalisation falls back to a positive alternative, the
Sobol indices carry bootstrap intervals and the analysis checks say what failed."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from akkopsi.engines.composite import (
    Aggregate,
    Indicator,
    IndicatorTable,
    Methodology,
    Normalisation,
    UncertaintySpec,
    check_analysis,
    compute,
    sensitivity,
    sobol_bootstrap,
    sobol_estimates,
    uncertainty,
)
from akkopsi.engines.composite._results import SensitivityResult
from akkopsi.engines.composite._tree import compile_tree
from akkopsi.engines.composite._uncertainty import draw_choices
from akkopsi.engines.composite.errors import CompositeIssue


def _data(n: int = 40, seed: int = 3) -> IndicatorTable:
    rng = np.random.default_rng(seed)
    x = np.round(rng.uniform(0, 100, size=(n, 4)), 0)  # whole percentages: ties happen
    return IndicatorTable.from_columns(
        [f"U{i:02d}" for i in range(n)], {f"I{j}": list(x[:, j]) for j in range(4)}
    )


def _method(tie_break: tuple[str, ...] = ()) -> Methodology:
    """Min-max 0-100 as the awards' default: the worst unit of each indicator gets 0."""
    inds = tuple(
        Indicator(f"I{j}", f"P{j // 2}", normalisation=Normalisation.minmax(0.0, 100.0))
        for j in range(4)
    )
    aggs = (Aggregate("P0", 2, "IDX", weight=2.0), Aggregate("P1", 2, "IDX"), Aggregate("IDX", 3))
    return Methodology(inds, aggs, tie_break=tie_break)


#: The awards' uncertain choices of methodology version 2: the methodology's own
#: normalisation beside positive alternatives, and the geometric mean.
SPEC = UncertaintySpec(
    weight_noise=((1, 0.25), (2, 0.25)),
    normalisations=(None, Normalisation.minmax(1.0, 100.0), Normalisation.rank()),
    aggregations=(None, "gmean"),
)


def test_the_first_run_is_the_official_result_and_every_official_rank_is_in_range() -> None:
    data, method = _data(), _method(tie_break=("I0",))
    ua = uncertainty(data, method, SPEC, 300, seed=5)
    official = compute(data, method).index_ranks
    np.testing.assert_array_equal(ua.ranks[:, 0], official)
    np.testing.assert_array_equal(ua.nominal, official)
    assert np.all(ua.low <= official) and np.all(official <= ua.high)
    np.testing.assert_array_equal(ua.low, ua.ranks.min(axis=1))
    np.testing.assert_array_equal(ua.high, ua.ranks.max(axis=1))
    assert ua.nominal_outside_range() == ()
    assert ua.choices["normalisation"][0] == -1 and ua.ranks.shape == (40, 300)


def test_replications_apply_the_official_tie_rule() -> None:
    # U0 and U1 have the same index score; the tie-break (I0) puts U1 first
    data = IndicatorTable.from_columns(
        ["U0", "U1", "U2"],
        {"I0": [10.0, 20.0, 0.0], "I1": [20.0, 10.0, 0.0], "I2": [5, 5, 1], "I3": [5, 5, 9]},
    )
    inds = tuple(
        Indicator(c, "P", normalisation=Normalisation.minmax(1.0, 100.0), bounds=(0.0, 100.0))
        for c in ("I0", "I1")
    )
    method = Methodology(
        (*inds, Indicator("I2", "Q"), Indicator("I3", "Q")),
        (Aggregate("P", 2, "IDX"), Aggregate("Q", 2, "IDX"), Aggregate("IDX", 3)),
        tie_break=("I0",),
    )
    official = compute(method=method, data=data).index_ranks
    assert list(official) == [2.0, 1.0, 3.0]
    # an alternative that changes nothing: every replication is the official ranking
    spec = UncertaintySpec(aggregations=(None, "amean"))
    ua = uncertainty(data, method, spec, 20, seed=1)
    for r in range(20):
        np.testing.assert_array_equal(ua.ranks[:, r], official)


def test_a_geometric_mean_drawn_with_a_zero_based_normalisation_uses_a_positive_one() -> None:
    data, method = _data(), _method()
    ua = uncertainty(data, method, SPEC, 200, seed=9)
    # the same draws, one at a time through compute
    choices = draw_choices(compile_tree(method), SPEC, 199, np.random.default_rng(9))
    tree = compile_tree(method)
    fell_back = 0
    for r in range(199):
        m = method.with_weights(dict(zip(tree.node_codes, choices.weights[r], strict=True)))
        norm = SPEC.normalisations[choices.normalisation[r]]
        gmean = SPEC.aggregations[choices.aggregation[r]] == "gmean"
        if gmean and norm is None:
            norm, fell_back = SPEC.normalisations[1], fell_back + 1  # the first positive one
        inds = m.indicators
        if norm is not None:
            inds = tuple(replace(i, normalisation=norm) for i in inds)
        aggs = (
            tuple(replace(a, aggregation="gmean") for a in m.aggregates) if gmean else m.aggregates
        )
        expected = compute(data, Methodology(inds, aggs)).index_ranks
        np.testing.assert_array_equal(ua.ranks[:, r + 1], expected)
    assert fell_back > 0


def test_the_bootstrap_interval_equals_a_naive_resampling() -> None:
    n, d = 200, 3
    y = np.random.default_rng(0).random(n * (d + 2))
    si_ci, sti_ci = sobol_bootstrap(y, n, d, np.random.default_rng(1), b=300)
    idx = np.random.default_rng(1).integers(0, n, size=(300, n))
    ya, yb, yab = y[:n], y[n : 2 * n], y[2 * n :].reshape(d, n)
    boot = [sobol_estimates(np.concatenate([ya[j], yb[j], yab[:, j].ravel()]), n, d) for j in idx]
    si = np.array([b[0] for b in boot])
    sti = np.array([b[1] for b in boot])
    np.testing.assert_allclose(si_ci, np.percentile(si, [2.5, 97.5], axis=0).T)
    np.testing.assert_allclose(sti_ci, np.percentile(sti, [2.5, 97.5], axis=0).T)


def test_a_large_sample_passes_the_checks_and_a_tiny_one_is_refused() -> None:
    data, method = _data(), _method(tie_break=("I0",))
    ua = uncertainty(data, method, SPEC, 200, seed=2)
    sa = sensitivity(data, method, SPEC, 1000, seed=2)
    assert sa.si_ci.shape == (3, 2) and np.all(sa.si_ci[:, 0] <= sa.si_ci[:, 1])
    assert [(c.code, c.ok) for c in check_analysis(ua, sa)] == [
        ("nominal_in_range", True),
        ("sobol_in_unit_interval", True),
        ("sobol_precision", True),
    ]
    tiny = sensitivity(data, method, SPEC, 4, seed=2)
    failed = [c for c in check_analysis(ua, tiny) if not c.ok]
    assert "sobol_precision" in [c.code for c in failed]
    assert all(c.problem is not None and c.problem.params["n"] == 4 for c in failed)
    assert all("raise N (now 4" in c.message for c in failed)


def test_an_index_outside_zero_one_even_within_its_interval_fails() -> None:
    nan = np.zeros(1)
    sa = SensitivityResult(
        factors=("weights",),
        si=np.array([-0.37]),
        sti=np.array([1.17]),
        variance=1.0,
        n=8,
        runs=24,
        y=nan,
        si_ci=np.array([[-0.5, -0.2]]),
        sti_ci=np.array([[1.05, 1.3]]),
    )
    (unit, precision) = check_analysis(None, sa)
    assert unit.code == "sobol_in_unit_interval" and not unit.ok
    assert unit.problem is not None
    assert unit.problem.code == CompositeIssue.SOBOL_OUTSIDE_UNIT_INTERVAL
    items = str(unit.problem.params["items"])
    assert "-0.37" in items and "1.17" in items and unit.problem.params["n"] == 8
    assert precision.ok  # narrow intervals, but outside [0, 1]


@pytest.mark.parametrize("n", [39, 41])
def test_geometric_replications_with_missing_data_in_any_batch_size(n: int) -> None:
    # a batch of 1 normalised table against several weight sets, with a unit excluded
    data = _data()
    values = data.values.copy()
    values[0, :2] = np.nan
    data = IndicatorTable(data.units, data.columns, values, None, {})
    method = Methodology(
        tuple(
            replace(i, normalisation=Normalisation.minmax(1.0, 100.0)) for i in _method().indicators
        ),
        _method().aggregates,
    )
    spec = UncertaintySpec(weight_noise=((1, 0.3),), aggregations=(None, "gmean"))
    ua = uncertainty(data, method, spec, n, seed=11)
    assert ua.ranks.shape == (40, n)
