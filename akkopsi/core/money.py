"""One reading of an amount of rupiah for every entry point: importer cells, forms and the API.

Whatever the way in, an amount is refused (never reinterpreted) when it
- is written in exponent notation ("1E+30", "1e3"): a person types rupiah in full;
- holds digits other than 0-9 (full-width "１２３", Arabic-Indic "١٢٣"), which Python's
  Decimal would otherwise read as numbers;
- has more digits before the decimal mark than the column holds, or more than two decimals
  (sen). Digits are counted on the text, before any Decimal arithmetic, so an amount of 40
  digits is a clear message and not a decimal overflow (the context holds 28 digits).
Separators: with ``decimal_sep`` (a form in the user's language) groups must be of three
digits and only that decimal mark is accepted; without it (spreadsheet cells) the Indonesian
and English conventions are both understood, as docs/data-import.md describes.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

CENT = Decimal("0.01")
_CANONICAL = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_ID_THOUSANDS = re.compile(r"^-?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?$")
_EN_THOUSANDS = re.compile(r"^-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$")
_EXPONENT = re.compile(r"^[-+]?[0-9.,]*[0-9][eE][-+]?[0-9]+$")
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009\t")


class MoneyError(ValueError):
    """The amount cannot be used. ``code``: invalid, exponent, digits, decimals, too_large,
    negative. The message is a predicate ("is not a number"), to follow a field's name."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def column_maximum(field: Any) -> Decimal:
    """The largest amount a DecimalField (or MoneyField) column holds: 10^(digits-places) - 1 sen."""
    places = int(field.decimal_places)
    return Decimal(10 ** (int(field.max_digits) - places)) - Decimal(1).scaleb(-places)


def separators_to_point(text: str, *, money: bool) -> str:
    """Digits with at most one decimal point, from Indonesian or English separators.

    Both separators: the last is the decimal mark. Several of one kind: thousands. One:
    the decimal mark, except for money followed by a group of three ("1.500" rupiah)."""
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        if text.rfind(",") > text.rfind(".") and _ID_THOUSANDS.match(text):
            return text.replace(".", "").replace(",", ".")
        if text.rfind(".") > text.rfind(",") and _EN_THOUSANDS.match(text):
            return text.replace(",", "")
        raise MoneyError("invalid", _("is not a number"))
    if not (dots or commas):
        return text
    sep = "." if dots else ","
    grouped = re.fullmatch(r"-?[0-9]{1,3}(" + re.escape(sep) + r"[0-9]{3})+", text) is not None
    if dots + commas > 1:
        if not grouped:
            raise MoneyError("invalid", _("is not a number"))
        return text.replace(sep, "")
    if money and grouped:
        return text.replace(sep, "")
    return text.replace(",", ".")


def refuse_foreign_notation(text: str) -> None:
    """Exponent notation and digits other than 0-9 are refused with their own message."""
    if any(ch.isdigit() and not ("0" <= ch <= "9") for ch in text):
        raise MoneyError(
            "digits",
            _("holds digits other than 0-9 (such as full-width digits); type ordinary digits"),
        )
    if _EXPONENT.match(text):
        raise MoneyError(
            "exponent",
            _("is written in exponent notation (such as 1E+30); write the amount in full"),
        )


def parse_money(
    value: Any,
    *,
    maximum: Decimal,
    places: int = 2,
    decimal_sep: str | None = None,
    group_sep: str = "",
    allow_negative: bool = False,
) -> Decimal:
    """``value`` (text, int or Decimal; a float only from a spreadsheet cell) as Decimal
    rupiah quantized to ``places``, or MoneyError. ``maximum`` is the column's largest amount."""
    if isinstance(value, bool) or value is None:
        raise MoneyError("invalid", _("is not a number"))
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise MoneyError("invalid", _("is not a number"))
        text = _plain(Decimal(repr(value)))
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise MoneyError("invalid", _("is not a number"))
        text = _plain(value)
    else:
        text = str(value).translate(_SPACES)
        if text[:2].lower() == "rp":
            text = text[2:].lstrip(".")
        refuse_foreign_notation(text)
        if text[:1] == "+":
            text = text[1:]
        if decimal_sep is None:
            text = separators_to_point(text, money=True)
        else:
            text = _locale_to_point(text, decimal_sep, group_sep)
    if not _CANONICAL.match(text):
        raise MoneyError("invalid", _("is not a number"))
    negative = text.startswith("-")
    whole, _point, frac = text.lstrip("-").partition(".")
    whole, frac = whole.lstrip("0"), frac.rstrip("0")
    if len(frac) > places:
        raise MoneyError("decimals", _("has more than two decimals (sen)"))
    if len(whole) > len(str(int(maximum))):
        raise MoneyError("too_large", _too_large(maximum))
    if negative and (whole or frac) and not allow_negative:
        raise MoneyError("negative", _("is negative; money must be zero or more"))
    amount = Decimal(f"{'-' if negative else ''}{whole or '0'}.{frac or '0'}")
    if abs(amount) > maximum:
        raise MoneyError("too_large", _too_large(maximum))
    return amount.quantize(Decimal(1).scaleb(-places))


def _plain(value: Decimal) -> str:
    """A finite Decimal as plain digits (no exponent); its size is checked afterwards."""
    if value.adjusted() > 60:  # far beyond any column: don't write out a huge number
        return "9" * 61
    return format(value, "f")


def _locale_to_point(text: str, decimal_sep: str, group_sep: str) -> str:
    sign = ""
    if text[:1] == "-":
        sign, text = "-", text[1:]
    whole, sep, frac = text.partition(decimal_sep)
    if group_sep and group_sep in whole:
        if not re.fullmatch(r"[0-9]{1,3}(" + re.escape(group_sep) + r"[0-9]{3})+", whole):
            raise MoneyError("invalid", _("is not a number"))
        whole = whole.replace(group_sep, "")
    if sep and not frac:
        raise MoneyError("invalid", _("is not a number"))
    return f"{sign}{whole}.{frac}" if sep else f"{sign}{whole}"


def _too_large(maximum: Decimal) -> str:
    from akkopsi.core.formatting import format_number

    return _("is more than the largest amount the column holds (%(max)s)") % {
        "max": format_number(maximum, 2)
    }
