"""AHP, PCA and manual weights; methodology comparison."""

from __future__ import annotations

import math

import numpy as np
import pytest

from akkopsi.engines.composite import (
    RANDOM_INDEX,
    Aggregate,
    Indicator,
    IndicatorTable,
    Methodology,
    MethodologyError,
    ahp_weights,
    compare,
    compute,
    pca_weights,
)
from akkopsi.engines.composite.errors import CompositeIssue

from .issues import raises_issue


def test_ahp_known_example() -> None:
    # A = [[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]]. For a 3 x 3 reciprocal matrix the
    # eigenvector equals the normalised row geometric means: 15^(1/3) = 2.4662, 1,
    # (1/15)^(1/3) = 0.4055, sum 3.8717 -> 0.6370, 0.2583, 0.1047.
    # lambda_max = (A w)_1 / w_1 = (0.6370 + 3 * 0.2583 + 5 * 0.1047) / 0.6370 = 3.0385;
    # CI = 0.0385 / 2 = 0.0193; CR = CI / 0.58 = 0.0332 <= 0.1.
    res = ahp_weights([[1, 3, 5], [1 / 3, 1, 3], [1 / 5, 1 / 3, 1]], ["biaya", "akses", "mutu"])
    np.testing.assert_allclose(res.weights, [0.6370, 0.2583, 0.1047], atol=1e-4)
    assert res.lambda_max == pytest.approx(3.0385, abs=1e-4)
    assert res.ci == pytest.approx(0.0193, abs=1e-4)
    assert res.cr == pytest.approx(0.0332, abs=1e-4)
    assert res.consistent
    assert res.as_dict()["biaya"] == pytest.approx(0.6370, abs=1e-4)


def test_ahp_flags_an_inconsistent_matrix() -> None:
    # cyclic preferences a > b > c > a: lambda_max = row sum 1 + 9 + 1/9 = 10.111,
    # CI = (10.111 - 3) / 2 = 3.556, CR = 3.556 / 0.58 = 6.13 > 0.1
    res = ahp_weights([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]])
    assert res.cr == pytest.approx(6.1303, abs=1e-3)
    assert not res.consistent
    np.testing.assert_allclose(res.weights, [1 / 3, 1 / 3, 1 / 3])


def test_ahp_perfectly_consistent_matrix_has_zero_cr() -> None:
    w = np.array([0.5, 0.3, 0.2])
    res = ahp_weights(w[:, None] / w[None, :])
    np.testing.assert_allclose(res.weights, w)
    assert res.cr == pytest.approx(0.0, abs=1e-12)


def test_ahp_random_index_is_saatys() -> None:
    assert RANDOM_INDEX[3] == 0.58 and RANDOM_INDEX[4] == 0.90 and RANDOM_INDEX[10] == 1.49


@pytest.mark.parametrize(
    "matrix, issue",
    [
        ([[1, 2], [2, 1]], CompositeIssue.AHP_NOT_RECIPROCAL),
        ([[1, -2], [-0.5, 1]], CompositeIssue.AHP_NOT_POSITIVE),
        ([[2, 2], [0.5, 2]], CompositeIssue.AHP_DIAGONAL),
        ([[1, 2, 3]], CompositeIssue.AHP_NOT_SQUARE),
    ],
)
def test_ahp_rejects_bad_matrices(matrix: list[list[float]], issue: CompositeIssue) -> None:
    with raises_issue(MethodologyError, issue):
        ahp_weights(matrix)


def test_pca_loadings_of_two_correlated_indicators() -> None:
    # x = 1, 2, 3, 4 and y = 1, 3, 2, 4 have r = 0.8: standardised PC1 loadings are
    # (1/sqrt 2, 1/sqrt 2) and PC1 explains (1 + r) / 2 = 0.9 of the variance.
    data = IndicatorTable.from_columns(list("ABCD"), {"X": [1, 2, 3, 4], "Y": [1, 3, 2, 4]})
    method = Methodology((Indicator("X", "IDX"), Indicator("Y", "IDX")), (Aggregate("IDX", 2),))
    res = pca_weights(compute(data, method))
    assert res.weights["X"] == pytest.approx(1 / math.sqrt(2))
    assert res.weights["Y"] == pytest.approx(1 / math.sqrt(2))
    assert res.variance_explained["IDX"] == pytest.approx(0.9)
    assert res.caveats == ()


def test_pca_flags_negative_loadings() -> None:
    # a third indicator anti-correlated with the others gets a negative loading
    data = IndicatorTable.from_columns(
        list("ABCDE"), {"X": [1, 2, 3, 4, 5], "Y": [1, 2, 3, 5, 4], "Z": [5, 4, 3, 2, 1]}
    )
    inds = tuple(Indicator(c, "IDX") for c in "XYZ")
    res = pca_weights(compute(data, Methodology(inds, (Aggregate("IDX", 2),))))
    assert res.weights["Z"] < 0
    assert any(c.code == CompositeIssue.PCA_NEGATIVE_LOADING for c in res.caveats)


def test_pca_on_a_higher_level() -> None:
    data = IndicatorTable.from_columns(list("ABCD"), {"X": [1, 2, 3, 4], "Y": [1, 3, 2, 4]})
    inds = (Indicator("X", "P"), Indicator("Y", "Q"))
    aggs = (Aggregate("P", 2, "IDX"), Aggregate("Q", 2, "IDX"), Aggregate("IDX", 3))
    res = pca_weights(compute(data, Methodology(inds, aggs)), level=2)
    assert set(res.weights) == {"P", "Q"}
    with pytest.raises(MethodologyError):
        pca_weights(compute(data, Methodology(inds, aggs)), level=5)


def test_compare_two_methodologies() -> None:
    # min-max: A (100, 0), B (0, 100), C (50, 50). Equal weights: all 50 -> ranks 1, 1, 1.
    # Weight 3 on X: A 75, B 25, C 50 -> ranks 1, 3, 2; shift = rank_a - rank_b = 0, -2, -1.
    data = IndicatorTable.from_columns(["A", "B", "C"], {"X": [10, 0, 5], "Y": [0, 10, 5]})
    equal = Methodology((Indicator("X", "IDX"), Indicator("Y", "IDX")), (Aggregate("IDX", 2),))
    tilted = equal.with_weights({"X": 3.0})
    cmp = compare(data, equal, tilted)
    np.testing.assert_array_equal(cmp.rank_a, [1, 1, 1])
    np.testing.assert_array_equal(cmp.rank_b, [1, 3, 2])
    np.testing.assert_array_equal(cmp.shift, [0, -2, -1])
    np.testing.assert_allclose(cmp.score_b, [75, 25, 50])
    assert cmp.mean_abs_shift == pytest.approx(1.0)
