"""Hand-checked cases for every normalisation, transform and the outlier treatment."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats

from akkopsi.engines.composite import (
    Aggregate,
    DomainError,
    Indicator,
    IndicatorTable,
    Methodology,
    Normalisation,
    Treatment,
    compute,
    kurtosis,
    skewness,
)


def _one(
    values: list[float],
    norm: Normalisation,
    *,
    direction: int = 1,
    transform: str = "none",
    treatment: Treatment | None = None,
) -> np.ndarray:
    data = IndicatorTable.from_columns([f"U{i}" for i in range(len(values))], {"X": values})
    ind = Indicator(
        "X",
        "IDX",
        direction=direction,
        transform=transform,  # type: ignore[arg-type]
        normalisation=norm,
        treatment=treatment or Treatment(),
    )
    res = compute(data, Methodology((ind,), (Aggregate("IDX", 2),)))
    out: np.ndarray = res.normalised[:, 0]
    return out


def test_minmax_default_range_is_0_100() -> None:
    # (x - 2) / (10 - 2) * 100: 2 -> 0, 4 -> 25, 10 -> 100
    np.testing.assert_allclose(_one([2, 4, 10], Normalisation.minmax()), [0, 25, 100])


def test_minmax_custom_range_and_negative_direction() -> None:
    # direction -1: y = -x = [-2, -4, -10]; (y + 10) / 8 * (100 - 1) + 1 -> [100, 75.25, 1]
    got = _one([2, 4, 10], Normalisation.minmax(1, 100), direction=-1)
    np.testing.assert_allclose(got, [100, 75.25, 1])


def test_minmax_constant_indicator_gets_the_midpoint() -> None:
    np.testing.assert_allclose(_one([5, 5, 5], Normalisation.minmax()), [50, 50, 50])


def test_goalposts_truncate_to_the_posts() -> None:
    # posts 20..85 (UHH): (62.92 - 20) / 65 = 0.660307..., 10 -> 0 (truncated), 90 -> 1
    got = _one([62.92, 10, 90], Normalisation.goalposts(20, 85))
    np.testing.assert_allclose(got, [42.92 / 65, 0, 1])


def test_goalposts_with_scale_and_negative_direction() -> None:
    # direction -1 flips the posts: (100 - x) / (100 - 0) * 10: 25 -> 7.5, 120 -> 0 (truncated)
    got = _one([25, 120], Normalisation.goalposts(0, 100, scale=10), direction=-1)
    np.testing.assert_allclose(got, [7.5, 0])


def test_goalposts_with_log_transform_transform_the_posts_too() -> None:
    # IPM expenditure: (ln 6855 - ln 1007.436) / (ln 26572.352 - ln 1007.436) = 0.585971...
    got = _one([6855], Normalisation.goalposts(1007.436, 26572.352), transform="ln")
    expected = (math.log(6855) - math.log(1007.436)) / (math.log(26572.352) - math.log(1007.436))
    assert got[0] == pytest.approx(expected, abs=1e-12)
    assert got[0] == pytest.approx(0.585971, abs=1e-6)


def test_zscore_uses_the_sample_standard_deviation() -> None:
    # x = 1, 2, 3, 6: mean 3, sample sd = sqrt((4 + 1 + 0 + 9) / 3) = sqrt(14 / 3) = 2.160247
    sd = math.sqrt(14 / 3)
    got = _one([1, 2, 3, 6], Normalisation.zscore())
    np.testing.assert_allclose(got, [-2 / sd, -1 / sd, 0, 3 / sd])
    got = _one([1, 2, 3, 6], Normalisation.zscore(mean=10, sd=2))
    np.testing.assert_allclose(got, [10 - 4 / sd, 10 - 2 / sd, 10, 10 + 6 / sd])


def test_rank_gives_ties_the_lowest_rank() -> None:
    # ascending ranks with ties "min": 5 -> 1, 7 -> 2, 7 -> 2, 9 -> 4
    np.testing.assert_array_equal(_one([7, 5, 9, 7], Normalisation.rank()), [2, 1, 4, 2])
    # direction -1 reverses: -9 -> 1, -7 -> 2, -7 -> 2, -5 -> 4
    np.testing.assert_array_equal(
        _one([7, 5, 9, 7], Normalisation.rank(), direction=-1), [2, 4, 1, 2]
    )


def test_dist2targ_measures_the_distance_to_the_target() -> None:
    # 1 - (80 - x) / (80 - 20): 20 -> 0, 50 -> 0.5, 80 -> 1, 110 -> 1.5 (or 1 capped)
    np.testing.assert_allclose(
        _one([20, 50, 80, 110], Normalisation.dist2targ(80)), [0, 0.5, 1, 1.5]
    )
    capped = _one([20, 50, 80, 110], Normalisation.dist2targ(80, cap=True, scale=100))
    np.testing.assert_allclose(capped, [0, 50, 100, 100])


def test_dist2targ_negative_direction() -> None:
    # lower is better, target 10: y = -x, t = -10; 1 - (-10 - y) / (-10 - (-40)): 40 -> 0, 25 -> 0.5
    np.testing.assert_allclose(
        _one([40, 25, 10], Normalisation.dist2targ(10), direction=-1), [0, 0.5, 1]
    )


def test_dist2targ_rejects_a_target_worse_than_every_value() -> None:
    with pytest.raises(DomainError, match="target"):
        _one([20, 50], Normalisation.dist2targ(10))


def test_ln_transform_rejects_non_positive_values() -> None:
    with pytest.raises(DomainError, match="log") as err:
        _one([5, 0], Normalisation.goalposts(1, 10), transform="ln")
    assert "U1" in str(err.value)


def test_log_ct_transform() -> None:
    # log_CT: ln(x - min + 0.01 (max - min)) = ln(x - 1 + 0.99): then min-max
    x = np.array([1.0, 10.0, 100.0])
    t = np.log(x - 1 + 0.99)
    got = _one(list(x), Normalisation.minmax(), transform="log_ct")
    np.testing.assert_allclose(got, (t - t.min()) / (t.max() - t.min()) * 100)


def test_skewness_and_kurtosis_match_excel_definitions() -> None:
    # scipy's bias-corrected estimators are Excel SKEW / KURT (e1071 type 2)
    x = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100.0])
    assert skewness(x) == pytest.approx(scipy.stats.skew(x, bias=False))
    assert kurtosis(x) == pytest.approx(scipy.stats.kurtosis(x, bias=False))
    assert skewness(x) == pytest.approx(3.0632410342, abs=1e-9)
    assert kurtosis(x) == pytest.approx(9.7413908346, abs=1e-9)


def test_winsorise_stops_as_soon_as_the_check_passes() -> None:
    # 1..10, 30, 100: skew 3.06, kurt 9.74 -> fails; 100 -> 30 gives skew 1.71 < 2 -> passes
    x = [*range(1, 11), 30, 100]
    treated = _one(x, Normalisation.minmax(0, 29), treatment=Treatment.winsorise())
    # after winsorising, 1..10, 30, 30 min-max onto 0..29 = x - 1
    np.testing.assert_allclose(treated, [*range(0, 10), 29, 29])


def test_winsorise_reports_counts_and_ties_count_as_points() -> None:
    x = [*range(1, 21), 500, 500]
    data = IndicatorTable.from_columns([f"U{i}" for i in range(len(x))], {"X": x})
    for count, expected_high in (("points", 2), ("iterations", 2)):
        ind = Indicator("X", "IDX", treatment=Treatment.winsorise(5, count=count))  # type: ignore[arg-type]
        res = compute(data, Methodology((ind,), (Aggregate("IDX", 2),)))
        rec = res.treatment[0]
        # the two tied 500s are set to 20 in one step: two points, one iteration
        assert rec.winsorised_high == expected_high
        assert not rec.log_applied
        assert res.treated[-1, 0] == 20


def test_winsorise_falls_back_to_log_ct_of_the_original_values() -> None:
    # one point allowed; 1..20, 1000, 5000, 9000: after 9000 -> 5000 still failing -> log_CT
    x = np.array([*range(1, 21), 1000.0, 5000.0, 9000.0])
    assert skewness(np.r_[x[:-1], 5000.0]) > 2 and kurtosis(np.r_[x[:-1], 5000.0]) > 3.5
    data = IndicatorTable.from_columns([f"U{i}" for i in range(len(x))], {"X": list(x)})
    ind = Indicator("X", "IDX", treatment=Treatment.winsorise(1))
    res = compute(data, Methodology((ind,), (Aggregate("IDX", 2),)))
    assert res.treatment[0].log_applied
    np.testing.assert_allclose(res.treated[:, 0], np.log(x - 1 + 0.01 * 8999))


def test_winsorise_low_end_when_skew_is_negative() -> None:
    x = [-100, *range(1, 12)]
    data = IndicatorTable.from_columns([f"U{i}" for i in range(len(x))], {"X": x})
    ind = Indicator("X", "IDX", treatment=Treatment.winsorise())
    res = compute(data, Methodology((ind,), (Aggregate("IDX", 2),)))
    assert res.treatment[0].winsorised_low == 1
    assert res.treated[0, 0] == 1


def test_winmax_counts_points_in_coinr_1_and_steps_in_coinr_0_6() -> None:
    # 1..30, 300, 1000, 1000 with winmax 2: the first step moves the two tied 1000s to 300
    # (2 points, 1 step) and still fails (three 300s: skew 2.93, kurt 7.14). COINr 1.x has
    # used up its 2 points and falls back to log_CT; COINr 0.6 takes a second step
    # (three 300s -> 30), which passes.
    x = np.array([*range(1, 31), 300.0, 1000.0, 1000.0])
    three = np.array([*range(1, 31), 300.0, 300.0, 300.0])
    assert skewness(three) > 2 and kurtosis(three) > 3.5
    points = _one(list(x), Normalisation.minmax(), treatment=Treatment.winsorise(2))
    t = np.log(x - 1 + 0.01 * 999)
    np.testing.assert_allclose(points, (t - t.min()) / (t.max() - t.min()) * 100)
    steps = _one(
        list(x), Normalisation.minmax(0, 29), treatment=Treatment.winsorise(2, count="iterations")
    )
    np.testing.assert_allclose(steps, [*range(0, 30), 29, 29, 29])


def test_goalposts_onto_a_range_with_a_floor() -> None:
    # posts 0..10 onto 1..100: 1 + r * 99: 0 -> 1, 5 -> 50.5, 12 -> 100 (truncated)
    got = _one([0, 5, 12], Normalisation.goalposts(0, 10, scale=100, floor=1))
    np.testing.assert_allclose(got, [1, 50.5, 100])
    assert Normalisation.goalposts(0, 10, scale=100, floor=1).declared_range(3) == (1, 100)
    # dist2targ with the same range: r = 0, 0.5, 1 -> 1, 50.5, 100
    got = _one([20, 50, 80], Normalisation.dist2targ(80, cap=True, scale=100, floor=1))
    np.testing.assert_allclose(got, [1, 50.5, 100])
