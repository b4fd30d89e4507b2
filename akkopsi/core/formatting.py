"""Numbers, money and dates the way Indonesians write them: Rp1.234.567,89 and 19 Mei 2015."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from akkopsi.engines.rules import format_number

__all__ = ["format_number", "format_percent", "format_rupiah"]


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
