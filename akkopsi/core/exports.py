"""The one table export helper: the same rows as CSV or XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_table(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]], fmt: str
) -> HttpResponse:
    """``fmt`` is 'csv' or 'xlsx'. Money stays exact (Decimal), dates stay dates."""
    if fmt == "xlsx":
        wb = Workbook(write_only=False)
        ws = wb.active
        ws.title = filename[:31]
        ws.append(list(header))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append(
                [
                    v if isinstance(v, str | int | float | Decimal | date) or v is None else str(v)
                    for v in row
                ]
            )
        ws.freeze_panes = "A2"
        buf = io.BytesIO()
        wb.save(buf)
        response = HttpResponse(buf.getvalue(), content_type=XLSX)
    else:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(header)
        writer.writerows(rows)
        response = HttpResponse("\ufeff" + text.getvalue(), content_type="text/csv; charset=utf-8")
        fmt = "csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
