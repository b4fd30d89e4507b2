"""Classes of a choropleth: the breaks between them and the class of a value.

A class ``i`` holds the values from ``breaks[i]`` (included) up to ``breaks[i + 1]``
(excluded); the last class includes its upper break. A missing value (None) has no class:
the map shows it as missing, never as the lowest class (ADR 19).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

Number = Decimal | int


def fixed_breaks(low: Number, high: Number, classes: int) -> tuple[Decimal, ...]:
    """``classes`` classes of equal width from ``low`` to ``high`` (percent: 0, 20, ..., 100)."""
    step = (Decimal(high) - Decimal(low)) / classes
    return tuple(Decimal(low) + step * i for i in range(classes + 1))


def count_breaks(values: Sequence[Number | None], classes: int) -> tuple[Decimal, ...]:
    """Whole-number breaks for counts: a class for 0, then up to ``classes - 1`` classes of
    about as many areas each (quantiles of the positive counts, rounded to whole numbers).
    With no positive count there is the class of 0 only."""
    positive = sorted(Decimal(v) for v in values if v is not None and v > 0)
    breaks = [Decimal(0), Decimal(1)]
    if not positive:
        return tuple(breaks[:2])
    top = positive[-1].to_integral_value(ROUND_CEILING)
    for i in range(1, classes - 1):
        at = positive[(len(positive) * i) // (classes - 1)]
        cut = at.to_integral_value(ROUND_FLOOR)
        if breaks[-1] < cut <= top:
            breaks.append(cut)
    if breaks[-1] < top or top == breaks[-1] == 1:
        breaks.append(max(top, Decimal(1)))
    return tuple(breaks)


def class_of(value: Number | None, breaks: Sequence[Decimal]) -> int | None:
    """The class of ``value`` (0 is the lowest), None when it is missing or out of range."""
    if value is None or len(breaks) < 2:
        return None
    v = Decimal(value)
    if v < breaks[0] or v > breaks[-1]:
        return None
    for i in range(len(breaks) - 2, -1, -1):
        if v >= breaks[i]:
            return i
    return None  # pragma: no cover (v >= breaks[0] above)
