"""Read an uploaded spreadsheet (XLSX or CSV) into sheets of rows, refusing what we cannot read.

Format decisions (also in docs/data-import.md):
- XLSX (Excel, LibreOffice) and CSV (comma, semicolon or tab separated; UTF-8 with or
  without BOM, else Windows-1252) are read. Old .xls, ODS, PDF and anything else is refused.
- The first non-empty row of a sheet is its header; header names are compared case- and
  space-insensitively. Blank rows are skipped.
- Merged cells are refused (their value belongs to one cell only; the others would read blank).
- Formulas are read as the value the spreadsheet program last computed; a formula with no
  stored value (a file never opened in a spreadsheet program) is refused.
- Hidden rows and sheets holding data are refused: what is imported is what the user sees.
- Cells are read as they are stored, whatever dimension the sheet declares; a value beyond
  MAX_COLUMNS/MAX_ROW_NUMBER, a zip that would unpack beyond the limits, macro-enabled and
  encrypted workbooks, and a parse longer than PARSE_SECONDS are refused with a message.
"""

from __future__ import annotations

import csv
import io
import re
import time
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS

from akkopsi.core.formatting import format_number

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 200_000  # data rows of one sheet (the national budget sheet has about 18.000)
#: Stored values beyond these stop the reading: the template's widest sheet has one column
#: per indicator plus five, and no sheet needs rows past the data rows it may hold.
MAX_COLUMNS = 200  # column GR
MAX_ROW_NUMBER = MAX_ROWS + 10_000
#: Zip checks from the central directory (ADR 27): entries, total unpacked size,
#: and the ratio of each entry above RATIO_GRACE (as Apache POI's ZipSecureFile, 1:100).
#: 200.000 budget rows unpack to about 65 MB at a ratio of about 15.
MAX_ENTRIES = 1_000
MAX_UNPACKED = 100 * 1024 * 1024
MAX_RATIO = 100
RATIO_GRACE = 100 * 1024
PARSE_SECONDS = 60  # CPU seconds (Deadline)
FORMULA_TAG = f"{{{SHEET_MAIN_NS}}}f"
VALUE_TAG = f"{{{SHEET_MAIN_NS}}}v"


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


class Deadline:
    """A bound on the work of one parse, checked in the row loops (the reader and the checks).

    Counted in CPU seconds of the worker's thread, not wall-clock seconds: the bound is on what
    a file costs, and a busy server (other workers on the same cores) must not refuse a file
    that is fine. 50.000 budget rows take about 4,5 s to read."""

    def __init__(self, seconds: float | None = None) -> None:
        self.at = time.thread_time() + (PARSE_SECONDS if seconds is None else seconds)

    def check(self) -> None:
        if time.thread_time() > self.at:
            raise UnreadableFile(
                _(
                    "Reading the file took more than %(s)s seconds and was stopped; split it into smaller files."
                )
                % {"s": PARSE_SECONDS}
            )


def read_file(data: bytes, filename: str, deadline: Deadline | None = None) -> list[Sheet]:
    deadline = deadline or Deadline()
    if not data:
        raise UnreadableFile(_("The file %(name)s is empty.") % {"name": filename})
    if len(data) > MAX_BYTES:
        raise UnreadableFile(
            _("The file %(name)s is larger than %(mb)s MB.")
            % {"name": filename, "mb": MAX_BYTES // (1024 * 1024)}
        )
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, filename, deadline)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnreadableFile(
            _(
                "%(name)s is an old Excel .xls file or a password-protected workbook; save it as .xlsx (Excel Workbook) without a password and upload again."
            )
            % {"name": filename}
        )
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise UnreadableFile(
            _(
                "%(name)s is saved as UTF-16 (Unicode text); save it as CSV UTF-8 (comma delimited) and upload again."
            )
            % {"name": filename}
        )
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise UnreadableFile(
            _(
                "%(name)s is named like an Excel workbook but is not one; open it in Excel or LibreOffice and save it as .xlsx."
            )
            % {"name": filename}
        )
    if data[:5] == b"%PDF-" or _BINARY.search(data[:65536]):
        raise UnreadableFile(
            _("%(name)s is not a spreadsheet; upload an .xlsx or .csv file.") % {"name": filename}
        )
    return [_read_csv(data, filename, deadline)]


#: Control characters that never occur in a text file (tab, line feed, carriage return and
#: form feed do); their presence marks a binary file renamed .csv.
_BINARY = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def _check_zip(zf: zipfile.ZipFile, filename: str) -> None:
    """Refuse a zip bomb from the central directory alone, before anything is unpacked.

    Python's zipfile never unpacks an entry beyond the size the directory declares (it stops
    and fails the CRC check), so the declared sizes bound what any later reader can unpack."""
    infos = zf.infolist()
    too_big = _(
        "%(name)s unpacks to more than %(mb)s MB (or is compressed suspiciously well); it is not a workbook we can read. Save the data in a new workbook and upload again."
    ) % {"name": filename, "mb": MAX_UNPACKED // (1024 * 1024)}
    if len(infos) > MAX_ENTRIES:
        raise UnreadableFile(too_big)
    total = 0
    for info in infos:
        total += info.file_size
        if total > MAX_UNPACKED:
            raise UnreadableFile(too_big)
        if info.file_size > RATIO_GRACE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnreadableFile(too_big)
        if info.flag_bits & 0x1:
            raise UnreadableFile(
                _("%(name)s is encrypted; save it without a password and upload again.")
                % {"name": filename}
            )
    names = {i.filename for i in infos}
    if "xl/vbaProject.bin" in names:
        raise UnreadableFile(
            _(
                "%(name)s is a macro-enabled workbook; save it as .xlsx (Excel Workbook, without macros) and upload again."
            )
            % {"name": filename}
        )
    if "xl/workbook.xml" not in names:
        raise UnreadableFile(
            _("%(name)s is a zip file but not an Excel workbook; upload an .xlsx or .csv file.")
            % {"name": filename}
        )


class _StoredCells(WorkSheetParser):
    """openpyxl's streaming sheet parser, noting formulas that hold no computed value."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.uncomputed: list[str] = []

    def parse_cell(self, element: Any) -> dict[str, Any]:
        cell: dict[str, Any] = super().parse_cell(element)
        if cell["value"] is None and element.find(FORMULA_TAG) is not None:
            value = element.find(VALUE_TAG)
            # Excel writes a formula's empty-text result as t="str" with an empty <v>;
            # a missing <v>, or an empty one on a number, was never computed.
            if value is None or (not value.text and element.get("t") != "str"):
                self.uncomputed.append(f"{get_column_letter(cell['column'])}{cell['row']}")
        return cell


def _read_xlsx(data: bytes, filename: str, deadline: Deadline) -> list[Sheet]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            _check_zip(zf, filename)
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
            try:
                sheet = _read_sheet(wb, ws, deadline)
            except UnreadableFile:
                raise
            except Exception as exc:
                raise UnreadableFile(
                    _("Sheet %(sheet)s cannot be read (%(error)s).")
                    % {"sheet": ws.title, "error": type(exc).__name__}
                ) from exc
            if sheet is not None:
                sheets.append(sheet)
    finally:
        wb.close()
    if not sheets:
        raise UnreadableFile(_("The file %(name)s has no data.") % {"name": filename})
    return sheets


def _read_sheet(wb: Any, ws: Any, deadline: Deadline) -> Sheet | None:
    """The cells as they are stored: the declared dimension is ignored, no empty cell or row is
    made up, and a value beyond the columns and rows the template allows stops the reading."""
    title = ws.title
    sheet: Sheet | None = None
    with ws._get_source() as src:
        parser = _StoredCells(
            src,
            ws._shared_strings,
            data_only=True,
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
        )
        for count, (number, stored) in enumerate(parser.parse(), start=1):
            if count % 1000 == 0:
                deadline.check()
            values = _stored_values(title, number, stored)
            if parser.uncomputed:
                raise UnreadableFile(
                    _(
                        "Sheet %(sheet)s cell %(cell)s holds a formula without a computed value; open and save the file in Excel or LibreOffice first."
                    )
                    % {"sheet": title, "cell": parser.uncomputed[0]}
                )
            if values:
                _refuse_hidden_row(parser, title, number)
                sheet = _add_row(sheet, title, number, values, max(values))
    _refuse_merged(parser, title)
    if sheet is not None and ws.sheet_state != "visible":
        raise UnreadableFile(
            _(
                "Sheet %(sheet)s is hidden but holds data; show it (or delete it) so that what you see is what is imported."
            )
            % {"sheet": title}
        )
    return sheet


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _stored_values(title: str, number: int, stored: list[dict[str, Any]]) -> dict[int, Any]:
    """column -> value of the non-blank cells of a stored row, within the limits."""
    values: dict[int, Any] = {}
    for c in stored:
        if not _blank(c["value"]):
            if c["column"] > MAX_COLUMNS or number > MAX_ROW_NUMBER:
                raise _beyond_limits(title, c["column"], number)
            values[c["column"]] = c["value"]
    return values


def _beyond_limits(title: str, column: int, number: int) -> UnreadableFile:
    return UnreadableFile(
        _(
            "Sheet %(sheet)s cell %(cell)s lies beyond the last column (%(column)s) or row (%(row)s) a data sheet may use; delete what stands there and upload again."
        )
        % {
            "sheet": title,
            "cell": f"{get_column_letter(column)}{number}",
            "column": get_column_letter(MAX_COLUMNS),
            "row": format_number(MAX_ROW_NUMBER),
        }
    )


def _refuse_hidden_row(parser: Any, title: str, number: int) -> None:
    if str(parser.row_dimensions.get(str(number), {}).get("hidden", "0")) in ("1", "true"):
        raise UnreadableFile(
            _(
                "Sheet %(sheet)s row %(row)s is hidden but holds data; show the row (or delete it) so that what you see is what is imported."
            )
            % {"sheet": title, "row": number}
        )


def _refuse_merged(parser: Any, title: str) -> None:
    merged = getattr(parser, "merged_cells", None)
    ranges = [str(r.ref) for r in getattr(merged, "mergeCell", [])] if merged else []
    if ranges:
        raise UnreadableFile(
            _("Sheet %(sheet)s has merged cells (%(ranges)s); unmerge them and upload again.")
            % {"sheet": title, "ranges": ", ".join(ranges[:5])}
        )


def _add_row(
    sheet: Sheet | None, title: str, number: int, values: dict[int, Any], width: int
) -> Sheet:
    """The first row with data is the header (a new sheet); the others are its rows.

    ``values`` maps column numbers (1-based) to values; ``width`` is the last column read.
    Cells under a header name are kept even when blank; others only when they hold a value.
    """
    if sheet is None:
        header = [normalise_header(values.get(i + 1)) for i in range(width)]
        while header and not header[-1]:
            header.pop()
        return Sheet(name=title, header=header, header_row=number)
    if len(sheet.rows) >= MAX_ROWS:
        raise UnreadableFile(
            _("Sheet %(sheet)s has more than %(n)s rows.")
            % {"sheet": title, "n": format_number(MAX_ROWS)}
        )
    header = sheet.header
    cells: dict[str, Cell] = {}
    for col in range(1, width + 1):
        value = values.get(col)
        ref = f"{get_column_letter(col)}{number}"
        if col <= len(header) and header[col - 1]:
            cells[header[col - 1]] = Cell(ref, value)
        elif not _blank(value):
            cells[f"_extra{col - 1}"] = Cell(ref, value)
    for col, name in enumerate(header, start=1):
        if name and name not in cells:
            cells[name] = Cell(f"{get_column_letter(col)}{number}", None)
    sheet.rows.append(Row(number=number, cells=cells))
    return sheet


def _read_csv(data: bytes, filename: str, deadline: Deadline) -> Sheet:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    lines = text.splitlines()  # \n, \r\n and \r alone (Excel for Mac) all end a line
    if len(lines) > MAX_ROWS + 1:
        raise UnreadableFile(
            _("The file %(name)s has more than %(n)s rows.")
            % {"name": filename, "n": format_number(MAX_ROWS)}
        )
    # newline="": the csv module itself recognises every line ending, also inside quotes
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(lines))
    sheet: Sheet | None = None
    number = 0
    try:
        for number, values in enumerate(reader, start=1):
            if number % 1000 == 0:
                deadline.check()
            if not any(v.strip() for v in values):
                continue
            last = max(i for i, v in enumerate(values) if v.strip()) + 1
            if last > MAX_COLUMNS:
                raise _beyond_limits("CSV", last, number)
            by_column = dict(enumerate(values, start=1))
            sheet = _add_row(sheet, "CSV", number, by_column, len(values))
    except csv.Error as exc:
        raise UnreadableFile(
            _("%(name)s cannot be read as CSV at line %(line)s (%(error)s).")
            % {"name": filename, "line": number + 1, "error": exc}
        ) from exc
    if sheet is None or not sheet.rows:
        raise UnreadableFile(_("The file %(name)s has no data.") % {"name": filename})
    return sheet


def _delimiter(lines: list[str]) -> str:
    """Comma, semicolon or tab, as the first lines show; else comma."""
    sample = "\n".join(line[:2000] for line in lines[:20])
    try:
        return str(csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter)
    except csv.Error:
        return ","
