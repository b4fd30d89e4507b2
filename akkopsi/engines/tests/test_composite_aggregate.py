"""Hand-checked aggregation, missing-data policies, denomination, ranks and contributions.

Indicators use goalposts 0..100 with scale 100, so a normalised value equals the raw
value and every expected number below can be checked with a pocket calculator.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from akkopsi.engines.composite import (
    Aggregate,
    DataError,
    DomainError,
    Imputation,
    Indicator,
    IndicatorTable,
    Methodology,
    MissingPolicy,
    Normalisation,
    compute,
)
from akkopsi.engines.composite.errors import CompositeIssue

from .issues import raises_issue

PCT = Normalisation.goalposts(0, 100, scale=100)


def _flat(
    weights: tuple[float, ...],
    agg: str = "amean",
    missing: MissingPolicy | None = None,
    imputation: Imputation | None = None,
) -> Methodology:
    inds = tuple(
        Indicator(f"I{j}", "IDX", weight=w, normalisation=PCT) for j, w in enumerate(weights)
    )
    return Methodology(
        inds,
        (Aggregate("IDX", 2, aggregation=agg, missing=missing or MissingPolicy()),),  # type: ignore[arg-type]
        imputation or Imputation(),
    )


def _table(
    rows: dict[str, list[float | None]], groups: dict[str, list[str]] | None = None
) -> IndicatorTable:
    units = list(rows)
    p = len(next(iter(rows.values())))
    cols = {f"I{j}": [rows[u][j] for u in units] for j in range(p)}
    return IndicatorTable.from_columns(units, cols, groups=groups)


def test_weighted_arithmetic_mean() -> None:
    # weights 1 and 3 -> 0.25 / 0.75: 0.25 * 40 + 0.75 * 80 = 70
    res = compute(_table({"A": [40, 80]}), _flat((1, 3)))
    assert res.index_scores[0] == pytest.approx(70.0)


def test_weighted_geometric_mean() -> None:
    # 40^0.25 * 80^0.75 = exp(0.25 ln 40 + 0.75 ln 80) = exp(4.208737) = 67.271
    res = compute(_table({"A": [40, 80]}), _flat((1, 3), "gmean"))
    assert res.index_scores[0] == pytest.approx(40**0.25 * 80**0.75)
    assert res.index_scores[0] == pytest.approx(67.271, abs=1e-3)


def test_geometric_mean_of_zero_is_a_domain_error() -> None:
    with raises_issue(DomainError, CompositeIssue.GMEAN_AGGREGATE_UNDEFINED, child="I0") as err:
        compute(_table({"A": [40, 80], "B": [0, 50]}), _flat((1, 1), "gmean"))
    assert "B" in str(err.value) and "I0" in str(err.value)


def test_missing_child_is_dropped_and_weights_rescaled() -> None:
    # COINr: NA drops its weight. B has only I0 = 30 -> score 30; A: (40 + 2 * 80) / 3
    res = compute(_table({"A": [40, 80], "B": [30, None]}), _flat((1, 2)))
    np.testing.assert_allclose(res.index_scores, [200 / 3, 30])


def test_exclude_policy_leaves_the_unit_unscored_and_unranked() -> None:
    data = _table({"A": [40, 80], "B": [30, None], "C": [10, 10]})
    res = compute(data, _flat((1, 1), missing=MissingPolicy("exclude")))
    assert math.isnan(res.index_scores[1]) and math.isnan(res.index_ranks[1])
    np.testing.assert_array_equal(res.index_ranks[[0, 2]], [1, 2])


def test_impute_by_group_mean() -> None:
    # A's I1 is missing; group "x" has B = 60 and C = 80 -> 70; score (40 + 70) / 2 = 55
    data = _table(
        {"A": [40, None], "B": [50, 60], "C": [50, 80], "D": [50, 10]},
        groups={"region": ["x", "x", "x", "y"]},
    )
    res = compute(data, _flat((1, 1), missing=MissingPolicy("impute_mean", group="region")))
    assert res.index_scores[0] == pytest.approx(55.0)


def test_impute_by_median_over_all_units() -> None:
    # median of 60, 80, 10 = 60; A: (40 + 60) / 2 = 50
    data = _table({"A": [40, None], "B": [50, 60], "C": [50, 80], "D": [50, 10]})
    res = compute(data, _flat((1, 1), missing=MissingPolicy("impute_median")))
    assert res.index_scores[0] == pytest.approx(50.0)


def test_minimum_coverage_excludes_sparse_units() -> None:
    # B has 1 of 3 children (1/3 < 0.5) -> excluded; A has 2 of 3 -> (10 + 20) / 2
    data = _table({"A": [10, 20, None], "B": [10, None, None]})
    res = compute(data, _flat((1, 1, 1), missing=MissingPolicy("reweight", min_coverage=0.5)))
    assert res.index_scores[0] == pytest.approx(15.0)
    assert math.isnan(res.index_scores[1])


def test_data_set_imputation_by_group_before_normalisation() -> None:
    # COINr Impute(i_mean_grp): A's I0 := mean of group x (20, 40) = 30, then min-max
    data = _table(
        {"A": [None, 1], "B": [20, 1], "C": [40, 1], "D": [0, 1]},
        groups={"g": ["x", "x", "x", "y"]},
    )
    inds = (Indicator("I0", "IDX"), Indicator("I1", "IDX"))
    method = Methodology(inds, (Aggregate("IDX", 2),), Imputation("mean", group="g"))
    res = compute(data, method)
    assert res.imputed[0, 0] == 30
    # min-max of 30, 20, 40, 0 -> 75, 50, 100, 0
    np.testing.assert_allclose(res.normalised[:, 0], [75, 50, 100, 0])


def test_unknown_group_column_is_a_data_error() -> None:
    data = _table({"A": [None, 1], "B": [20, 1]})
    with raises_issue(DataError, CompositeIssue.GROUP_COLUMN_MISSING, column="nope"):
        compute(data, _flat((1, 1), imputation=Imputation("mean", group="nope")))


def test_denominator_divides_the_value() -> None:
    # 50 / 200 = 0.25 and 30 / 60 = 0.5 -> min-max 0 and 100
    data = IndicatorTable.from_columns(["A", "B"], {"X": [50, 30], "POP": [200, 60]})
    method = Methodology((Indicator("X", "IDX", denominator="POP"),), (Aggregate("IDX", 2),))
    res = compute(data, method)
    np.testing.assert_allclose(res.denominated[:, 0], [0.25, 0.5])
    np.testing.assert_allclose(res.index_scores, [0, 100])


def test_zero_denominator_is_a_domain_error() -> None:
    data = IndicatorTable.from_columns(["A", "B"], {"X": [50, 30], "POP": [200, 0]})
    method = Methodology((Indicator("X", "IDX", denominator="POP"),), (Aggregate("IDX", 2),))
    with raises_issue(DomainError, CompositeIssue.ZERO_DENOMINATOR, denominator="POP", unit="B"):
        compute(data, method)


def test_ties_share_the_lowest_rank() -> None:
    # scores 70, 50, 70, 20 -> competition ranks 1, 3, 1, 4
    data = _table({"A": [70], "B": [50], "C": [70], "D": [20]})
    res = compute(data, _flat((1,)))
    np.testing.assert_array_equal(res.index_ranks, [1, 3, 1, 4])


def test_arithmetic_contributions_are_effective_weight_times_value() -> None:
    # 0.25 * 40 = 10 and 0.75 * 80 = 60, summing to 70
    res = compute(_table({"A": [40, 80]}), _flat((1, 3)))
    np.testing.assert_allclose(res.contributions[0], [10, 60])
    np.testing.assert_allclose(res.effective_weights[0], [0.25, 0.75])


def test_geometric_contributions_are_log_shares() -> None:
    # S = 40^0.5 * 90^0.5 = 60; shares 0.5 ln 40 / ln 60 and 0.5 ln 90 / ln 60
    res = compute(_table({"A": [40, 90]}), _flat((1, 1), "gmean"))
    s = 60.0
    expected = [s * 0.5 * math.log(40) / math.log(s), s * 0.5 * math.log(90) / math.log(s)]
    np.testing.assert_allclose(res.contributions[0], expected)
    assert res.contributions[0].sum() == pytest.approx(60.0)


def test_three_levels_effective_weights() -> None:
    # I0, I1 -> P0 (weights 1, 1); I2 -> P1; P0 weight 3, P1 weight 1 under IDX:
    # effective weights 0.75 * 0.5, 0.75 * 0.5, 0.25
    inds = (
        Indicator("I0", "P0", normalisation=PCT),
        Indicator("I1", "P0", normalisation=PCT),
        Indicator("I2", "P1", normalisation=PCT),
    )
    aggs = (Aggregate("P0", 2, "IDX", weight=3), Aggregate("P1", 2, "IDX"), Aggregate("IDX", 3))
    res = compute(_table({"A": [20, 40, 80]}), Methodology(inds, aggs))
    np.testing.assert_allclose(res.effective_weights[0], [0.375, 0.375, 0.25])
    # P0 = 30, P1 = 80, IDX = 0.75 * 30 + 0.25 * 80 = 42.5
    np.testing.assert_allclose(res.scores[0], [30, 80, 42.5])
    assert res.aggregate_codes == ("P0", "P1", "IDX")
    assert res.score("A", "P1") == 80 and res.rank("A") == 1
