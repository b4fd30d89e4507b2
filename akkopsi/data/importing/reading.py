"""Read an uploaded spreadsheet (XLSX or CSV) into sheets of rows, refusing what we cannot read.

Format decisions (also in docs/data-import.md):
- XLSX (Excel, LibreOffice) and CSV (comma, semicolon or tab separated; UTF-8 with or
  without BOM, else Windows-1252) are read. Old .xls, ODS, PDF and anything else is refused.
- The first non-empty row of a sheet is its header; header names are compared case- and
  space-insensitively. Blank rows are skipped.
- Merged cells are refused (their value belongs to one cell only; the others would read blank).
- Formulas are read as the value the spreadsheet program last computed; a formula with no
  stored value (a file never opened in a spreadsheet program) is refused.
"""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from akkopsi.core.formatting import format_number

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 200_000


@dataclass(frozen=True, slots=True)
class Cell:
    ref: str  # spreadsheet address, e.g. "C5"
    value: Any


@dataclass(slots=True)
class Row:
    number: int
    cells: dict[str, Cell]


@dataclass(slots=True)
class Sheet:
    name: str
    header: list[str]
    rows: list[Row] = field(default_factory=list)
    header_row: int = 1


class UnreadableFile(Exception):
    """The file as a whole cannot be read; the message says why, in the user's language."""


def normalise_header(text: Any) -> str:
    return " ".join(str(text or "").strip().lower().replace("_", " ").split()).replace(" ", "_")


def read_file(data: bytes, filename: str) -> list[Sheet]:
    if not data:
        raise UnreadableFile(_("The file %(name)s is empty.") % {"name": filename})
    if len(data) > MAX_BYTES:
        raise UnreadableFile(
            _("The file %(name)s is larger than %(mb)s MB.")
            % {"name": filename, "mb": MAX_BYTES // (1024 * 1024)}
        )
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, filename)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnreadableFile(
            _(
                "%(name)s is an old Excel .xls file; save it as .xlsx (Excel Workbook) and upload again."
            )
            % {"name": filename}
        )
    if data[:5] == b"%PDF-" or b"\x00" in data[:2048]:
        raise UnreadableFile(
            _("%(name)s is not a spreadsheet; upload an .xlsx or .csv file.") % {"name": filename}
        )
    return [_read_csv(data, filename)]


_MERGE = re.compile(rb'<mergeCell ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>]*?(?:/>|>(.*?)</c>)', re.S)


def _sheet_xml(zf: zipfile.ZipFile) -> dict[str, bytes]:
    """Sheet title -> its worksheet XML, following workbook.xml and its relationships."""
    rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    targets = dict(re.findall(r'Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
    targets.update({k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
    book = zf.read("xl/workbook.xml").decode("utf-8", "replace")
    out: dict[str, bytes] = {}
    for title, rid in re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', book):
        target = targets.get(rid, "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        if path in zf.namelist():
            out[html.unescape(title)] = zf.read(path)
    return out


def _check_xlsx_structure(data: bytes) -> None:
    """Refuse merged cells and formulas without a stored value, by one scan of the sheet XML."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for title, xml in _sheet_xml(zf).items():
            merged = _MERGE.findall(xml)
            if merged:
                ranges = ", ".join(m.decode() for m in merged[:5])
                raise UnreadableFile(
                    _(
                        "Sheet %(sheet)s has merged cells (%(ranges)s); unmerge them and upload again."
                    )
                    % {"sheet": title, "ranges": ranges}
                )
            if b"<f" in xml:
                for ref, body in _CELL.findall(xml):
                    if body and b"<f" in body and b"<v>" not in body and b"<v " not in body:
                        raise UnreadableFile(
                            _(
                                "Sheet %(sheet)s cell %(cell)s holds a formula without a computed value; open and save the file in Excel or LibreOffice first."
                            )
                            % {"sheet": title, "cell": ref.decode()}
                        )


def _read_xlsx(data: bytes, filename: str) -> list[Sheet]:
    try:
        _check_xlsx_structure(data)
        wb = load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    except UnreadableFile:
        raise
    except Exception as exc:
        raise UnreadableFile(
            _("%(name)s cannot be opened as an Excel workbook (%(error)s).")
            % {"name": filename, "error": type(exc).__name__}
        ) from exc
    sheets: list[Sheet] = []
    try:
        for ws in wb.worksheets:
            sheet: Sheet | None = None
            count = 0
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                    continue
                if sheet is None:
                    header = [normalise_header(v) for v in values]
                    while header and not header[-1]:
                        header.pop()
                    sheet = Sheet(name=ws.title, header=header, header_row=number)
                    letters = [
                        get_column_letter(i + 1) for i in range(max(len(values), len(header)) + 50)
                    ]
                    continue
                count += 1
                if count > MAX_ROWS:
                    raise UnreadableFile(
                        _("Sheet %(sheet)s has more than %(n)s rows.")
                        % {"sheet": ws.title, "n": format_number(MAX_ROWS)}
                    )
                cells: dict[str, Cell] = {}
                header = sheet.header
                for col, value in enumerate(values):
                    if col < len(header) and header[col]:
                        cells[header[col]] = Cell(f"{letters[col]}{number}", value)
                    elif value is not None and value != "":
                        cells[f"_extra{col}"] = Cell(f"{get_column_letter(col + 1)}{number}", value)
                sheet.rows.append(Row(number=number, cells=cells))
            if sheet is not None:
                sheets.append(sheet)
    finally:
        wb.close()
    if not sheets:
        raise UnreadableFile(_("The file %(name)s has no data.") % {"name": filename})
    return sheets


def _read_csv(data: bytes, filename: str) -> Sheet:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    lines = text.splitlines()
    if len(lines) > MAX_ROWS + 1:
        raise UnreadableFile(
            _("The file %(name)s has more than %(n)s rows.")
            % {"name": filename, "n": format_number(MAX_ROWS)}
        )
    sample = "\n".join(lines[:20])
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    sheet: Sheet | None = None
    name = "CSV"
    for number, values in enumerate(reader, start=1):
        if not any(v.strip() for v in values):
            continue
        if sheet is None:
            header = [normalise_header(v) for v in values]
            while header and not header[-1]:
                header.pop()
            sheet = Sheet(name=name, header=header, header_row=number)
            continue
        row = Row(number=number, cells={})
        for col, value in enumerate(values):
            ref = f"{get_column_letter(col + 1)}{number}"
            if col >= len(sheet.header) or not sheet.header[col]:
                if value.strip():
                    row.cells[f"_extra{col}"] = Cell(ref, value)
                continue
            row.cells[sheet.header[col]] = Cell(ref, value)
        sheet.rows.append(row)
    if sheet is None or not sheet.rows:
        raise UnreadableFile(_("The file %(name)s has no data.") % {"name": filename})
    return sheet
