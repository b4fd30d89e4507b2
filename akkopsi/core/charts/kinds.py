"""Charts over a year (or number) axis: lines, steps and histograms."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.utils.translation import gettext as _

from akkopsi.core.charts.axes import Ticks, nice_ticks, number_label, value_places
from akkopsi.core.charts.axes import axis_text as year_text
from akkopsi.core.charts.draw import ALERT, PALETTE, Svg, color, n, text_width
from akkopsi.core.charts.frame import Marker, Rule, draw_frame, draw_lines, value_ticks
from akkopsi.core.charts.model import Cell, Chart, LegendItem, chart_ident

Point = tuple[object, float]


def cell(value: float | None, places: int, percent: bool = False) -> str:
    """A value as the data table shows it; missing data are said to be missing."""
    return _("no data") if value is None else number_label(value, places, percent)


def finish(
    title: str,
    description: str,
    svg: Svg,
    legend: Sequence[LegendItem],
    header: Sequence[str],
    raw: Sequence[Sequence[Cell]],
    shown: Sequence[Sequence[str]],
    note: str = "",
) -> Chart:
    """The chart from its drawing and its table; ``note`` is added to the description."""
    description = f"{description} {note}".strip()
    ident = chart_ident(title, raw)
    return Chart(
        title=title,
        description=description,
        svg=svg.markup(ident, title, description),
        legend=tuple(legend) if len(legend) > 1 else (),
        header=tuple(header),
        rows=tuple(tuple(r) for r in shown),
        raw=tuple(tuple(r) for r in raw),
        ident=ident,
    )


def marked(markers: Sequence[Marker]) -> str:
    return "".join(" " + _("Marked: %(label)s.") % {"label": m.label} for m in markers)


def _segments(points: list[tuple[float, float | None]], step: bool) -> str:
    """Path data; a missing value breaks the line (a gap, never a zero)."""
    d: list[str] = []
    pen_down = False
    for x, y in points:
        if y is None:
            pen_down = False
            continue
        if not pen_down:
            d.append(f"M{n(x)} {n(y)}")
        elif step:
            d.append(f"H{n(x)}V{n(y)}")  # the value holds until the next one
        else:
            d.append(f"L{n(x)} {n(y)}")
        pen_down = True
    return "".join(d)


def line_chart(
    title: str,
    x: Sequence[int | float],
    series: Mapping[str, Sequence[float | None]],
    *,
    y_label: str = "",
    percent: bool = False,
    step: bool = False,
    targets: Mapping[str, Sequence[Point]] | None = None,
    markers: Sequence[Marker] = (),
    rules: Sequence[Rule] = (),
    x_label: str = "",
    description: str = "",
    note: str = "",
) -> Chart:
    """One line per series over whole years (``None``: a gap); ``targets`` adds labelled
    target points (year, value); ``markers`` vertical lines labelled above the plot;
    ``rules`` horizontal reference lines named in the legend (the 2 % commitment)."""
    xs = [float(v) for v in x]
    goals: dict[str, dict[float, float]] = {
        str(k): {float(str(px)): float(py) for px, py in v} for k, v in (targets or {}).items() if v
    }
    goal_xs = [px for pts in goals.values() for px in pts]
    goal_ys = [py for pts in goals.values() for py in pts.values()]
    all_x = xs + goal_xs + [m.x for m in markers]
    lo, hi = min(all_x), max(all_x)
    svg = Svg()
    frame = draw_frame(
        svg,
        x_lo=lo - 0.5 if lo == hi else lo,
        x_hi=hi + 0.5 if lo == hi else hi,
        ticks=value_ticks(
            [v for vs in series.values() for v in vs], [*goal_ys, *(r.y for r in rules)]
        ),
        percent=percent,
        y_label=y_label,
        markers=markers,
        x_title=x_label,
    )
    columns = {str(k): dict(zip(xs, v, strict=True)) for k, v in series.items()}
    places = [value_places(list(v)) for v in series.values()]
    legend = []
    for i, (name, values) in enumerate(columns.items()):
        pts = [(frame.x(px), None if v is None else frame.y(v)) for px, v in values.items()]
        svg.path(_segments(pts, step), color(i))
        for (px, v), (sx, sy) in zip(values.items(), pts, strict=True):
            if v is not None and sy is not None:
                svg.dot(sx, sy, color(i), f"{name}, {year_text(px)}: {cell(v, places[i], percent)}")
        legend.append(LegendItem(name, color(i), "line"))
    for name, goal in goals.items():
        for px, py in goal.items():
            tip = f"{name} {year_text(px)}: {cell(py, value_places([py]), percent)}"
            svg.dot(frame.x(px), frame.y(py), ALERT, tip, diamond=True)
        legend.append(LegendItem(name, ALERT, "marker"))
    legend += [LegendItem(r.label, r.color, "rule") for r in rules]
    draw_lines(svg, frame, markers, rules)
    header, raw, shown = _year_table(x_label, columns, places, goals, percent)
    description = description or _describe_lines(series, xs, places, percent) + marked(markers)
    return finish(title, description, svg, legend, header, raw, shown, note)


def _year_table(
    x_label: str,
    columns: dict[str, dict[float, float | None]],
    places: list[int],
    goals: dict[str, dict[float, float]],
    percent: bool,
) -> tuple[list[str], list[list[Cell]], list[list[str]]]:
    """A row per year: each series (missing: "no data"; a year the series does not cover:
    blank) and each target (blank where none is set)."""
    header = [x_label or _("Year"), *columns, *goals]
    years = sorted(
        {*(x for c in columns.values() for x in c), *(x for g in goals.values() for x in g)}
    )
    raw: list[list[Cell]] = []
    shown: list[list[str]] = []
    for year in years:
        values = [c.get(year) for c in columns.values()]
        targets = [g.get(year) for g in goals.values()]
        raw.append([_whole(year), *values, *targets])
        shown.append(
            [
                year_text(year),
                *(
                    cell(v, p, percent) if year in c else ""
                    for v, p, c in zip(values, places, columns.values(), strict=True)
                ),
                *("" if g is None else cell(g, value_places([g]), percent) for g in targets),
            ]
        )
    return header, raw, shown


def _whole(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _describe_lines(
    series: Mapping[str, Sequence[float | None]], xs: list[float], places: list[int], percent: bool
) -> str:
    parts = []
    for (name, values), p in zip(series.items(), places, strict=True):
        known = [(x, v) for x, v in zip(xs, values, strict=True) if v is not None]
        if not known:
            parts.append(_("%(name)s: no data") % {"name": name})
            continue
        (x0, v0), (x1, v1) = known[0], known[-1]
        parts.append(
            _("%(name)s: %(first)s in %(x0)s, %(last)s in %(x1)s")
            % {
                "name": name,
                "first": cell(v0, p, percent),
                "x0": year_text(x0),
                "last": cell(v1, p, percent),
                "x1": year_text(x1),
            }
        )
    return "; ".join(parts) + ". " + _("The values are in the data table.")


def histogram(
    title: str,
    values: Sequence[float],
    *,
    bins: Sequence[float],
    markers: Sequence[Marker] = (),
    x_label: str = "",
    y_label: str = "",
    percent: bool = False,
    description: str = "",
    note: str = "",
) -> Chart:
    """How many values fall in each class [bins[i], bins[i+1]) (the last class closed);
    ``markers`` are vertical lines labelled above the plot (a target, the 2 % line)."""
    edges = [float(b) for b in bins]
    counts = class_counts(values, edges)
    svg = Svg()
    edge_ticks = _edge_ticks(edges, percent)
    frame = draw_frame(
        svg,
        x_lo=edges[0],
        x_hi=edges[-1],
        ticks=value_ticks([float(c) for c in counts]),
        y_label=y_label,
        markers=markers,
        x_labels=[(v, number_label(v, edge_ticks.places, percent)) for v in edge_ticks.values],
        x_title=x_label,
    )
    places = max(value_places(edges), 0)
    header = [x_label or _("Class"), y_label or _("Number of values")]
    raw: list[list[Cell]] = []
    shown: list[list[str]] = []
    for i, count in enumerate(counts):
        lo, hi = edges[i], edges[i + 1]
        span = f"{number_label(lo, places, percent)}–{number_label(hi, places, percent)}"
        x0, x1 = frame.x(lo), frame.x(hi)
        svg.rect(
            x0 + 0.5,
            frame.y(count),
            x1 - x0 - 1,
            frame.y(0) - frame.y(count),
            PALETTE[0],
            f"{span}: {count}",
        )
        raw.append([span, count])
        shown.append([span, number_label(count)])
    draw_lines(svg, frame, markers)
    if not description:
        top = max(range(len(counts)), key=lambda i: counts[i]) if counts else 0
        description = _("%(n)s values in %(k)s classes; the most in %(span)s (%(count)s).") % {
            "n": len(values),
            "k": len(counts),
            "span": raw[top][0] if raw else "",
            "count": counts[top] if counts else 0,
        } + marked(markers)
    return finish(title, description, svg, [], header, raw, shown, note)


def class_counts(values: Sequence[float], edges: list[float]) -> list[int]:
    """How many values fall in each class [edges[i], edges[i+1]), the last one closed."""
    counts = [0] * (len(edges) - 1)
    for v in values:
        for i in range(len(counts)):
            if edges[i] <= v < edges[i + 1] or (i == len(counts) - 1 and v == edges[-1]):
                counts[i] += 1
                break
    return counts


def _edge_ticks(edges: list[float], percent: bool) -> Ticks:
    """Class edges to write under a histogram, thinned so that they do not touch."""
    ticks = nice_ticks(edges[0], edges[-1], 6)
    inside = tuple(v for v in ticks.values if edges[0] <= v <= edges[-1])
    widest = max(text_width(number_label(v, ticks.places, percent)) for v in inside)
    room = max(2, int(260 // (widest + 12)))
    step = max(1, -(-len(inside) // room))
    return Ticks(inside[::step], ticks.places)
