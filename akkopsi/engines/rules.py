"""Rules the platform states once: each published decision or figure below has one function,
named after the rule, that every app (and the engines) calls. Django-free, exact Decimal.

* :func:`meets_commitment`: the AKKOPSI 2% commitment (sanitation share of APBD).
* :func:`median`: the median (the mean of the two middle values of an even count).
* :func:`households`: persons turned into households with a household size.
* :func:`format_number`: a number written the Indonesian way (1.234.567,89).

The display may round a figure; a decision never does: it compares the exact values.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

__all__ = [
    "COMMITMENT",
    "HOUSEHOLD_SIZE",
    "format_number",
    "group_thousands",
    "households",
    "median",
    "meets_commitment",
]

#: Percent of the APBD to spend on sanitation (the alliance's commitment, CSS XIII Mataram 2013).
COMMITMENT = Decimal(2)

#: Persons per household when no plan says otherwise (BPS).
HOUSEHOLD_SIZE = Decimal("3.8")

_HUNDRED = Decimal(100)


def meets_commitment(
    spent: Decimal | None, apbd: Decimal | None, percent: Decimal = COMMITMENT
) -> bool | None:
    """Whether ``spent`` (APBD kabupaten/kota money for sanitation) is at least ``percent``
    percent of the APBD total ``apbd``, compared exactly (``spent x 100 >= percent x apbd``,
    no rounding of the share first).

    ``None`` (undecided) when either figure is missing or the APBD total is not positive:
    a missing figure never meets the commitment, nor fails it."""
    if spent is None or apbd is None or apbd <= 0:
        return None
    return Decimal(spent) * _HUNDRED >= Decimal(percent) * Decimal(apbd)


def median(values: Iterable[Decimal | int]) -> Decimal | None:
    """The median of ``values``: the middle value of an odd count, the mean of the two middle
    values of an even count (exact Decimal); ``None`` for no values."""
    xs = sorted(Decimal(x) for x in values)
    n = len(xs)
    if n == 0:
        return None
    mid = n // 2
    if n % 2:
        return xs[mid]
    with localcontext() as ctx:
        ctx.prec = max(ctx.prec, 2 + max(len(x.as_tuple().digits) for x in xs[mid - 1 : mid + 1]))
        return (xs[mid - 1] + xs[mid]) / 2


def households(population: int | None, household_size: Decimal = HOUSEHOLD_SIZE) -> int | None:
    """Households of ``population`` persons: population / household size, rounded to the
    nearest whole household (half up); ``None`` when the population is unknown or zero."""
    if not population or household_size <= 0:
        return None
    return int((Decimal(population) / Decimal(household_size)).quantize(Decimal(1), ROUND_HALF_UP))


def group_thousands(digits: str, sep: str = ".") -> str:
    """'1234567' -> '1.234.567': a string of digits grouped by three from the right."""
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return sep.join(parts)


def format_number(value: object, places: int = 0) -> str:
    """1234567.5 -> '1.234.567,5' with ``places`` decimals (half up), '.' between thousands
    and ',' before the decimals; None or blank -> '–'; what is not a number, as it is."""
    if value is None or value == "":
        return "–"
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    with localcontext() as ctx:  # as many digits as the number has: no rounding but ours
        ctx.prec = max(28, number.adjusted() + places + 2)
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        sign = "-" if number < 0 else ""
        text = f"{abs(number):.{places}f}"
    whole, _, frac = text.partition(".")
    return f"{sign}{group_thousands(whole)}" + (f",{frac}" if places else "")
