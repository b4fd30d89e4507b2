"""Scales and ticks: nice round numbers written the Indonesian way, whole years on year axes."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from akkopsi.core.formatting import format_number

NICE_STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)
YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)


@dataclass(frozen=True)
class Scale:
    """A linear map from data values (``lo``..``hi``) to drawing units (``start``..``end``)."""

    lo: float
    hi: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        span = self.hi - self.lo or 1.0
        return self.start + (value - self.lo) * (self.end - self.start) / span


@dataclass(frozen=True)
class Ticks:
    values: tuple[float, ...]
    places: int  # decimals in the labels

    def labels(self, percent: bool = False) -> list[str]:
        return [number_label(v, self.places, percent) for v in self.values]


def number_label(value: float, places: int = 0, percent: bool = False) -> str:
    return format_number(value, places) + ("%" if percent else "")


def nice_ticks(lo: float, hi: float, count: int = 5, *, whole: bool = False) -> Ticks:
    """Round ticks covering ``lo``..``hi`` (about ``count`` of them); the first is at or
    below ``lo`` and the last at or above ``hi``; ``whole``: counts, no fractions."""
    if hi < lo:
        lo, hi = hi, lo
    if hi == lo:
        hi = lo + (abs(lo) or 1.0)
    raw = (hi - lo) / max(count - 1, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(s * power for s in NICE_STEPS if s * power >= raw * (1 - 1e-9))
    if whole:
        step = max(1.0, math.ceil(step))
    first = math.floor(lo / step + 1e-9) * step
    last = math.ceil(hi / step - 1e-9) * step
    n = round((last - first) / step)
    values = tuple(round(first + i * step, 10) for i in range(n + 1))
    exponent = Decimal(repr(round(step, 10))).normalize().as_tuple().exponent
    return Ticks(values, max(0, -int(exponent)))


def year_ticks(lo: float, hi: float, room: int) -> Ticks:
    """Whole years between ``lo`` and ``hi``, every 1, 2, 5, 10, ... years so that at most
    ``room`` labels are written."""
    first, last = math.ceil(lo - 1e-9), math.floor(hi + 1e-9)
    span = max(last - first, 0)
    step = next((s for s in YEAR_STEPS if span // s + 1 <= max(room, 1)), YEAR_STEPS[-1])
    start = math.ceil(first / step) * step if span >= step else first
    return Ticks(tuple(float(y) for y in range(start, last + 1, step)), 0)


def is_whole(values: Sequence[float | None]) -> bool:
    return all(float(v).is_integer() for v in values if v is not None)


def value_places(values: Sequence[float | None]) -> int:
    """Decimals enough to show the data as they are: none for counts, at most two for
    values below ten (1,87%), at most one above (12,5%)."""
    places = 0
    for v in values:
        if v is None:
            continue
        most = 2 if abs(v) < 10 else 1
        exponent = Decimal(repr(round(float(v), most))).normalize().as_tuple().exponent
        places = max(places, min(most, -int(exponent)))
    return places


def axis_text(value: float) -> str:
    """A position on the horizontal axis: a year is written without a thousands dot."""
    return str(int(value)) if float(value).is_integer() else number_label(value, 1)


def is_year_axis(x: Sequence[object]) -> bool:
    """Years: whole numbers (or their text) within the range years take."""
    try:
        years = [float(str(v)) for v in x]
    except ValueError:
        return False
    return bool(years) and all(v.is_integer() and 1900 <= v <= 2200 for v in years)


def year_position(day: date) -> float:
    """Where a day falls on a year axis (19 May 2015 -> 2015.38)."""
    start = date(day.year, 1, 1)
    length = (date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length


def nice_bins(values: Sequence[float], count: int = 8) -> list[float]:
    """Round class edges covering ``values`` in about ``count`` classes (for histograms)."""
    if not values:
        return [0.0, 1.0]
    return list(nice_ticks(min(values), max(values), count + 1).values)
