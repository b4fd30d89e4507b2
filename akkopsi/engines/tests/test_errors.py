import pickle
from pathlib import Path

import pytest

from akkopsi.engines.composite import ahp_weights
from akkopsi.engines.composite.errors import DataError, InputFileError, MethodologyError
from akkopsi.engines.composite.io import read_meta
from akkopsi.engines.composite.types import Aggregate, Indicator, Methodology
from akkopsi.engines.errors import EngineError, Place


def test_engine_error_names_where_and_what() -> None:
    err = EngineError("weight must be positive", where="META row 3, column Weight")
    assert str(err) == "META row 3, column Weight: weight must be positive"
    assert err.message == "weight must be positive"
    assert err.where == "META row 3, column Weight"
    assert err.place is None


def test_engine_error_without_place_is_just_the_message() -> None:
    assert str(EngineError("plan is empty")) == "plan is empty"


@pytest.mark.parametrize(
    ("place", "english"),
    [
        (Place(file="META.csv", row=3, column="Weight"), "META.csv row 3, column Weight"),
        (Place(file="DATA.csv", row=3), "DATA.csv row 3"),
        (Place(file="build.toml", key="Aggregate.w"), "build.toml, key Aggregate.w"),
        (Place(file="build.toml"), "build.toml"),
        (Place(code="I0", column="Parent"), "code I0, column Parent"),
        (Place(unit="3401", column="uCode"), "unit 3401, column uCode"),
        (Place(row=1, column=2), "row 1, column 2"),
    ],
)
def test_a_place_reads_in_english(place: Place, english: str) -> None:
    assert str(place) == english
    err = EngineError("bad", where=place)
    assert (err.place, err.where, str(err)) == (place, english, f"{english}: bad")


def test_the_place_is_structured_data_and_survives_pickling(tmp_path: Path) -> None:
    meta = tmp_path / "META.csv"
    meta.write_text("Level,iCode,Parent,Weight\n1,X,IDX,-1\n2,IDX,,\n", encoding="utf-8")
    with pytest.raises(InputFileError) as bad_cell:
        read_meta(meta)
    assert bad_cell.value.place == Place(file="META.csv", row=2, column="Weight")
    with pytest.raises(MethodologyError) as parent:
        Methodology((Indicator("I0", "NOPE"),), (Aggregate("IDX", 2),))
    assert parent.value.place == Place(code="I0", column="Parent")
    with pytest.raises(MethodologyError) as reciprocal:
        ahp_weights([[1, 2], [2, 1]])
    assert reciprocal.value.place == Place(row=1, column=2)
    err = DataError("duplicate", unit="3401", column="uCode")
    again = pickle.loads(pickle.dumps(err))
    assert (again.place, again.where) == (Place(unit="3401", column="uCode"), err.where)
