"""The one choropleth helper: areas coloured by the class of their value, as inline SVG.

Each area is a link (``<a href>``, focusable by keyboard) to its own page, with a ``<title>``
giving its name and value (the browser's tooltip, the screen reader's name) and a read-out
that CSS shows on hover and focus, without JavaScript. A missing value has no class: it is
drawn hatched and named "no data", never as the lowest class (ADR 19). Colours and the
read-out are in ``static/akkopsi/map.css`` (classes, no inline style: strict CSP).

The areas come from the caller (provinces today, kabupaten/kota when trustworthy boundaries
exist: ADR 52), so this module knows no app. The legend and the table beside the map are HTML
(``core/_choropleth.html``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils.translation import gettext as _

from akkopsi.engines.maps.classes import class_of

MISSING_CLASS = "map-none"


@dataclass(frozen=True)
class Area:
    """One area: its code, name, SVG path, value (None: missing), the value as written, the
    basis of the figure as written (e.g. "3 of 5 members"), and the page it links to."""

    code: str
    name: str
    path: str
    value: Decimal | int | None
    text: str
    href: str
    basis: str = ""

    @property
    def label(self) -> str:
        return f"{self.name}: {self.text}"


@dataclass(frozen=True)
class LegendEntry:
    css: str
    label: str
    count: int


@dataclass(frozen=True)
class Row:
    area: Area
    css: str


@dataclass(frozen=True)
class Choropleth:
    title: str
    svg: str
    legend: list[LegendEntry]
    rows: list[Row]


def css_class(value: Decimal | int | None, breaks: Sequence[Decimal]) -> str:
    index = class_of(value, breaks)
    return MISSING_CLASS if index is None else f"map-c{index}"


def choropleth(
    title: str,
    areas: Sequence[Area],
    breaks: Sequence[Decimal],
    class_label: Callable[[Decimal, Decimal, bool], str],
    *,
    size: tuple[int, int],
) -> Choropleth:
    """The map of ``areas`` on a canvas of ``size`` (width, height), its legend and table.

    ``class_label(low, high, last)`` writes a class's range (the last includes ``high``)."""
    classes = [css_class(a.value, breaks) for a in areas]
    legend = [
        LegendEntry(
            f"map-c{i}", class_label(lo, hi, i == len(breaks) - 2), classes.count(f"map-c{i}")
        )
        for i, (lo, hi) in enumerate(itertools.pairwise(breaks))
    ]
    legend.append(LegendEntry(MISSING_CLASS, _("no data"), classes.count(MISSING_CLASS)))
    rows = sorted(
        (Row(a, c) for a, c in zip(areas, classes, strict=True)), key=lambda r: r.area.name
    )
    return Choropleth(title, _svg(title, areas, classes, size), legend, rows)


def _svg(title: str, areas: Sequence[Area], classes: Sequence[str], size: tuple[int, int]) -> str:
    width, height = size
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'class="map" role="group" aria-label="{escape(title)}"><title>{escape(title)}</title>'
        '<defs><pattern id="map-hatch" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="8" height="8" fill="#f3f4f6"/>'
        '<line x1="0" y1="0" x2="0" y2="8" stroke="#9ca3af" stroke-width="3"/></pattern></defs>'
    ]
    for area, css in zip(areas, classes, strict=True):
        if not area.path:  # no boundary to draw (a province the shipped geometry lacks)
            continue
        label = escape(area.label)
        parts.append(
            f'<a href="{escape(area.href)}" class="map-area" data-code="{escape(area.code)}">'
            f'<title>{label}</title><path class="{css}" d="{area.path}"/>'
            f'<text class="map-readout" x="8" y="{height - 12}">{label}</text></a>'
        )
    parts.append("</svg>")
    return "".join(parts)
