"""Turn one cell into a number, with every format quirk decided (see docs/data-import.md).

Understood safely:
- numbers typed as numbers; text numbers with spaces or non-breaking spaces;
- Indonesian separators: "1.234.567" and "1.234.567,89"; a decimal comma "80,5";
- English separators: "1,234,567" and "1,234,567.89";
- a single separator (one dot or one comma) is the decimal mark for indicators ("80.25",
  "80,25"), but a thousands separator for money when three digits follow ("1.500" rupiah);
- a trailing "%" on percent indicators ("80,5%"), a leading "Rp" on money;
- "-" and empty cells mean "no value" (Indonesian tables write "-" for nil).
Refused, with the reason: any other text, mixed or misplaced separators ("1.23.4"),
money with more than two decimals (sen), negative money, "%" on a non-percent value.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

BLANK = {"", "-", "–", "—"}
_ID_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
_EN_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"^-?\d+(\.\d+)?$")


class CellError(ValueError):
    """The cell's content cannot be used; the message says why."""


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() in BLANK)


def parse_decimal(value: Any, *, money: bool = False, percent: bool = False) -> Decimal:
    """A Decimal from a cell, or CellError. Call only on non-blank cells."""
    if isinstance(value, bool):
        raise CellError(_("is TRUE/FALSE, not a number"))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellError(_("is not a number"))
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, date | datetime):
        raise CellError(_("is a date, not a number"))
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if money and text.lower().startswith("rp"):
        text = text[2:].lstrip(".")
    if text.endswith("%"):
        if not percent:
            raise CellError(_("has a percent sign, but this value is not a percentage"))
        text = text[:-1]
    text = _normalise(text, money)
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise CellError(_("is not a number")) from exc


def _normalise(text: str, money: bool) -> str:
    """Digits with at most one decimal point, from Indonesian or English separators."""
    dots, commas = text.count("."), text.count(",")
    if dots and commas:  # the last separator is the decimal mark
        if text.rfind(",") > text.rfind(".") and _ID_THOUSANDS.match(text):
            return text.replace(".", "").replace(",", ".")
        if text.rfind(".") > text.rfind(",") and _EN_THOUSANDS.match(text):
            return text.replace(",", "")
        raise CellError(_("is not a number"))
    if not (dots or commas):
        if not _PLAIN.match(text):
            raise CellError(_("is not a number"))
        return text
    sep = "." if dots else ","
    grouped = re.fullmatch(r"-?\d{1,3}(" + re.escape(sep) + r"\d{3})+", text) is not None
    if dots + commas > 1:  # several separators of one kind: thousands ("1.234.567")
        if not grouped:
            raise CellError(_("is not a number"))
        return text.replace(sep, "")
    if money and grouped:  # "1.500" or "1,500" rupiah
        return text.replace(sep, "")
    text = text.replace(",", ".")  # one separator: the decimal mark ("80,5", "80.5")
    if not _PLAIN.match(text):
        raise CellError(_("is not a number"))
    return text


def parse_money(value: Any) -> Decimal:
    amount = parse_decimal(value, money=True)
    if amount < 0:
        raise CellError(_("is negative; money must be zero or more"))
    if amount != amount.quantize(Decimal("0.01")):
        raise CellError(_("has more than two decimals (sen)"))
    return amount.quantize(Decimal("0.01"))


def parse_year(value: Any) -> int:
    try:
        number = parse_decimal(value)
    except CellError as exc:
        raise CellError(_("is not a year")) from exc
    if number != number.to_integral_value() or not 1990 <= number <= 2100:
        raise CellError(_("is not a year"))
    return int(number)


def parse_code(value: Any) -> str:
    """A kabupaten/kota code: four digits (6474), also written 64.74 or as the number 6474."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip().replace(".", "")
    if not (len(text) == 4 and text.isdigit()):
        raise CellError(_("is not a four-digit kabupaten/kota code"))
    return text


def parse_boolean(value: Any) -> Decimal:
    if isinstance(value, bool):
        return Decimal(int(value))
    text = str(value).strip().lower()
    if text in {"1", "ya", "yes", "ada", "true", "benar"}:
        return Decimal(1)
    if text in {"0", "tidak", "no", "tidak ada", "false", "salah"}:
        return Decimal(0)
    raise CellError(_("is not yes/no (write 1 or 0)"))
