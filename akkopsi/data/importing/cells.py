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

from akkopsi.core import money as core_money

BLANK = {"", "-", "–", "—"}
_PLAIN = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")


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
    try:
        core_money.refuse_foreign_notation(text)
        text = core_money.separators_to_point(text, money=money)
    except core_money.MoneyError as exc:
        raise CellError(str(exc)) from exc
    if not _PLAIN.match(text):
        raise CellError(_("is not a number"))
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise CellError(_("is not a number")) from exc


def parse_money(value: Any, maximum: Decimal | None = None) -> Decimal:
    """Rupiah from a cell, read by the one money rule (akkopsi.core.money); ``maximum`` is the
    largest amount the target column holds (default: a budget line's)."""
    if isinstance(value, date | datetime):
        raise CellError(_("is a date, not a number"))
    if maximum is None:
        from akkopsi.data.models import BudgetLine

        maximum = core_money.column_maximum(BudgetLine._meta.get_field("amount"))
    try:
        return core_money.parse_money(value, maximum=maximum)
    except core_money.MoneyError as exc:
        raise CellError(str(exc)) from exc


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
