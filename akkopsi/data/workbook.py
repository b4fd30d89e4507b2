"""The XLSX template members fill in Excel or LibreOffice, pre-filled with their last values.

Sheets: "Data" (one row per member, one column per indicator: the wide layout), "Anggaran"
(budget lines: kode, tahun, subsektor, sumber, tahap, nilai), "APBD" (kode, tahun, tahap, apbd)
and "Petunjuk" (instructions and the indicator catalogue; skipped on upload). With
``per_member_sheets`` the indicator data of each member has a sheet of its own, named by code.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from akkopsi.core.exports import append_row
from akkopsi.data.choices import FundingSource, Stage, SubSector
from akkopsi.data.models import ApbdTotal, BudgetLine, Indicator, IndicatorValue

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEAD = Font(bold=True)
FILL = PatternFill("solid", fgColor="DDEFEA")


def _number(value: Decimal | None) -> Any:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def template_year(raw: str | None, default: int) -> int:
    """The year a template is asked for (2000-2100), else ``default``."""
    try:
        year = int(raw or "")
    except ValueError:
        return default
    return year if 2000 <= year <= 2100 else default


def build_template(members: Sequence[Any], year: int, *, per_member_sheets: bool = False) -> bytes:
    indicators = list(Indicator.objects.filter(active=True))
    ids = [m.pk for m in members]
    wb = Workbook()
    guide = wb.active
    guide.title = "Petunjuk"
    _guide(guide, indicators, year)
    latest = _latest_values(ids, year)
    header = ["kode", "nama", "tahun", *[i.code for i in indicators], "komentar"]
    groups = [[m] for m in members] if per_member_sheets else [list(members)]
    for group in groups:
        ws = wb.create_sheet(group[0].code if per_member_sheets else "Data")
        _header(ws, header)
        for m in group:
            values = [_number(latest.get((m.pk, i.pk))) for i in indicators]
            append_row(ws, [m.code, str(m), year, *values, None])
        ws.freeze_panes = "D2"
        ws.column_dimensions["B"].width = 28
    _budget_sheet(wb.create_sheet("Anggaran"), members, year)
    _apbd_sheet(wb.create_sheet("APBD"), members, year)
    wb.active = 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _latest_values(ids: list[int], year: int) -> dict[tuple[int, int], Decimal]:
    """(member id, indicator id) -> the latest value up to ``year``."""
    latest: dict[tuple[int, int], Decimal] = {}
    for member_id, indicator_id, value in (
        IndicatorValue.objects.filter(member_id__in=ids, year__lte=year)
        .order_by("year")
        .values_list("member_id", "indicator_id", "value")
    ):
        latest[(member_id, indicator_id)] = value  # later years overwrite earlier ones
    return latest


def _budget_sheet(ws: Any, members: Sequence[Any], year: int) -> None:
    """Every planned line of each member (filled in where stored), then its realised lines."""
    budget: dict[tuple[int, str, str, str], Decimal] = {}
    for member_id, sub, src, stage, amount in BudgetLine.objects.filter(
        member_id__in=[m.pk for m in members], year=year
    ).values_list("member_id", "subsector", "source", "stage", "amount"):
        budget[(member_id, sub, src, stage)] = amount
    _header(ws, ["kode", "nama", "tahun", "subsektor", "sumber", "tahap", "nilai"])
    planned = Stage.PLANNED
    for m in members:
        for sub in SubSector.values:
            for src in FundingSource.values:
                stored = budget.get((m.pk, sub, src, planned))
                append_row(ws, [m.code, str(m), year, sub, src, planned, _number(stored)])
        for (member_id, sub, src, stage), amount in budget.items():
            if member_id == m.pk and stage == Stage.REALISED:
                append_row(ws, [m.code, str(m), year, sub, src, stage, _number(amount)])
    _choices(ws, "D", SubSector.values)
    _choices(ws, "E", FundingSource.values)
    _choices(ws, "F", Stage.values)
    ws.column_dimensions["B"].width = 28


def _apbd_sheet(ws: Any, members: Sequence[Any], year: int) -> None:
    apbd = {
        (m, s): a
        for m, s, a in ApbdTotal.objects.filter(
            member_id__in=[m.pk for m in members], year=year
        ).values_list("member_id", "stage", "amount")
    }
    _header(ws, ["kode", "nama", "tahun", "tahap", "apbd"])
    for m in members:
        for stage in Stage.values:
            append_row(ws, [m.code, str(m), year, stage, _number(apbd.get((m.pk, stage)))])
    _choices(ws, "D", Stage.values)


def _header(ws: Any, names: list[str]) -> None:
    append_row(ws, names)
    for cell in ws[1]:
        cell.font = HEAD
        cell.fill = FILL


def _choices(ws: Any, column: str, values: list[str]) -> None:
    dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
    dv.error = "Pilih salah satu kode dari daftar."
    ws.add_data_validation(dv)
    dv.add(f"{column}2:{column}100000")


def _guide(ws: Any, indicators: list[Indicator], year: int) -> None:
    lines = [
        f"Templat data sanitasi AKKOPSI, tahun {year}",
        "Isi lembar Data (indikator), Anggaran (belanja sanitasi per subsektor, sumber dan tahap) dan APBD (total belanja APBD).",
        "Jangan ubah baris judul kolom. Sel kosong atau '-' berarti tidak ada nilai. Persentase ditulis 0-100 (misalnya 85,5).",
        "Uang dalam rupiah, boleh dengan sen (dua desimal), tanpa nilai negatif. Pemisah ribuan titik dan desimal koma boleh dipakai.",
        "tahap: planned (rencana/anggaran) atau realised (realisasi). Unggah berkas ini kembali di menu Data > Unggah.",
        "",
    ]
    for line in lines:
        append_row(ws, [line])
    append_row(ws, ["kode indikator", "nama", "satuan", "batas bawah", "batas atas", "definisi"])
    for cell in ws[ws.max_row]:
        cell.font = HEAD
    for i in indicators:
        append_row(
            ws,
            [i.code, i.name_id, i.unit, _number(i.min_value), _number(i.max_value), i.definition],
        )
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 45
