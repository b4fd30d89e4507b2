"""The frame of a chart with a vertical value axis: the band above the plot (the unit and
the labels of vertical markers), the value axis on the left, the category or year axis
below. No text is ever written inside the plot, where the data are."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from akkopsi.core.charts.axes import (
    Scale,
    Ticks,
    axis_text,
    is_whole,
    nice_ticks,
    year_ticks,
)
from akkopsi.core.charts.draw import (
    ALERT,
    FONT,
    LINE,
    MUTED,
    PAD,
    WIDTH,
    Box,
    Svg,
    text_box,
    text_width,
)

PLOT_HEIGHT = 180.0
X_GAP = 12.0  # at least this much between two labels of the horizontal axis


@dataclass(frozen=True)
class Marker:
    """A vertical line at ``x`` (a year, or a value of a histogram's axis), labelled above
    the plot: the rakor of 19 May 2015, the 2 % line, a target."""

    x: float
    label: str
    color: str = ALERT


@dataclass(frozen=True)
class Rule:
    """A horizontal reference line at ``y`` (named in the legend)."""

    y: float
    label: str
    color: str = ALERT


@dataclass(frozen=True)
class Frame:
    plot: Box
    x: Scale
    y: Scale


def value_ticks(values: Sequence[float | None], extra: Sequence[float] = ()) -> Ticks:
    """Ticks of the value axis: from zero (or below, for negative values) past the largest."""
    present = [v for v in values if v is not None] + list(extra)
    lo = min(0.0, *present) if present else 0.0
    return nice_ticks(lo, max([1.0, *present]), whole=is_whole(present))


Placed = tuple[float, str, str, str]  # x, text, anchor, colour


def _marker_rows(at: Sequence[tuple[float, str, str]]) -> list[list[Placed]]:
    """Put marker labels in rows above the plot so that no two overlap."""
    rows: list[list[Placed]] = []
    for x, label, colour in sorted(at):
        w = text_width(label)
        anchor = "middle"
        if x - w / 2 < PAD:
            anchor = "start" if x + w <= WIDTH - PAD else "end"
        elif x + w / 2 > WIDTH - PAD:
            anchor = "end"
        box = text_box(x, FONT, label, anchor)
        for row in rows:
            if all(not box.overlaps(text_box(rx, FONT, rl, ra)) for rx, rl, ra, _c in row):
                row.append((x, label, anchor, colour))
                break
        else:
            rows.append([(x, label, anchor, colour)])
    return rows


def draw_frame(
    svg: Svg,
    *,
    x_lo: float,
    x_hi: float,
    ticks: Ticks,
    percent: bool = False,
    y_label: str = "",
    markers: Sequence[Marker] = (),
    x_ticks: Ticks | None = None,
    x_labels: Sequence[tuple[float, str]] | None = None,
    x_title: str = "",
    inset: float = 0.0,
    height: float = PLOT_HEIGHT,
) -> Frame:
    """Draw the axes and the band above; return where the data go. The horizontal axis has
    either ``x_labels`` (category centres and names) or ticks: ``x_ticks``, else whole
    years. ``inset`` keeps bars clear of the axis ends."""
    if percent and y_label.strip() == "%":
        y_label = ""  # the ticks say it
    y_texts = ticks.labels(percent)
    left = PAD + max(text_width(t) for t in y_texts) + 6
    last_label = x_labels[-1][1] if x_labels else axis_text(x_hi)
    right = WIDTH - PAD - max(text_width(last_label) / 2, 6.0)
    xs = Scale(x_lo, x_hi, left + inset, right - inset)
    rows = _marker_rows([(xs(m.x), m.label, m.color) for m in markers])
    top = PAD + LINE * (len(rows) + bool(y_label)) + FONT * 0.6
    plot = Box(left, top, right, top + height)
    ys = Scale(ticks.values[0], ticks.values[-1], plot.y1, plot.y0)
    svg.height = plot.y1 + LINE + (LINE if x_title else 0) + PAD
    if y_label:
        svg.text(PAD, PAD + FONT, y_label, fill=MUTED)
    for i, row in enumerate(rows):
        base = PAD + LINE * (i + bool(y_label)) + FONT
        for x, label, anchor, colour in row:
            svg.text(x, base, label, anchor=anchor, fill=colour)
    for value, label in zip(ticks.values, y_texts, strict=True):
        svg.line(plot.x0, ys(value), plot.x1, ys(value))
        svg.text(plot.x0 - 6, ys(value) + FONT * 0.35, label, anchor="end", fill=MUTED)
    zero = ys(max(ticks.values[0], 0.0))
    svg.line(plot.x0, zero, plot.x1, zero, stroke=MUTED)
    base = plot.y1 + FONT * 1.2
    if x_labels is None:
        if x_ticks is None:
            room = math.floor((plot.x1 - plot.x0) / (text_width("2000") + X_GAP)) + 1
            x_ticks = year_ticks(x_lo, x_hi, room)
        x_labels = [(v, axis_text(v)) for v in x_ticks.values]
    for value, label in x_labels:
        svg.text(xs(value), base, label, anchor="middle", fill=MUTED)
    if x_title:
        svg.text((plot.x0 + plot.x1) / 2, base + LINE, x_title, anchor="middle", fill=MUTED)
    return Frame(plot, xs, ys)


def draw_lines(
    svg: Svg, frame: Frame, markers: Sequence[Marker] = (), rules: Sequence[Rule] = ()
) -> None:
    """Reference lines, over the data: vertical markers and horizontal rules."""
    plot = frame.plot
    for m in markers:
        x = frame.x(m.x)
        svg.line(x, plot.y0, x, plot.y1, stroke=m.color, width=2, dash="6 4")
    for r in rules:
        y = frame.y(r.y)
        svg.line(plot.x0, y, plot.x1, y, stroke=r.color, width=2, dash="6 4")


def thin_labels(labels: Sequence[tuple[float, str]], slot: float) -> list[tuple[float, str]]:
    """Every k-th category label, so that the labels written do not touch."""
    widest = max((text_width(t) for _x, t in labels), default=0.0)
    k = max(1, math.ceil((widest + X_GAP) / max(slot, 1.0)))
    return [item for i, item in enumerate(labels) if i % k == 0]
