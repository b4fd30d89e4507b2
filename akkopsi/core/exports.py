"""The one table export helper: the same rows as CSV or XLSX.

Every cell of every CSV/XLSX the platform writes goes through :func:`safe_cell` (CSV) or
:func:`append_row` (XLSX), so text a user typed (an invoice description, a name) can never
become a live spreadsheet formula ("CSV/formula injection", OWASP): text starting with
``=``, ``+``, ``-``, ``@``, tab or carriage return is prefixed with an apostrophe in CSV,
and written to XLSX as a text cell with Excel's own "quote prefix" (what Excel stores when
someone types ``'=...``), so it shows as typed and stays text when the cell is edited.
Numbers, dates and money (Decimal) are never touched: a negative amount stays a number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: What makes Excel, LibreOffice or Google Sheets read a text cell as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    """Would a spreadsheet take this text for a formula (or the start of one)?"""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def safe_cell(value: object) -> object:
    """The value as a CSV cell: formula-like text gets a leading apostrophe; all else as is."""
    return "'" + value if is_formula_like(value) else value  # type: ignore[operator]


def csv_text(header: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    """A table as CSV text (no byte-order mark), every cell through :func:`safe_cell`."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow([safe_cell(v) for v in header])
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return text.getvalue()


def _xlsx_value(value: object) -> object:
    if value is None or isinstance(value, str | int | float | Decimal | date):
        return value
    return str(value)


def append_row(ws: Any, values: Iterable[object]) -> None:
    """Append one row to an openpyxl sheet, formula-like text written as quoted text."""
    row = [_xlsx_value(v) for v in values]
    ws.append(row)
    for cell, value in zip(ws[ws.max_row], row, strict=False):
        if is_formula_like(value):
            cell.data_type = "s"  # openpyxl takes a leading "=" for a formula
            cell.quotePrefix = True


def export_table(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]], fmt: str
) -> HttpResponse:
    """``fmt`` is 'csv' or 'xlsx'. Money stays exact (Decimal), dates stay dates."""
    if fmt == "xlsx":
        wb = Workbook(write_only=False)
        ws = wb.active
        ws.title = filename[:31]
        append_row(ws, header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            append_row(ws, row)
        ws.freeze_panes = "A2"
        buf = io.BytesIO()
        wb.save(buf)
        response = HttpResponse(buf.getvalue(), content_type=XLSX)
    else:
        text = csv_text(header, rows)
        response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
        fmt = "csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
