"""The one chart helper: server-rendered SVG from matplotlib, for web pages and PDFs alike.

Charts are vector graphics with text kept as text (searchable, crisp in print) and carry
a <title> for screen readers. Numbers on axes use Indonesian separators.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
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


def line_chart(
    title: str,
    x: Sequence[object],
    series: dict[str, Sequence[float | None]],
    *,
    y_label: str = "",
    percent: bool = False,
    step: bool = False,
    width: float = 7.0,
    height: float = 3.2,
) -> str:
    fig, ax = plt.subplots(figsize=(width, height))
    for i, (name, values) in enumerate(series.items()):
        kwargs = {"label": name, "color": PALETTE[i % len(PALETTE)], "linewidth": 2}
        if step:
            ax.step(list(x), list(values), where="post", **kwargs)
        else:
            ax.plot(list(x), list(values), marker="o", markersize=3, **kwargs)
    ax.set_ylabel(y_label)
    ax.yaxis.set_major_formatter(
        FuncFormatter(lambda v, _p: format_number(v) + ("%" if percent else ""))
    )
    if len(series) > 1:
        ax.legend(frameon=False)
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
