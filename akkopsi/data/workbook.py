"""The XLSX template members fill in Excel or LibreOffice, in Indonesian whatever the page's
language (its column names are the importer's).

Sheets: "Petunjuk" (instructions and the indicator catalogue), "Data" (one row per member, one
column per indicator, and ``komentar``: the explanation of the row's flagged values),
"Anggaran" (budget lines: kode, tahun, subsektor, sumber, tahap, nilai; a "rencana" and a
"realisasi" row for each sub-sector and source), "APBD" (kode, tahun, tahap, apbd) and
"Keterangan" (the lists the cells' drop-downs offer). "Petunjuk" and "Keterangan" are skipped
on upload. With ``per_member_sheets`` the indicator data of each member has a sheet of its own,
named by code. The importer reads this layout and the previous one (tahap "planned"/"realised",
no "Keterangan"), which has the same columns (ADR 0046).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import translation
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from akkopsi.core.dates import today
from akkopsi.core.exports import append_row
from akkopsi.data.choices import FundingSource, Stage, SubSector, ValueKind
from akkopsi.data.models import ApbdTotal, BudgetLine, Indicator, IndicatorValue, ReportingYear

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEAD = Font(bold=True)
FILL = PatternFill("solid", fgColor="DDEFEA")
#: The words the template writes for the stages (the importer also reads planned/realised).
STAGE_WORDS = {Stage.PLANNED.value: "rencana", Stage.REALISED.value: "realisasi"}
YES, NO = "ya", "tidak"
LISTS = "Keterangan"
LAST_ROW = 200_000  # the drop-downs and checks cover every row a sheet may hold
WHOLE = {ValueKind.COUNT, ValueKind.YEAR, ValueKind.LEVEL}
MONEY_FORMAT = "#,##0.##"


def open_reporting_year() -> int:
    """The year members report now: the latest open reporting year, else last year."""
    years = ReportingYear.objects.filter(is_open=True).order_by("-year")
    return next(iter(years.values_list("year", flat=True)[:1]), today().year - 1)


def template_year(raw: str | None, default: int) -> int:
    """The year a template is asked for (2000-2100), else ``default``."""
    try:
        year = int(raw or "")
    except ValueError:
        return default
    return year if 2000 <= year <= 2100 else default


@dataclass(frozen=True, slots=True)
class _Lists:
    """Where each drop-down's values stand on the "Keterangan" sheet (absolute ranges)."""

    columns: dict[str, list[Any]]

    def range(self, name: str) -> str:
        col = get_column_letter(list(self.columns).index(name) + 1)
        return f"{LISTS}!${col}$2:${col}${len(self.columns[name]) + 1}"


def build_template(
    members: Sequence[Any],
    year: int,
    *,
    per_member_sheets: bool = False,
    last_year: bool = False,
) -> bytes:
    """The template of ``members`` for ``year``: this year's stored values filled in and, with
    ``last_year``, the latest earlier value where the year has none yet."""
    with translation.override("id"):
        return _build(members, year, per_member_sheets, last_year)


def _build(members: Sequence[Any], year: int, per_member_sheets: bool, last_year: bool) -> bytes:
    indicators = list(Indicator.objects.filter(active=True))
    ids = [m.pk for m in members]
    lists = _Lists(
        {
            "kode": [m.code for m in members],
            "tahun": [year],
            "ya/tidak": [YES, NO],
            "subsektor": list(SubSector.values),
            "sumber": list(FundingSource.values),
            "tahap": list(STAGE_WORDS.values()),
        }
    )
    wb = Workbook()
    guide = wb.active
    guide.title = "Petunjuk"
    values = _stored_values(ids, year, last_year)
    previous = _stored_values(ids, year - 1, False) if len(members) == 1 else None
    _guide(guide, indicators, year, previous, members)
    groups = [[m] for m in members] if per_member_sheets else [list(members)]
    for group in groups:
        ws = wb.create_sheet(group[0].code if per_member_sheets else "Data")
        _data_sheet(ws, group, indicators, year, values, lists)
    _budget_sheet(wb.create_sheet("Anggaran"), members, year, lists)
    _apbd_sheet(wb.create_sheet("APBD"), members, year, lists)
    _lists_sheet(wb.create_sheet(LISTS), lists)
    wb.active = 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _stored_values(ids: list[int], year: int, earlier: bool) -> dict[tuple[int, int], Decimal]:
    """(member id, indicator id) -> the value of ``year`` (``earlier``: else the latest before)."""
    qs = IndicatorValue.objects.filter(member_id__in=ids)
    qs = qs.filter(year__lte=year) if earlier else qs.filter(year=year)
    latest: dict[tuple[int, int], Decimal] = {}
    for member_id, indicator_id, value in qs.order_by("year").values_list(
        "member_id", "indicator_id", "value"
    ):
        latest[(member_id, indicator_id)] = value  # later years overwrite earlier ones
    return latest


def _cell_value(indicator: Indicator, value: Decimal | None) -> Any:
    if value is None:
        return None
    if indicator.kind == ValueKind.BOOLEAN:
        return YES if value else NO
    return _number(value)


def _number(value: Decimal | None) -> Any:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _data_sheet(
    ws: Any,
    members: Sequence[Any],
    indicators: list[Indicator],
    year: int,
    values: dict[tuple[int, int], Decimal],
    lists: _Lists,
) -> None:
    _header(ws, ["kode", "nama", "tahun", *[i.code for i in indicators], "komentar"])
    for m in members:
        row = [_cell_value(i, values.get((m.pk, i.pk))) for i in indicators]
        append_row(ws, [m.code, str(m), year, *row, None])
    _key_columns(ws, lists)
    for n, indicator in enumerate(indicators, start=4):
        column = get_column_letter(n)
        _indicator_column(ws, column, indicator, lists)
        ws.column_dimensions[column].width = max(12, len(indicator.code) + 2)
    komentar = get_column_letter(len(indicators) + 4)
    ws[f"{komentar}1"].comment = Comment(
        "Penjelasan untuk nilai yang ditandai (misalnya perubahan besar dari tahun lalu).",
        "AKKOPSI",
    )
    ws.column_dimensions[komentar].width = 40
    ws.freeze_panes = "D2"


def _indicator_column(ws: Any, column: str, indicator: Indicator, lists: _Lists) -> None:
    """The drop-down or range check, the prompt naming the indicator, and the number format."""
    lo, hi = _number(indicator.min_value), _number(indicator.max_value)
    name = f"{indicator.name_id} ({indicator.unit})"
    if indicator.kind == ValueKind.BOOLEAN:
        dv = _validation(ws, column, "list", formula1=lists.range("ya/tidak"))
        dv.error = f"{indicator.name_id}: pilih ya atau tidak."
    else:
        kind = "whole" if indicator.kind in WHOLE else "decimal"
        dv = _validation(ws, column, kind, operator="between", formula1=str(lo), formula2=str(hi))
        dv.error = f"{indicator.name_id}: isi angka antara {_plain(lo)} dan {_plain(hi)}."
        for (cell,) in ws.iter_rows(min_row=2, min_col=_index(column), max_col=_index(column)):
            cell.number_format = "0" if indicator.kind in WHOLE else "General"
    dv.promptTitle = indicator.code[:32]
    dv.prompt = f"{name}; {_plain(lo)} sampai {_plain(hi)}"[:255]
    ws[f"{column}1"].comment = Comment(name, "AKKOPSI")


def _key_columns(ws: Any, lists: _Lists) -> None:
    """kode (A) and tahun (C) of a data sheet: drop-downs of the members and the year."""
    _validation(
        ws, "A", "list", formula1=lists.range("kode")
    ).error = "Pilih kode kabupaten/kota dari daftar."
    _validation(
        ws, "C", "list", formula1=lists.range("tahun")
    ).error = "Tahun template ini; data tahun lain diunggah dengan template tahun itu."
    for row in ws.iter_rows(min_row=2, max_col=3):
        row[0].number_format = "@"
        row[2].number_format = "0"
    ws.column_dimensions["B"].width = 28


def _budget_sheet(ws: Any, members: Sequence[Any], year: int, lists: _Lists) -> None:
    """Every sub-sector and source of each member twice: its rencana, then its realisasi."""
    budget = {
        (m, sub, src, stage): amount
        for m, sub, src, stage, amount in BudgetLine.objects.filter(
            member_id__in=[m.pk for m in members], year=year
        ).values_list("member_id", "subsector", "source", "stage", "amount")
    }
    _header(ws, ["kode", "nama", "tahun", "subsektor", "sumber", "tahap", "nilai"])
    for m in members:
        for stage, word in STAGE_WORDS.items():
            for sub in SubSector.values:
                for src in FundingSource.values:
                    amount = _number(budget.get((m.pk, sub, src, stage)))
                    append_row(ws, [m.code, str(m), year, sub, src, word, amount])
    _key_columns(ws, lists)
    for column, name in (("D", "subsektor"), ("E", "sumber"), ("F", "tahap")):
        dv = _validation(ws, column, "list", formula1=lists.range(name))
        dv.error = f"Pilih {name} dari daftar (lihat lembar Petunjuk)."
    _money_column(ws, "G")


def _apbd_sheet(ws: Any, members: Sequence[Any], year: int, lists: _Lists) -> None:
    apbd = {
        (m, s): a
        for m, s, a in ApbdTotal.objects.filter(
            member_id__in=[m.pk for m in members], year=year
        ).values_list("member_id", "stage", "amount")
    }
    _header(ws, ["kode", "nama", "tahun", "tahap", "apbd"])
    for m in members:
        for stage, word in STAGE_WORDS.items():
            append_row(ws, [m.code, str(m), year, word, _number(apbd.get((m.pk, stage)))])
    _key_columns(ws, lists)
    _validation(
        ws, "D", "list", formula1=lists.range("tahap")
    ).error = "Pilih rencana atau realisasi."
    _money_column(ws, "E")


def _money_column(ws: Any, column: str) -> None:
    dv = _validation(ws, column, "decimal", operator="greaterThanOrEqual", formula1="0")
    dv.error = "Isi jumlah rupiah tanpa nilai negatif."
    for (cell,) in ws.iter_rows(min_row=2, min_col=_index(column), max_col=_index(column)):
        cell.number_format = MONEY_FORMAT
    ws.column_dimensions[column].width = 20
    ws.freeze_panes = "D2"


def _lists_sheet(ws: Any, lists: _Lists) -> None:
    _header(ws, list(lists.columns))
    longest = max(len(v) for v in lists.columns.values())
    for n in range(longest):
        append_row(ws, [v[n] if n < len(v) else None for v in lists.columns.values()])
    for row in ws.iter_rows(min_row=2, max_col=1):
        row[0].number_format = "@"


def _validation(ws: Any, column: str, kind: str, **options: Any) -> DataValidation:
    dv = DataValidation(type=kind, allow_blank=True, **options)
    dv.errorTitle = "Isian tidak sesuai"
    dv.showErrorMessage = True
    ws.add_data_validation(dv)
    dv.add(f"{column}2:{column}{LAST_ROW}")
    return dv


def _header(ws: Any, names: list[str]) -> None:
    append_row(ws, names)
    for cell in ws[1]:
        cell.font = HEAD
        cell.fill = FILL


def _index(column: str) -> int:
    return int(column_index_from_string(column))


def _plain(value: Any) -> str:
    return str(value).replace(".", ",")


GUIDE = [
    "Isi lembar Data (satu baris per kabupaten/kota, satu kolom per indikator), Anggaran "
    "(belanja sanitasi per subsektor dan sumber: baris rencana dan baris realisasi) dan APBD "
    "(total belanja APBD: rencana dan realisasi).",
    "Jangan ubah baris judul kolom dan nama lembar. Sel kosong atau '-' berarti belum ada nilai. "
    "Persentase ditulis 0-100 (misalnya 85,5). Ya/tidak dipilih dari daftar (ya atau tidak).",
    "Uang dalam rupiah, boleh dengan sen (dua desimal), tanpa nilai negatif. Pemisah ribuan "
    "titik dan desimal koma boleh dipakai.",
    "tahap: rencana (anggaran) atau realisasi. Kolom komentar: penjelasan nilai yang ditandai "
    "(misalnya berubah jauh dari tahun lalu); penjelasan juga dapat diketik saat pratinjau.",
    "Unggah berkas ini kembali di menu Data > Unggah: Anda melihat dulu apa yang berubah, "
    "baru kemudian menyimpannya.",
]


def _guide(
    ws: Any,
    indicators: list[Indicator],
    year: int,
    previous: dict[tuple[int, int], Decimal] | None,
    members: Sequence[Any],
) -> None:
    """Instructions, then the catalogue (with last year's values for one member's template)."""
    append_row(ws, [f"Templat data sanitasi AKKOPSI, tahun {year}"])
    ws["A1"].font = Font(bold=True, size=14)
    for line in GUIDE:
        append_row(ws, [line])
    append_row(ws, [])
    head = ["kode indikator", "nama", "satuan", "isian", "batas bawah", "batas atas"]
    head += [f"nilai {year - 1}"] if previous is not None else []
    append_row(ws, [*head, "definisi"])
    for cell in ws[ws.max_row]:
        cell.font = HEAD
        cell.fill = FILL
    kinds = dict(ValueKind.choices)
    for i in indicators:
        row = [i.code, i.name_id, i.unit, str(kinds.get(i.kind, i.kind))]
        row += [_number(i.min_value), _number(i.max_value)]
        if previous is not None:
            row.append(_cell_value(i, previous.get((members[0].pk, i.pk))))
        append_row(ws, [*row, i.definition])
    append_row(ws, [])
    append_row(ws, ["subsektor", "arti", "", "sumber", "arti"])
    subs, sources = list(SubSector.choices), list(FundingSource.choices)
    for n in range(max(len(subs), len(sources))):
        sub = [subs[n][0], str(subs[n][1])] if n < len(subs) else ["", ""]
        src = [sources[n][0], str(sources[n][1])] if n < len(sources) else ["", ""]
        append_row(ws, [*sub, "", *src])
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 45
