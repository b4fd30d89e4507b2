"""What a chart is once drawn: its SVG markup and everything a reader needs beside it.

A :class:`Chart` is plain data (picklable for the cache, JSON for a published bulletin
edition): the accessible SVG, its title and description, the legend (drawn as HTML beside
the plot, never over it), and the table of the values it draws, as formatted cells for the
page and as raw values for the CSV download.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import quote

from django.utils.text import slugify

from akkopsi.core.exports import csv_text

Cell = str | int | float | None


@dataclass(frozen=True)
class LegendItem:
    """One legend entry: ``kind`` is how its key is drawn (line, box, marker or rule)."""

    label: str
    color: str
    kind: str = "box"


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    svg: str
    legend: tuple[LegendItem, ...] = ()
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()  # the table as shown: formatted, Indonesian
    raw: tuple[tuple[Cell, ...], ...] = field(default=(), repr=False)  # the same, for CSV
    ident: str = ""  # the id of the chart's title and description within a page

    @property
    def filename(self) -> str:
        return (slugify(self.title)[:60].strip("-") or "grafik") + ".csv"

    @property
    def csv(self) -> str:
        """The data table as CSV: the raw values (a dot before decimals, empty when missing),
        like the platform's other CSV exports."""
        return csv_text(
            self.header, (["" if v is None else _plain(v) for v in row] for row in self.raw)
        )

    @property
    def csv_href(self) -> str:
        """A ``data:`` link: downloads without JavaScript and without a view."""
        return "data:text/csv;charset=utf-8," + quote("\ufeff" + self.csv)

    def to_json(self) -> str:
        """The chart as frozen in a published bulletin edition (deterministic text)."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Chart:
        data: dict[str, Any] = json.loads(text)
        return cls(
            title=data["title"],
            description=data["description"],
            svg=data["svg"],
            legend=tuple(LegendItem(**item) for item in data["legend"]),
            header=tuple(data["header"]),
            rows=tuple(tuple(r) for r in data["rows"]),
            raw=tuple(tuple(r) for r in data["raw"]),
            ident=data["ident"],
        )


def chart_ident(title: str, rows: object) -> str:
    """A stable id from what the chart shows (the same chart, the same id)."""
    digest = hashlib.sha1(repr((title, rows)).encode(), usedforsecurity=False).hexdigest()
    return f"chart-{digest[:10]}"


def _plain(value: Cell) -> Cell:
    """Numbers stay numbers (a negative value is no formula), floats written short."""
    if isinstance(value, float):
        return float(f"{value:.10g}")
    return value
