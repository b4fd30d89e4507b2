"""Map geometry and choropleth classes (no Django)."""

from __future__ import annotations

import itertools
import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from akkopsi.engines.maps.classes import class_of, count_breaks, fixed_breaks
from akkopsi.engines.maps.geometry import (
    Box,
    Frame,
    _distance,
    area,
    decode_arcs,
    features,
    mercator,
    simplify,
    svg_path,
)


def test_mercator_keeps_north_up_and_the_equator_at_zero() -> None:
    assert mercator((0.0, 0.0)) == pytest.approx((0.0, 0.0), abs=1e-12)
    x, y = mercator((120.0, 5.0))
    assert math.isclose(x, math.radians(120))
    assert y > 0 > mercator((120.0, -5.0))[1]
    # Mercator stretches latitude: 10 degrees north is more than twice 5 degrees
    assert mercator((0.0, 10.0))[1] > 2 * y


def test_quantized_arcs_are_delta_encoded() -> None:
    topology = {
        "transform": {"scale": [0.5, 2.0], "translate": [100.0, -10.0]},
        "arcs": [[[0, 0], [2, 1], [-1, 1]]],
    }
    assert decode_arcs(topology) == [[(100.0, -10.0), (101.0, -8.0), (100.5, -6.0)]]


points = st.lists(
    st.tuples(st.floats(-100, 100), st.floats(-100, 100)), min_size=2, max_size=40, unique=True
)


@given(points, st.floats(0.01, 20))
def test_simplification_keeps_the_ends_and_stays_within_the_tolerance(
    line: list[tuple[float, float]], tolerance: float
) -> None:
    kept = simplify(line, tolerance)
    assert kept[0] == line[0] and kept[-1] == line[-1]
    assert set(kept) <= set(line)
    # every dropped point is within the tolerance of the segment that replaced it
    index = [line.index(p) for p in kept]
    for a, b in itertools.pairwise(index):
        for p in line[a + 1 : b]:
            assert _distance(p, line[a], line[b]) <= tolerance + 1e-9


def test_simplification_drops_points_on_a_straight_line_only() -> None:
    line = [(0.0, 0.0), (1.0, 0.0), (2.0, 0.0), (3.0, 1.0)]
    assert simplify(line, 0.1) == [(0.0, 0.0), (2.0, 0.0), (3.0, 1.0)]


def _two_squares() -> dict[str, object]:
    """Two unit squares sharing the border x = 1 (arc 0), and a tiny island beside B."""
    return {
        "arcs": [
            [[1, 0], [1, 0.5], [1.0001, 0.7], [1, 1]],  # shared, with a wiggle to simplify
            [[1, 1], [0, 1], [0, 0], [1, 0]],  # A's other sides
            [[1, 0], [2, 0], [2, 1], [1, 1]],  # B's other sides
            [[3, 3], [3.001, 3], [3.001, 3.001], [3, 3]],  # an island of B
            [[5, 5], [5.001, 5], [5.001, 5.001], [5, 5]],  # C: an island only
        ],
        "objects": {
            "areas": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]], "properties": {"id": "A"}},
                    {"type": "MultiPolygon", "arcs": [[[2, ~0]], [[3]]], "properties": {"id": "B"}},
                    {"type": "Polygon", "arcs": [[4]], "properties": {"id": "C"}},
                ],
            }
        },
    }


def test_neighbours_share_the_simplified_border_and_no_area_disappears() -> None:
    found = features(_two_squares(), "areas", tolerance=0.001, min_area=1e-6)
    a, b, c = found
    assert [f.properties["id"] for f in found] == ["A", "B", "C"]
    border_a = {p for p in a.polygons[0][0] if math.isclose(p[0], math.radians(1), abs_tol=1e-4)}
    border_b = {p for p in b.polygons[0][0] if math.isclose(p[0], math.radians(1), abs_tol=1e-4)}
    assert border_a == border_b
    assert len(border_a) == 2  # the wiggle is simplified away, on both sides alike
    assert len(b.polygons) == 1  # B's tiny island is dropped...
    assert len(c.polygons) == 1  # ...but C, an island only, keeps its largest polygon
    assert area(a.polygons[0][0]) > 0


def test_paths_fit_the_canvas() -> None:
    frame = Frame(Box(0.0, 0.0, 2.0, 1.0), 100, pad=5)
    assert frame.height == 55
    assert frame.place((0.0, 1.0)) == (5, 5)  # north-west corner at the top left
    assert frame.place((2.0, 0.0)) == (95, 50)
    d = svg_path([[[(0.0, 0.0), (2.0, 0.0), (2.0, 1.0), (0.0, 0.0)]]], frame)
    assert d == "M5 50L95 50 95 5Z"


def test_fixed_breaks_for_percentages() -> None:
    breaks = fixed_breaks(0, 100, 5)
    assert breaks == tuple(Decimal(x) for x in (0, 20, 40, 60, 80, 100))
    assert class_of(Decimal("19.99"), breaks) == 0
    assert class_of(20, breaks) == 1
    assert class_of(100, breaks) == 4  # the last class includes its top
    assert class_of(None, breaks) is None  # missing is not the lowest class
    assert class_of(101, breaks) is None


def test_count_breaks_keep_zero_apart() -> None:
    counts = [0, 0, 1, 2, 3, 5, 8, 13, 20, None]
    breaks = count_breaks(counts, 5)
    assert breaks == tuple(Decimal(x) for x in (0, 1, 2, 5, 13, 20))  # 0|1|2-4|5-12|13-20
    assert class_of(0, breaks) == 0
    assert class_of(1, breaks) == 1
    assert class_of(20, breaks) == len(breaks) - 2
    assert count_breaks([0, None], 5) == (Decimal(0), Decimal(1))
    assert class_of(1, count_breaks([1, 1], 5)) == 1


@given(st.lists(st.one_of(st.none(), st.integers(0, 600)), max_size=38), st.integers(2, 7))
def test_every_count_has_a_class(counts: list[int | None], classes: int) -> None:
    breaks = count_breaks(counts, classes)
    assert list(breaks) == sorted(breaks)
    assert len(breaks) - 1 <= classes
    for n in counts:
        assert (class_of(n, breaks) is None) == (n is None)
