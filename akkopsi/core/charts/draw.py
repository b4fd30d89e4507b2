"""A small SVG writer: shapes with presentation attributes only (no ``style``), so the
markup can be inlined in a page under the strict Content-Security-Policy and printed by
WeasyPrint alike.

Sizes are in the units of a narrow viewBox (``WIDTH``) with text at ``FONT``: scaled to
the width of a phone, the text is as large as the page's body text (ADR 51).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

WIDTH = 340.0
FONT = 17.0
LINE = FONT * 1.3  # height of a line of text
PAD = 8.0
CHAR = 0.58  # width of an average character, in ems (used to keep text apart)
INK = "#1f2937"
MUTED = "#4b5563"
GRID = "#e5e7eb"
ALERT = "#be123c"
PALETTE = ("#0f766e", "#b45309", "#1d4ed8", "#7c3aed", "#4d7c0f", "#be185d", "#334155")


def color(i: int) -> str:
    return PALETTE[i % len(PALETTE)]


def text_width(text: str, size: float = FONT) -> float:
    return len(text) * CHAR * size


def n(value: float) -> str:
    """A coordinate, short and stable."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Box:
    """A rectangle in drawing units; text and data are kept apart by these."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )


def text_box(x: float, y: float, text: str, anchor: str = "start") -> Box:
    """The box a line of text takes, ``y`` being its baseline."""
    w = text_width(text)
    x0 = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
    return Box(x0, y - FONT * 0.8, x0 + w, y + FONT * 0.25)


@dataclass
class Svg:
    """The elements of one chart, in drawing order; :meth:`markup` wraps them in an
    accessible ``<svg>`` (role img, labelled by its title and description)."""

    height: float = 0.0
    parts: list[str] = field(default_factory=list)
    texts: list[Box] = field(default_factory=list)  # every text drawn, for the layout tests

    def text(
        self, x: float, y: float, text: str, *, anchor: str = "start", fill: str = INK
    ) -> None:
        self.texts.append(text_box(x, y, text, anchor))
        attrs = f' text-anchor="{anchor}"' if anchor != "start" else ""
        if fill != INK:
            attrs += f' fill="{fill}"'
        self.parts.append(f'<text x="{n(x)}" y="{n(y)}"{attrs}>{escape(text)}</text>')

    def line(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        *,
        stroke: str = GRID,
        width: float = 1,
        dash: str = "",
    ) -> None:
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(
            f'<line x1="{n(x0)}" y1="{n(y0)}" x2="{n(x1)}" y2="{n(y1)}" stroke="{stroke}"'
            f' stroke-width="{n(width)}"{extra}/>'
        )

    def rect(self, x: float, y: float, w: float, h: float, fill: str, title: str = "") -> None:
        tip = f"<title>{escape(title)}</title>" if title else ""
        self.parts.append(
            f'<rect x="{n(x)}" y="{n(y)}" width="{n(max(w, 0))}" height="{n(max(h, 0))}"'
            f' fill="{fill}">{tip}</rect>'
        )

    def path(self, d: str, stroke: str, *, width: float = 2.5) -> None:
        self.parts.append(
            f'<path d="{d}" fill="none" stroke="{stroke}" stroke-width="{n(width)}"'
            ' stroke-linejoin="round" stroke-linecap="round"/>'
        )

    def dot(self, x: float, y: float, fill: str, title: str, *, diamond: bool = False) -> None:
        tip = f"<title>{escape(title)}</title>"
        if diamond:
            r = 6.0
            points = f"{n(x)},{n(y - r)} {n(x + r)},{n(y)} {n(x)},{n(y + r)} {n(x - r)},{n(y)}"
            self.parts.append(
                f'<polygon points="{points}" fill="{fill}" stroke="#fff">{tip}</polygon>'
            )
        else:
            self.parts.append(f'<circle cx="{n(x)}" cy="{n(y)}" r="4" fill="{fill}">{tip}</circle>')

    def markup(self, ident: str, title: str, description: str) -> str:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"'
            f' viewBox="0 0 {n(WIDTH)} {n(self.height)}" font-size="{n(FONT)}" fill="{INK}"'
            f' aria-labelledby="{ident}-t {ident}-d">'
            f'<title id="{ident}-t">{escape(title)}</title>'
            f'<desc id="{ident}-d">{escape(description)}</desc>' + "".join(self.parts) + "</svg>"
        )
