"""The one chart helper: server-rendered SVG from matplotlib, for web pages and PDFs alike.

Charts are vector graphics with text kept as text (searchable, crisp in print) and carry
a <title> for screen readers. Numbers on axes use Indonesian separators.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.axis import Axis
from matplotlib.ticker import FuncFormatter

from akkopsi.core.formatting import format_number

PALETTE = ["#0f766e", "#b45309", "#1d4ed8", "#be123c", "#4d7c0f", "#7c3aed", "#334155"]

plt.rcParams.update(
    {
        "svg.fonttype": "none",
        "font.family": "DejaVu Sans",
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.color": "#e5e7eb",
        "svg.hashsalt": "akkopsi",  # deterministic ids
    }
)


def _to_svg(fig: plt.Figure, title: str) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Title": title})
    plt.close(fig)
    svg = buf.getvalue()
    start = svg.index("<svg")
    svg = svg[start:]
    # Let CSS size the chart; keep the viewBox for scaling.
    head_end = svg.index(">")
    head = svg[:head_end]
    for attr in ("width", "height"):
        key = f' {attr}="'
        if key in head:
            i = head.index(key)
            j = head.index('"', i + len(key))
            head = head[:i] + head[j + 1 :]
    from html import escape

    return (
        head
        + f' role="img" aria-label="{escape(title)}" class="chart">'
        + f"<title>{escape(title)}</title>"
        + svg[head_end + 1 :]
    )


def _number_axis(axis: Axis, percent: bool = False) -> None:
    """Indonesian tick labels, with a decimal where the axis spans little."""
    lo, hi = axis.get_view_interval()
    places = 1 if abs(hi - lo) < 10 else 0
    axis.set_major_formatter(
        FuncFormatter(lambda v, _p: format_number(v, places) + ("%" if percent else ""))
    )


def chart_title(svg: str) -> str:
    """The title a chart carries (its accessible name)."""
    start = svg.find("<title>")
    if start < 0:
        return ""
    from html import unescape

    return unescape(svg[start + 7 : svg.find("</title>", start)])


def line_chart(
    title: str,
    x: Sequence[object],
    series: dict[str, Sequence[float | None]],
    *,
    y_label: str = "",
    percent: bool = False,
    step: bool = False,
    targets: dict[str, Sequence[tuple[object, float]]] | None = None,
    width: float = 7.0,
    height: float = 3.2,
) -> str:
    """One line per series; ``targets`` adds labelled target markers (x, y)."""
    fig, ax = plt.subplots(figsize=(width, height))
    for name, points in (targets or {}).items():
        if points:
            xs, ys = zip(*points, strict=True)
            ax.scatter(
                list(xs), list(ys), marker="D", s=36, color="#be123c", zorder=5, label=str(name)
            )
    for i, (name, values) in enumerate(series.items()):
        kwargs: dict[str, Any] = {
            "label": str(name),
            "color": PALETTE[i % len(PALETTE)],
            "linewidth": 2,
        }
        x_values: list[Any] = list(x)
        y_values: list[Any] = list(values)  # None: a gap in the line
        if step:
            ax.step(x_values, y_values, where="post", **kwargs)
        else:
            ax.plot(x_values, y_values, marker="o", markersize=3, **kwargs)
    ax.set_ylabel(y_label)
    _number_axis(ax.yaxis, percent)
    if len(series) + len(targets or {}) > 1:
        ax.legend(frameon=False, fontsize=8)
    return _to_svg(fig, title)


def histogram(
    title: str,
    values: Sequence[float],
    *,
    bins: Sequence[float] | int = 10,
    target: float | None = None,
    target_label: str = "",
    x_label: str = "",
    y_label: str = "",
    width: float = 7.0,
    height: float = 3.0,
) -> str:
    fig, ax = plt.subplots(figsize=(width, height))
    ax.hist(
        list(values),
        bins=bins if isinstance(bins, int) else list(bins),
        color=PALETTE[0],
        edgecolor="white",
    )
    if target is not None:
        ax.axvline(target, color="#be123c", linewidth=2, linestyle="--", label=str(target_label))
        ax.legend(frameon=False, fontsize=8)
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: format_number(v)))
    return _to_svg(fig, title)


def stacked_bar(
    title: str,
    labels: Sequence[str],
    stacks: dict[str, Sequence[float]],
    *,
    y_label: str = "",
    line: float | None = None,
    line_label: str = "",
    width: float = 7.0,
    height: float = 3.2,
) -> str:
    """Bars of several parts each (e.g. spending by sub-sector per year); ``line`` draws a reference."""
    fig, ax = plt.subplots(figsize=(width, height))
    bottom = [0.0] * len(labels)
    for i, (name, values) in enumerate(stacks.items()):
        ax.bar(
            [str(x) for x in labels],
            [float(v) for v in values],
            bottom=bottom,
            label=str(name),
            color=PALETTE[i % len(PALETTE)],
        )
        bottom = [b + float(v) for b, v in zip(bottom, values, strict=True)]
    if line is not None:
        ax.axhline(line, color="#be123c", linewidth=1.5, linestyle="--", label=str(line_label))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: format_number(v)))
    ax.set_ylabel(y_label)
    if len(labels) > 8:
        plt.setp(ax.get_xticklabels(), rotation=45, ha="right")
    ax.legend(frameon=False, fontsize=8, ncol=2)
    return _to_svg(fig, title)


def bar_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    y_label: str = "",
    horizontal: bool = False,
    width: float = 7.0,
    height: float = 3.2,
) -> str:
    fig, ax = plt.subplots(figsize=(width, height))
    if horizontal:
        ax.barh(list(labels), list(values), color=PALETTE[0])
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: format_number(v)))
        ax.set_xlabel(y_label)
    else:
        ax.bar(list(labels), list(values), color=PALETTE[0])
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: format_number(v)))
        ax.set_ylabel(y_label)
        if len(labels) > 8:
            plt.setp(ax.get_xticklabels(), rotation=45, ha="right")
    return _to_svg(fig, title)
