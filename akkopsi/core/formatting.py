"""Numbers, money and percentages the way Indonesians write them: 1.234.567,89, Rp1.234.567
and 12,5%. One function per format:

* :func:`format_number` is the engines' rule :func:`akkopsi.engines.rules.format_number`
  (Django-free, so the allocation report and the PDFs write the same text as the pages);
* :func:`format_rupiah` and :func:`format_percent` build on it.

Dates are written in long form, "3 Desember 2026" (never "03-12-2026"), by
:func:`format_date` (the template filter ``tanggal``; Django's ``|date`` filter without a
numeric format gives the same text); machine exports and the API keep ISO dates. Times and
the parsing of form input are Django's localisation (``akkopsi/formats``). Numbers are not left to it: a figure is written the
Indonesian way in every interface language (as on the printed bulletin and the Rapor),
rounded half up (Django's number formatter cuts the decimals), and the engines, which
cannot import Django, must write the same text. A test holds the output equal to Django's
``number_format`` under the Indonesian format module.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.formats import date_format

from akkopsi.engines.rules import format_number

__all__ = ["format_date", "format_number", "format_percent", "format_rupiah"]


def format_date(value: date | datetime | None) -> str:
    """A day in long form in the active language: '3 Desember 2026' ('3 December 2026').

    A datetime is shown as the local day it falls on; None -> '–'.
    """
    if value is None:
        return "–"
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return date_format(value, "j F Y")


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
    """12.345 -> '12,3%' with ``places`` decimals; None or blank -> '–'."""
    if value is None or value == "":
        return "–"
    return format_number(value, places) + "%"
