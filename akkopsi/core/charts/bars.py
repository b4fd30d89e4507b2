"""Bar charts: one value or a stack of parts per category. Categories that are years stand
on a year axis; named categories lie as horizontal bars with the name above each bar, so
that a long name is read whole on a phone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.translation import gettext as _

from akkopsi.core.charts.axes import is_year_axis, nice_ticks, number_label, value_places
from akkopsi.core.charts.draw import (
    FONT,
    LINE,
    MUTED,
    PAD,
    WIDTH,
    Svg,
    color,
    text_width,
)
from akkopsi.core.charts.frame import Frame, Rule, draw_frame, draw_lines, thin_labels, value_ticks
from akkopsi.core.charts.kinds import cell, finish
from akkopsi.core.charts.model import Cell, Chart, LegendItem

BAR = 16.0  # thickness of a horizontal bar
ROW = LINE + BAR + 10  # a name, its bar and the space to the next


def bar_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    y_label: str = "",
    percent: bool = False,
    horizontal: bool | None = None,
    name: str = "",
    category: str = "",
    description: str = "",
    note: str = "",
) -> Chart:
    """One bar per category (``None``: no bar, "no data"). Named categories are drawn
    horizontally with each bar's value at its end."""
    return stacked_bar(
        title,
        labels,
        {name or y_label or _("Value"): values},
        y_label=y_label,
        percent=percent,
        horizontal=horizontal,
        category=category,
        description=description,
        note=note,
    )


def stacked_bar(
    title: str,
    labels: Sequence[str],
    stacks: Mapping[str, Sequence[float | None]],
    *,
    y_label: str = "",
    percent: bool = False,
    line: float | None = None,
    line_label: str = "",
    horizontal: bool | None = None,
    category: str = "",
    description: str = "",
    note: str = "",
) -> Chart:
    """Bars of several parts each (spending by sub-sector per year); ``line`` draws a
    horizontal reference (named ``line_label`` in the legend)."""
    labels = [str(x) for x in labels]
    years = is_year_axis(labels)
    if horizontal is None:
        slot = (WIDTH - 80) / max(len(labels), 1)
        horizontal = not years and max(text_width(x) for x in labels) > slot
    rules = [Rule(line, line_label)] if line is not None else []
    svg = Svg()
    series = [(str(k), list(v)) for k, v in stacks.items()]
    totals = [sum(v[i] or 0.0 for _k, v in series) for i in range(len(labels))]
    ends = [end for i in range(len(labels)) for _j, _v, *end in spans(series, i)]
    reach = [x for pair in ends for x in pair]  # how far the bars go, both ways from zero
    if horizontal:
        _horizontal(svg, labels, series, reach, percent, rules)
    else:
        frame = _vertical_frame(svg, labels, reach, percent, y_label, rules)
        _vertical_bars(svg, frame, labels, series, percent)
        draw_lines(svg, frame, rules=rules)
    legend = [LegendItem(k, color(i)) for i, (k, _v) in enumerate(series)]
    legend += [LegendItem(r.label, r.color, "rule") for r in rules if r.label]
    places = [value_places(v) for _k, v in series]
    header = [category or (_("Year") if years else _("Name")), *(k for k, _v in series)]
    raw: list[list[Cell]] = [
        [int(x) if years else x, *(v[i] for _k, v in series)] for i, x in enumerate(labels)
    ]
    shown = [
        [x, *(cell(v[i], p, percent) for (_k, v), p in zip(series, places, strict=True))]
        for i, x in enumerate(labels)
    ]
    if not description:
        description = _describe_bars(labels, totals, series, percent)
    return finish(title, description, svg, legend, header, raw, shown, note)


def _describe_bars(
    labels: list[str],
    totals: list[float],
    series: list[tuple[str, list[float | None]]],
    percent: bool,
) -> str:
    known = [i for i in range(len(labels)) if any(v[i] is not None for _k, v in series)]
    if not known:
        return _("No data.")
    hi = max(known, key=lambda i: totals[i])
    lo = min(known, key=lambda i: totals[i])
    places = value_places([totals[i] for i in known])
    return (
        _("%(n)s bars; the highest %(hi)s (%(hv)s), the lowest %(lo)s (%(lv)s).")
        % {
            "n": len(labels),
            "hi": labels[hi],
            "hv": number_label(totals[hi], places, percent),
            "lo": labels[lo],
            "lv": number_label(totals[lo], places, percent),
        }
        + " "
        + _("The values are in the data table.")
    )


def spans(
    series: list[tuple[str, list[float | None]]], i: int
) -> list[tuple[int, float, float, float]]:
    """The parts of category ``i``'s bar: (series, value, start, end). Positive parts stack
    up from zero, negative ones down from it; a missing value has no part."""
    up = down = 0.0
    out = []
    for j, (_name, values) in enumerate(series):
        v = values[i]
        if v is None:
            continue
        if v >= 0:
            out.append((j, v, up, up + v))
            up += v
        else:
            out.append((j, v, down + v, down))
            down += v
    return out


def _vertical_frame(
    svg: Svg, labels: list[str], reach: list[float], percent: bool, y_label: str, rules: list[Rule]
) -> Frame:
    k = len(labels)
    slot = (WIDTH - 80) / max(k, 1)
    ticks = value_ticks(reach, [r.y for r in rules])
    return draw_frame(
        svg,
        x_lo=-0.5,
        x_hi=k - 0.5,
        ticks=ticks,
        percent=percent,
        y_label=y_label,
        x_labels=thin_labels([(float(i), x) for i, x in enumerate(labels)], slot),
    )


def _vertical_bars(
    svg: Svg,
    frame: Frame,
    labels: list[str],
    series: list[tuple[str, list[float | None]]],
    percent: bool,
) -> None:
    half = (frame.x(1) - frame.x(0)) * 0.36
    for i, label in enumerate(labels):
        for j, v, start, end in spans(series, i):
            tip = f"{label}, {series[j][0]}: {cell(v, value_places([v]), percent)}"
            y0, y1 = frame.y(end), frame.y(start)
            svg.rect(frame.x(i) - half, y0, 2 * half, y1 - y0, color(j), tip)


def _horizontal(
    svg: Svg,
    labels: list[str],
    series: list[tuple[str, list[float | None]]],
    reach: list[float],
    percent: bool,
    rules: list[Rule],
) -> None:
    """A row per category: its name, then its bar beneath, with the value at the end of a
    single bar, or a value axis below stacked ones. Negative parts go left of zero."""
    single = len(series) == 1
    places = value_places([v for _k, vals in series for v in vals])
    extent = [*reach, *(r.y for r in rules), 0.0]
    ticks = nice_ticks(min(extent), max([1.0, *extent]), 4)
    lo, hi = (min(extent), max(extent)) if single else (ticks.values[0], ticks.values[-1])
    shown = [cell(v, places, percent) for v in series[0][1]] if single else []
    end_room = (
        max((text_width(t) for t in shown), default=0) + 6
        if single
        else text_width(ticks.labels(percent)[-1]) / 2
    )
    x0, x1 = PAD, WIDTH - PAD - end_room
    scale = (x1 - x0) / ((hi - lo) or 1.0)

    def at(value: float) -> float:
        return x0 + (value - lo) * scale

    top = PAD
    bottom = top + ROW * len(labels)
    if not single:
        for value, text in zip(ticks.values, ticks.labels(percent), strict=True):
            svg.line(at(value), top + LINE, at(value), bottom - 10)
            svg.text(at(value), bottom + FONT * 0.9, text, anchor="middle", fill=MUTED)
    for i, label in enumerate(labels):
        y = top + ROW * i
        svg.text(x0, y + FONT, label)
        parts = spans(series, i)
        for j, v, start, end in parts:
            tip = f"{label}, {series[j][0]}: {cell(v, places, percent)}"
            svg.rect(at(start), y + LINE, at(end) - at(start), BAR, color(j), tip)
        if single:
            right = max((at(end) for _j, _v, _s, end in parts), default=x0 - 4)
            svg.text(right + 4, y + LINE + BAR - 2, shown[i], fill=MUTED)
    svg.line(at(0), top + LINE, at(0), bottom - 10, stroke=MUTED)
    for r in rules:
        svg.line(at(r.y), top + LINE, at(r.y), bottom - 10, stroke=r.color, width=2, dash="6 4")
    svg.height = bottom + (LINE if not single else 0) + PAD
