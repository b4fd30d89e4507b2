"""The one chart module: accessible, server-rendered SVG for pages and PDFs alike (ADR 51).

Each function returns a :class:`Chart`: the SVG (its title and description for screen
readers, per-mark hover titles, no ``style`` so it can be inlined under the strict CSP),
the legend (drawn as HTML beside the plot, never over the data), and the table of the
values it draws, shown under it and offered as CSV. Pages render every chart through the
one include ``core/_chart.html`` (template tag ``{% chart %}``). Numbers are Indonesian
(``core.formatting``), year axes are whole years, missing values are gaps, never zeros.
"""

from __future__ import annotations

from akkopsi.core.charts.axes import nice_bins, year_position
from akkopsi.core.charts.bars import bar_chart, stacked_bar
from akkopsi.core.charts.frame import Marker, Rule
from akkopsi.core.charts.kinds import histogram, line_chart
from akkopsi.core.charts.model import Chart, LegendItem

__all__ = [
    "Chart",
    "LegendItem",
    "Marker",
    "Rule",
    "as_chart",
    "bar_chart",
    "histogram",
    "line_chart",
    "nice_bins",
    "stacked_bar",
    "year_position",
]


def as_chart(value: Chart | str | None) -> Chart | str | None:
    """A chart as stored: a :class:`Chart`, its JSON (a bulletin edition published since
    ADR 51), or the SVG text of an edition published before (returned as it is)."""
    if isinstance(value, str) and value.startswith("{"):
        return Chart.from_json(value)
    return value or None
