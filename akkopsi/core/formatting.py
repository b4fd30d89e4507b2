"""Numbers, money and dates the way Indonesians write them: Rp1.234.567,89 and 19 Mei 2015."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def _group(digits: str, sep: str = ".") -> str:
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return sep.join(out)


def format_number(value: object, places: int = 0) -> str:
    """1234567.5 -> '1.234.567,5' (places fixed); None or blank -> '–'."""
    if value is None or value == "":
        return "–"
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    quant = Decimal(1).scaleb(-places)
    number = number.quantize(quant, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    text = f"{abs(number):.{places}f}"
    whole, _, frac = text.partition(".")
    return f"{sign}{_group(whole)}" + (f",{frac}" if places else "")


def format_rupiah(value: object, sen: bool | None = None) -> str:
    """Decimal rupiah -> 'Rp1.234.567' or 'Rp1.234.567,89' when there are sen.

    ``sen=None`` shows sen only when the amount has them.
    """
    if value is None or value == "":
        return "–"
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if sen is None:
        sen = amount != amount.to_integral_value()
    text = format_number(amount, 2 if sen else 0)
    if text.startswith("-"):
        return "-Rp" + text[1:]
    return "Rp" + text


def format_percent(value: object, places: int = 1) -> str:
    if value is None or value == "":
        return "–"
    return format_number(value, places) + "%"
