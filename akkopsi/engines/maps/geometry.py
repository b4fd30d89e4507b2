"""Map geometry: TopoJSON decoded, projected, simplified and written as SVG paths.

Pure Python, no Django (ADR 1, ADR 52). Used once, by a command that turns the published
province boundaries into the small projected file the platform ships; never per request.

The arcs of a topology are shared by the areas on both sides of a border, so each arc is
simplified once and both neighbours keep the same border: no gaps, no overlaps.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Point = tuple[float, float]
Ring = list[Point]
Polygon = list[Ring]  # the outer ring, then its holes


@dataclass(frozen=True)
class Feature:
    """One area of a topology: its properties as published and its polygons."""

    properties: Mapping[str, Any]
    polygons: list[Polygon]


@dataclass(frozen=True)
class Box:
    """A bounding box (minimum and maximum of each coordinate)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def mercator(point: Point) -> Point:
    """Longitude and latitude in degrees to Web Mercator (in radians of longitude; north up)."""
    lon, lat = point
    return math.radians(lon), math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def decode_arcs(topology: Mapping[str, Any]) -> list[list[Point]]:
    """The arcs of a topology in longitude/latitude: quantized arcs are delta-encoded."""
    transform = topology.get("transform")
    if not transform:
        return [[(float(x), float(y)) for x, y, *_rest in arc] for arc in topology["arcs"]]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    out = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy, *_rest in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        out.append(points)
    return out


def _distance(p: Point, a: Point, b: Point) -> float:
    """Distance of ``p`` from the segment ``a``-``b``."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    if length == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def simplify(line: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker: the fewest points of ``line`` within ``tolerance`` of it, ends kept."""
    if len(line) < 3 or tolerance <= 0:
        return list(line)
    keep = [False] * len(line)
    keep[0] = keep[-1] = True
    stack = [(0, len(line) - 1)]
    while stack:
        first, last = stack.pop()
        far, index = 0.0, -1
        for i in range(first + 1, last):
            d = _distance(line[i], line[first], line[last])
            if d > far:
                far, index = d, i
        if index >= 0 and far > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(line, keep, strict=True) if k]


def _ring(indexes: Sequence[int], arcs: Sequence[Sequence[Point]]) -> Ring:
    """A ring from arc indexes (``~i``, a negative index, is arc ``i`` reversed)."""
    ring: Ring = []
    for index in indexes:
        arc = list(arcs[index]) if index >= 0 else list(reversed(arcs[~index]))
        ring.extend(arc if not ring else arc[1:])
    return ring


def area(ring: Sequence[Point]) -> float:
    """The area a ring encloses (shoelace; unsigned)."""
    total = 0.0
    for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True):
        total += x0 * y1 - x1 * y0
    return abs(total) / 2


def features(
    topology: Mapping[str, Any], name: str, *, tolerance: float = 0.0, min_area: float = 0.0
) -> list[Feature]:
    """The areas of object ``name``, projected (Mercator) and simplified.

    Each arc is simplified once (``tolerance`` in projected units, radians of longitude);
    rings that collapse or enclose less than ``min_area`` are dropped, holes too, but every
    feature keeps its largest polygon, so no area ever disappears from the map."""
    arcs = [simplify([mercator(p) for p in arc], tolerance) for arc in decode_arcs(topology)]
    out = []
    for geometry in topology["objects"][name]["geometries"]:
        kind, parts = geometry["type"], geometry.get("arcs", [])
        polygons_arcs = [parts] if kind == "Polygon" else parts if kind == "MultiPolygon" else []
        polygons = [[_ring(r, arcs) for r in rings] for rings in polygons_arcs]
        out.append(Feature(geometry.get("properties") or {}, _keep(polygons, min_area)))
    return out


def _keep(polygons: list[Polygon], min_area: float) -> list[Polygon]:
    def fine(ring: Ring) -> bool:
        return len(ring) >= 4 and area(ring) >= min_area

    kept = [[r for r in p if fine(r)] for p in polygons if p and fine(p[0])]
    if kept or not polygons:
        return kept
    return [max(polygons, key=lambda p: area(p[0]))[:1]]


def bounds(points: Iterable[Point]) -> Box:
    xs, ys = zip(*points, strict=True)
    return Box(min(xs), min(ys), max(xs), max(ys))


def feature_points(items: Iterable[Feature]) -> Iterable[Point]:
    for f in items:
        for polygon in f.polygons:
            for ring in polygon:
                yield from ring


@dataclass(frozen=True)
class Frame:
    """Projected coordinates onto a canvas ``width`` wide (y down), ``pad`` on every side."""

    box: Box
    width: float
    pad: float = 0.0

    @property
    def scale(self) -> float:
        return (self.width - 2 * self.pad) / self.box.width

    @property
    def height(self) -> float:
        return math.ceil(self.box.height * self.scale + 2 * self.pad)

    def place(self, point: Point) -> tuple[int, int]:
        x, y = point
        return (
            round(self.pad + (x - self.box.x0) * self.scale),
            round(self.pad + (self.box.y1 - y) * self.scale),
        )


def svg_path(polygons: Sequence[Polygon], frame: Frame) -> str:
    """An SVG path ``d`` (whole canvas units, rings closed; holes by the even-odd rule)."""
    parts = []
    for polygon in polygons:
        for ring in polygon:
            placed: list[tuple[int, int]] = []
            for p in ring:
                q = frame.place(p)
                if not placed or q != placed[-1]:
                    placed.append(q)
            if placed[-1] == placed[0]:
                placed.pop()
            if len(placed) < 3:
                continue
            head, *rest = placed
            parts.append(f"M{head[0]} {head[1]}L" + " ".join(f"{x} {y}" for x, y in rest) + "Z")
    return "".join(parts)
