"""A structured engine place (``Place``) is worded at the edge in the user's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from akkopsi.core.engine_messages import located_text, place_text
from akkopsi.engines.errors import EngineError, Place


@pytest.mark.parametrize(
    ("place", "indonesian"),
    [
        (Place(file="META.csv", row=3, column="Weight"), "META.csv baris 3, kolom Weight"),
        (Place(file="DATA.csv", row=3), "DATA.csv baris 3"),
        (Place(file="build.toml", key="Aggregate.w"), "build.toml, kunci Aggregate.w"),
        (Place(code="I0", column="Parent"), "kode I0, kolom Parent"),
        (Place(unit="3401", column="uCode"), "unit 3401, kolom uCode"),
        (Place(row=1, column=2), "baris 1, kolom 2"),
    ],
)
def test_a_place_reads_in_indonesian_and_in_english(place: Place, indonesian: str) -> None:
    with translation.override("id"):
        assert place_text(place) == indonesian
    with translation.override("en"):
        assert place_text(place) == str(place)


def test_located_text_words_a_place_and_keeps_a_plain_where() -> None:
    located = EngineError("bad", where=Place(file="META.csv", row=3, column="Weight"))
    plain = EngineError("bad", where="sub_sectors[x].baseline")
    with translation.override("id"):
        assert located_text(located, {}) == "META.csv baris 3, kolom Weight: bad"
        assert located_text(plain, {}, str.upper) == "SUB_SECTORS[X].BASELINE: bad"
