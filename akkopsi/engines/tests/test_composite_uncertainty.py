"""Uncertainty and sensitivity analysis: reproducibility, agreement with a naive
per-replication recompute, and the Sobol estimators against SALib."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from SALib.analyze import sobol as salib_sobol

from akkopsi.engines.composite import (
    Aggregate,
    DomainError,
    Imputation,
    Indicator,
    IndicatorTable,
    Methodology,
    MethodologyError,
    Normalisation,
    Treatment,
    UncertaintySpec,
    compute,
    saltelli_design,
    sensitivity,
    sobol_estimates,
    uncertainty,
)
from akkopsi.engines.composite._tree import compile_tree
from akkopsi.engines.composite._uncertainty import draw_choices
from akkopsi.engines.composite.errors import CompositeIssue

from .issues import raises_issue


def _data(n: int = 30, p: int = 6, missing: bool = False, seed: int = 5) -> IndicatorTable:
    rng = np.random.default_rng(seed)
    x = rng.lognormal(1.0, 0.7, size=(n, p))
    if missing:
        x[rng.random((n, p)) < 0.1] = np.nan
    groups = {"region": tuple("abc"[i % 3] for i in range(n))}
    return IndicatorTable(
        tuple(f"U{i:02d}" for i in range(n)), tuple(f"I{j}" for j in range(p)), x, None, groups
    )


def _method(p: int = 6, treat: bool = False) -> Methodology:
    inds = tuple(
        Indicator(
            f"I{j}",
            f"P{j % 2}",
            direction=-1 if j == 3 else 1,
            weight=1.0 + j % 3,
            normalisation=Normalisation.minmax(1, 100),
            treatment=Treatment.winsorise(2) if treat else Treatment(),
        )
        for j in range(p)
    )
    aggs = (Aggregate("P0", 2, "IDX", weight=2.0), Aggregate("P1", 2, "IDX"), Aggregate("IDX", 3))
    return Methodology(inds, aggs)


SPEC = UncertaintySpec(
    weight_noise=((1, 0.25), (2, 0.25)),
    normalisations=(None, Normalisation.rank()),
    aggregations=("amean", "gmean"),
)


def test_same_seed_same_result_other_seed_different() -> None:
    data, method = _data(), _method()
    a = uncertainty(data, method, SPEC, 200, seed=7)
    b = uncertainty(data, method, SPEC, 200, seed=7)
    c = uncertainty(data, method, SPEC, 200, seed=8)
    np.testing.assert_array_equal(a.ranks, b.ranks)
    np.testing.assert_array_equal(a.median, b.median)
    assert not np.array_equal(a.ranks, c.ranks)


def test_rank_statistics_are_ordered_and_nominal_is_the_compute_rank() -> None:
    data, method = _data(), _method()
    ua = uncertainty(data, method, SPEC, 300, seed=1)
    assert np.all(ua.q5 <= ua.median) and np.all(ua.median <= ua.q95)
    np.testing.assert_array_equal(ua.nominal, compute(data, method).index_ranks)
    np.testing.assert_allclose(ua.mean, ua.ranks.mean(axis=1))
    assert ua.ranks.shape == (30, 300)


def test_without_uncertain_choices_every_replication_is_nominal() -> None:
    data, method = _data(missing=True), _method()
    ua = uncertainty(data, method, UncertaintySpec(), 5, seed=1)
    nominal = compute(data, method).index_ranks
    for r in range(5):
        np.testing.assert_array_equal(ua.ranks[:, r], nominal)


def _naive_ranks(
    data: IndicatorTable, method: Methodology, spec: UncertaintySpec, n: int, seed: int
) -> np.ndarray:
    """Replications one at a time through ``compute`` with the same draws."""
    tree = compile_tree(method)
    choices = draw_choices(tree, spec, n, np.random.default_rng(seed))
    out = np.empty((data.n_units, n))
    for r in range(n):
        m = method.with_weights(dict(zip(tree.node_codes, choices.weights[r], strict=True)))
        inds = m.indicators
        if spec.normalisations and spec.normalisations[choices.normalisation[r]] is not None:
            inds = tuple(
                replace(i, normalisation=spec.normalisations[choices.normalisation[r]])
                for i in inds
            )
        if spec.winmax:
            wm = spec.winmax[choices.winmax[r]]
            inds = tuple(replace(i, treatment=replace(i.treatment, winmax=wm)) for i in inds)
        aggs = m.aggregates
        if spec.aggregations and spec.aggregations[choices.aggregation[r]] is not None:
            aggs = tuple(
                replace(a, aggregation=spec.aggregations[choices.aggregation[r]]) for a in aggs
            )
        imp = spec.imputations[choices.imputation[r]] if spec.imputations else m.imputation
        out[:, r] = compute(data, Methodology(inds, aggs, imp)).index_ranks
    return out


def test_vectorised_replications_equal_a_naive_recompute_complete_data() -> None:
    data, method = _data(), _method()
    ua = uncertainty(data, method, SPEC, 40, seed=3)
    np.testing.assert_array_equal(ua.ranks[:, 0], compute(data, method).index_ranks)
    np.testing.assert_array_equal(ua.ranks[:, 1:], _naive_ranks(data, method, SPEC, 39, 3))


def test_vectorised_replications_equal_a_naive_recompute_with_missing_data() -> None:
    data, method = _data(missing=True), _method(treat=True)
    spec = UncertaintySpec(
        weight_noise=((1, 0.3), (2, 0.3)),
        aggregations=("amean", "gmean", None),
        imputations=(Imputation(), Imputation("mean", group="region"), Imputation("median")),
        winmax=(1, 3),
    )
    ua = uncertainty(data, method, spec, 40, seed=11)
    np.testing.assert_array_equal(ua.ranks[:, 0], compute(data, method).index_ranks)
    np.testing.assert_array_equal(ua.ranks[:, 1:], _naive_ranks(data, method, spec, 39, 11))


def test_gmean_alternative_with_zero_values_is_a_domain_error() -> None:
    method = _method()
    zero_based = Methodology(
        tuple(replace(i, normalisation=Normalisation.minmax()) for i in method.indicators),
        method.aggregates,
    )
    with raises_issue(DomainError, CompositeIssue.GMEAN_UNDEFINED):
        uncertainty(
            _data(), zero_based, UncertaintySpec(aggregations=("amean", "gmean")), 50, seed=1
        )


def test_winmax_alternatives_need_a_winsorised_indicator() -> None:
    with raises_issue(MethodologyError, CompositeIssue.WINMAX_UNUSED):
        uncertainty(_data(), _method(), UncertaintySpec(winmax=(1, 2)), 5, seed=1)


def _ishigami(x: np.ndarray) -> np.ndarray:
    out: np.ndarray = (
        np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
    )
    return out


def test_sobol_estimators_agree_with_salib_on_ishigami() -> None:
    n, d = 4096, 3
    rng = np.random.default_rng(2024)
    a, b = rng.random((n, d)), rng.random((n, d))
    x = saltelli_design(a, b) * 2 * np.pi - np.pi
    y = _ishigami(x)
    si, sti, _ = sobol_estimates(y, n, d)
    # SALib wants, per base sample j, the rows A_j, AB_1j .. AB_dj, B_j
    ya, yb, yab = y[:n], y[n : 2 * n], y[2 * n :].reshape(d, n)
    y_salib = np.column_stack([ya, yab.T, yb]).reshape(-1)
    problem = {"num_vars": d, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * d}
    ref = salib_sobol.analyze(problem, y_salib, calc_second_order=False, num_resamples=10, seed=1)
    # Same estimators; SALib standardises all N(d+2) outputs first (the first-order estimator is not
    # shift invariant in a finite sample) and divides by the variance with N, not N - 1.
    si_c, sti_c, _ = sobol_estimates(y - y.mean(), n, d)
    np.testing.assert_allclose(si_c, ref["S1"], rtol=1e-3, atol=1e-6)
    np.testing.assert_allclose(sti_c, ref["ST"], rtol=1e-3, atol=1e-6)
    np.testing.assert_allclose(sti, sti_c, rtol=1e-12)
    np.testing.assert_allclose(si, ref["S1"], atol=0.03)
    # analytic Ishigami (a = 7, b = 0.1): S = 0.3139, 0.4424, 0; ST = 0.5576, 0.4424, 0.2437
    np.testing.assert_allclose(si, [0.3139, 0.4424, 0.0], atol=0.05)
    np.testing.assert_allclose(sti, [0.5576, 0.4424, 0.2437], atol=0.05)


def test_saltelli_design_has_n_times_d_plus_2_runs() -> None:
    a = np.zeros((5, 3))
    b = np.ones((5, 3))
    x = saltelli_design(a, b)
    assert x.shape == (25, 3)
    np.testing.assert_array_equal(x[10:15], [[1, 0, 0]] * 5)  # AB_1: column 1 from B
    with pytest.raises(MethodologyError, match="N\\(d\\+2\\)"):
        sobol_estimates(np.zeros(7), 5, 3)


def test_sensitivity_ranks_the_influential_input() -> None:
    data, method = _data(), _method()
    spec = UncertaintySpec(
        weight_noise=((1, 0.05),),
        normalisations=(None, Normalisation.rank()),
        aggregations=("amean", "amean"),
        weight_sets=20,
    )
    res = sensitivity(data, method, spec, 64, seed=4)
    assert res.factors == ("weights", "normalisation", "aggregation")
    assert res.runs == 64 * 5
    # identical aggregation alternatives cannot matter; the normalisation switch does
    assert res.sti[2] == pytest.approx(0.0, abs=1e-12)
    assert res.sti[1] > res.sti[0]
    again = sensitivity(data, method, spec, 64, seed=4)
    np.testing.assert_array_equal(res.y, again.y)


def test_sensitivity_needs_an_uncertain_input() -> None:
    with raises_issue(MethodologyError, CompositeIssue.NO_UNCERTAIN_FACTORS):
        sensitivity(_data(), _method(), UncertaintySpec(), 10, seed=1)


def test_noise_on_a_level_without_weights_is_rejected() -> None:
    with raises_issue(MethodologyError, CompositeIssue.NOISE_LEVEL_MISSING, level=3):
        uncertainty(_data(), _method(), UncertaintySpec(weight_noise=((3, 0.2),)), 5, seed=1)
