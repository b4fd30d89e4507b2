"""Province shapes for maps: the published boundaries, projected and simplified once.

``build_province_shapes`` turns the TopoJSON of the 38 provinces (``../shared/data/geo``,
CC BY 4.0) into ``geo/provinces.json``: one SVG path per province code on a fixed canvas
(command ``build_province_map``). Pages read that file through ``province_shapes``, loaded
once per process; nothing is projected per request (ADR 52).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from akkopsi.engines.maps.geometry import Frame, bounds, feature_points, features, svg_path

SHAPES = Path(__file__).parent / "geo" / "provinces.json"
OBJECT = "indonesia-38-prov-topo"
SOURCE = (
    "“Indonesia GeoJSON & TopoJSON Maps (38 Provinces)” v1.0.0, "
    "github.com/denyherianto/indonesia-geojson-topojson-maps-with-38-provinces"
)
LICENCE = "CC BY 4.0"
#: Written out, not linked: every page stays on this machine (no request leaves it).
LICENCE_URL = "creativecommons.org/licenses/by/4.0"
WIDTH = 1000
#: Projected units (radians of longitude): about half a canvas unit, and the smallest island kept.
TOLERANCE = 0.0004
MIN_AREA = 2.5e-6

#: The source repeats 91 and 92 for the six Papua provinces: their Kemendagri codes by name.
PAPUA = {
    "Papua": "91",
    "Papua Barat": "92",
    "Papua Selatan": "93",
    "Papua Tengah": "94",
    "Papua Pegunungan": "95",
    "Papua Barat Daya": "96",
}


@dataclass(frozen=True)
class Shape:
    code: str
    name: str  # as the source names it; pages show the registry's name
    path: str


@dataclass(frozen=True)
class Shapes:
    width: int
    height: int
    provinces: dict[str, Shape]


def province_code(properties: Mapping[str, Any]) -> str:
    name = str(properties["PROVINSI"])
    return PAPUA.get(name, str(properties["KODE_PROV"]))


def build_province_shapes(topology: Mapping[str, Any]) -> dict[str, Any]:
    """The file ``geo/provinces.json`` holds: canvas size, source, one path per province."""
    found = features(topology, OBJECT, tolerance=TOLERANCE, min_area=MIN_AREA)
    frame = Frame(bounds(feature_points(found)), WIDTH, pad=4)
    provinces = {}
    for f in found:
        code = province_code(f.properties)
        if code in provinces:
            raise ValueError(f"province code {code} twice in the boundaries")
        provinces[code] = {"name": f.properties["PROVINSI"], "path": svg_path(f.polygons, frame)}
    return {
        "source": SOURCE,
        "licence": LICENCE,
        "changes": "projected (Web Mercator) and simplified (Douglas-Peucker per shared arc)",
        "width": WIDTH,
        "height": frame.height,
        "provinces": dict(sorted(provinces.items())),
    }


@cache
def province_shapes() -> Shapes:
    data = json.loads(SHAPES.read_text(encoding="utf-8"))
    return Shapes(
        width=data["width"],
        height=data["height"],
        provinces={
            code: Shape(code, p["name"], p["path"]) for code, p in data["provinces"].items()
        },
    )
