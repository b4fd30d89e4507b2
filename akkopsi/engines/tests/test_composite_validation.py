"""Hard validation of methodologies and data: domain errors name what and where."""

from __future__ import annotations

import numpy as np
import pytest

from akkopsi.engines.composite import (
    Aggregate,
    CompositeError,
    DataError,
    Indicator,
    IndicatorTable,
    Methodology,
    MethodologyError,
    Normalisation,
    Treatment,
    UncertaintySpec,
    compute,
)
from akkopsi.engines.composite.errors import CompositeIssue
from akkopsi.engines.errors import EngineError

from .issues import raises_issue


def _ind(code: str = "I0", parent: str = "IDX", **kw: object) -> Indicator:
    return Indicator(code, parent, **kw)  # type: ignore[arg-type]


def test_errors_derive_from_the_engine_error() -> None:
    assert issubclass(MethodologyError, CompositeError)
    assert issubclass(CompositeError, EngineError)


def test_unknown_parent() -> None:
    with raises_issue(MethodologyError, CompositeIssue.UNKNOWN_PARENT, parent="NOPE") as err:
        Methodology((_ind(parent="NOPE"),), (Aggregate("IDX", 2),))
    assert err.value.code == "I0" and err.value.field == "Parent"


def test_cycle_is_reported() -> None:
    aggs = (Aggregate("A", 2, "B"), Aggregate("B", 3, "A"), Aggregate("IDX", 4))
    with raises_issue(MethodologyError, CompositeIssue.CYCLE):
        Methodology((_ind(parent="A"),), aggs)


def test_self_parent_is_a_cycle() -> None:
    with raises_issue(MethodologyError, CompositeIssue.CYCLE):
        Methodology((_ind(),), (Aggregate("IDX", 2, "IDX"),))


@pytest.mark.parametrize("weight", [0.0, -1.0, float("nan"), float("inf")])
def test_weights_must_be_positive(weight: float) -> None:
    with raises_issue(MethodologyError, CompositeIssue.WEIGHT_NOT_POSITIVE) as err:
        Methodology((_ind(weight=weight),), (Aggregate("IDX", 2),))
    assert err.value.field == "Weight"


def test_aggregate_weight_must_be_positive() -> None:
    with raises_issue(MethodologyError, CompositeIssue.WEIGHT_NOT_POSITIVE, weight=-2):
        Methodology((_ind(parent="P"),), (Aggregate("P", 2, "IDX", weight=-2), Aggregate("IDX", 3)))


def test_goalposts_lower_must_be_below_upper() -> None:
    with raises_issue(MethodologyError, CompositeIssue.GOALPOSTS_ORDER, lower=10, upper=10):
        Normalisation.goalposts(10, 10)
    with raises_issue(MethodologyError, CompositeIssue.RANGE_ORDER):
        Normalisation.minmax(100, 0)


def test_unknown_normalisation_method() -> None:
    with raises_issue(MethodologyError, CompositeIssue.UNKNOWN_NORMALISATION, method="percentile"):
        Normalisation("percentile")  # type: ignore[arg-type]


def test_direction_must_be_plus_or_minus_one() -> None:
    with raises_issue(MethodologyError, CompositeIssue.BAD_DIRECTION, direction=0):
        Methodology((_ind(direction=0),), (Aggregate("IDX", 2),))


def test_duplicate_codes() -> None:
    with raises_issue(MethodologyError, CompositeIssue.DUPLICATE_CODE, node="I0"):
        Methodology((_ind(), _ind()), (Aggregate("IDX", 2),))


def test_exactly_one_root() -> None:
    with raises_issue(MethodologyError, CompositeIssue.ROOT_COUNT, count=2):
        Methodology((_ind(parent="A"), _ind("I1", "B")), (Aggregate("A", 2), Aggregate("B", 2)))


def test_children_sit_one_level_below_their_parent() -> None:
    with raises_issue(MethodologyError, CompositeIssue.INDICATOR_PARENT_LEVEL, level=3):
        Methodology((_ind(),), (Aggregate("IDX", 3),))
    aggs = (Aggregate("P", 2, "IDX"), Aggregate("IDX", 4))
    with raises_issue(MethodologyError, CompositeIssue.PARENT_LEVEL, parent_level=4):
        Methodology((_ind(parent="P"),), aggs)


def test_aggregate_without_children() -> None:
    aggs = (Aggregate("P", 2, "IDX"), Aggregate("Q", 2, "IDX"), Aggregate("IDX", 3))
    with raises_issue(MethodologyError, CompositeIssue.NO_CHILDREN, aggregate="Q"):
        Methodology((_ind(parent="P"),), aggs)


def test_log_ct_cannot_go_with_fixed_goalposts() -> None:
    with raises_issue(MethodologyError, CompositeIssue.LOG_CT_FIXED_BOUNDS):
        Methodology(
            (_ind(transform="log_ct", normalisation=Normalisation.goalposts(1, 2)),),
            (Aggregate("IDX", 2),),
        )
    with raises_issue(MethodologyError, CompositeIssue.WINSORISE_LOG_CT_FIXED_BOUNDS):
        Methodology(
            (_ind(treatment=Treatment.winsorise(), normalisation=Normalisation.goalposts(1, 2)),),
            (Aggregate("IDX", 2),),
        )


def test_ln_needs_positive_goalposts() -> None:
    with raises_issue(MethodologyError, CompositeIssue.LOG_BOUND_NOT_POSITIVE, bound=0):
        Methodology(
            (_ind(transform="ln", normalisation=Normalisation.goalposts(0, 2)),),
            (Aggregate("IDX", 2),),
        )


def test_duplicate_unit_codes() -> None:
    with raises_issue(DataError, CompositeIssue.DUPLICATE_UNIT, unit="A") as err:
        IndicatorTable(("A", "A"), ("I0",), np.zeros((2, 1)))
    assert err.value.unit == "A"


def test_missing_indicator_column() -> None:
    data = IndicatorTable.from_columns(["A"], {"OTHER": [1.0]})
    with raises_issue(DataError, CompositeIssue.INDICATOR_COLUMN_MISSING, column="I0") as err:
        compute(data, Methodology((_ind(),), (Aggregate("IDX", 2),)))
    assert err.value.column == "I0"


def test_missing_denominator_column() -> None:
    data = IndicatorTable.from_columns(["A"], {"I0": [1.0]})
    with raises_issue(
        DataError, CompositeIssue.DENOMINATOR_COLUMN_MISSING, column="POP", indicator="I0"
    ):
        compute(data, Methodology((_ind(denominator="POP"),), (Aggregate("IDX", 2),)))


def test_table_shape_and_infinities_are_checked() -> None:
    with pytest.raises(DataError):
        IndicatorTable(("A",), ("I0", "I1"), np.zeros((1, 1)))
    with raises_issue(DataError, CompositeIssue.INFINITE_VALUE):
        IndicatorTable(("A",), ("I0",), np.array([[np.inf]]))


def test_uncertainty_spec_is_validated() -> None:
    with raises_issue(MethodologyError, CompositeIssue.BAD_NOISE):
        UncertaintySpec(weight_noise=((1, 1.5),))
    with raises_issue(MethodologyError, CompositeIssue.UNKNOWN_AGGREGATION, method="median"):
        UncertaintySpec(aggregations=("median",))  # type: ignore[arg-type]


def test_with_weights_replaces_weights_and_rejects_unknown_codes() -> None:
    m = Methodology((_ind(), _ind("I1")), (Aggregate("IDX", 2),))
    m2 = m.with_weights({"I1": 3.0})
    assert [i.weight for i in m2.indicators] == [1.0, 3.0]
    with raises_issue(MethodologyError, CompositeIssue.UNKNOWN_WEIGHT_CODES, codes="ZZ"):
        m.with_weights({"ZZ": 1.0})
    with raises_issue(MethodologyError, CompositeIssue.WEIGHT_NOT_POSITIVE):
        m.with_weights({"I0": -1.0})
