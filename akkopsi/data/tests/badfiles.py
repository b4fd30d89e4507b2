"""Bad upload files, built in code (no binaries in the repository): each with where its
problem is (sheet and cell, or the file) and a fragment of the Indonesian message it must get.

Used by test_badfiles.py through the dry run, the real upload view and, for money, the API."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from openpyxl import Workbook

H = ["kode", "tahun", "indikator", "nilai"]
B = ["kode", "tahun", "subsektor", "sumber", "tahap", "nilai"]
A = ["kode", "tahun", "tahap", "apbd"]
GOOD = ["6474", 2024, "akses_layak", 80]


@dataclass(frozen=True)
class BadFile:
    case: str
    name: str
    data: bytes
    where: str  # a fragment naming the place ("Data!D2", "Data sel D2", "baris 3")
    message: str  # a fragment of the message


def xlsx(sheets: dict[str, list[list[Any]]], **options: Any) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        if options.get("merge"):
            ws.merge_cells(options["merge"])
        if options.get("hide_row"):
            ws.row_dimensions[options["hide_row"]].hidden = True
        if options.get("hide_sheet") == name:
            ws.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def long(*rows: list[Any]) -> bytes:
    return xlsx({"Data": [H, *rows]})


def budget(amount: Any) -> bytes:
    return xlsx({"Anggaran": [B, ["6474", 2024, "air_limbah", "apbd_kabkota", "planned", amount]]})


def rezip(
    data: bytes,
    sheet: Callable[[bytes], bytes] | None = None,
    extra: dict[str, bytes] | None = None,
    drop: tuple[str, ...] = (),
) -> bytes:
    """The workbook ``data`` with its first sheet's XML transformed and entries added/dropped."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename in drop:
                continue
            body = src.read(info)
            if sheet and info.filename == "xl/worksheets/sheet1.xml":
                body = sheet(body)
            dst.writestr(info, body, compress_type=zipfile.ZIP_DEFLATED)
        for name, body in (extra or {}).items():
            dst.writestr(name, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def far_cell(ref: str) -> Callable[[bytes], bytes]:
    """Declare the whole sheet (A1:XFD1048576) and store one value at ``ref``."""
    row = re.sub(r"[A-Z]+", "", ref)

    def change(xml: bytes) -> bytes:
        xml = re.sub(rb'<dimension ref="[^"]+"\s*/>', b'<dimension ref="A1:XFD1048576"/>', xml)
        cell = f'<row r="{row}"><c r="{ref}" t="n"><v>1</v></c></row>'.encode()
        return xml.replace(b"</sheetData>", cell + b"</sheetData>")

    return change


def formula_without_value(xml: bytes) -> bytes:
    """D2 becomes a formula that was never computed (as openpyxl or a script writes it)."""
    return re.sub(rb'<c r="D2"[^>]*>.*?</c>', b'<c r="D2"><f>40+40</f><v /></c>', xml, flags=re.S)


def formula_with_error(xml: bytes) -> bytes:
    return re.sub(
        rb'<c r="D2"[^>]*>.*?</c>',
        b'<c r="D2" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
        xml,
        flags=re.S,
    )


def zip_of(entries: dict[str, bytes], *, level: int = 9) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, body in entries.items():
            zf.writestr(name, body)
    return out.getvalue()


def bomb(unpacked_mb: int) -> bytes:
    """A valid workbook whose sheet1.xml unpacks to ``unpacked_mb`` MB (written in chunks, so
    building it never holds the unpacked bytes)."""
    base = long(GOOD)
    out = io.BytesIO()
    chunk = b" " * (1024 * 1024)
    with (
        zipfile.ZipFile(io.BytesIO(base)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst,
    ):
        for info in src.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(info.filename, src.read(info))
        xml = src.read("xl/worksheets/sheet1.xml")
        head, tail = xml.split(b"<sheetData>")
        with dst.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(head + b"<sheetData>")
            for _ in range(unpacked_mb):
                f.write(chunk)
            f.write(tail)
    return out.getvalue()


def many_entries(n: int) -> bytes:
    return rezip(long(GOOD), extra={f"customXml/item{i}.xml": b"<a/>" for i in range(n)})


def encrypted_flag(data: bytes) -> bytes:
    """Set the 'encrypted' bit of every entry in the central directory."""
    raw = bytearray(data)
    pos = 0
    while (pos := raw.find(b"PK\x01\x02", pos)) != -1:
        raw[pos + 8] |= 0x1
        pos += 4
    return bytes(raw)


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


#: (case, file name, how to build the file, where, message fragment), by kind of problem.
Case = tuple[str, str, Callable[[], bytes], str, str]

#: Zip bombs and dimension bombs (issue 16, points 3 and 4).
BOMBS: list[Case] = [
    ("zip bomb: the sheet unpacks to 120 MB", "bom.xlsx", lambda: bomb(120), "", "MB"),
    ("zip bomb: 1.500 entries", "bom.xlsx", lambda: many_entries(1500), "", "MB"),
    (
        "dimension bomb: A1:XFD1048576 and a value in column XFD",
        "dimensi.xlsx",
        lambda: rezip(long(GOOD), far_cell("XFD2")),
        "Data sel XFD2",
        "melewati kolom terakhir",
    ),
    (
        "dimension bomb: a value in the last row",
        "dimensi.xlsx",
        lambda: rezip(long(GOOD), far_cell("A1048576")),
        "Data sel A1048576",
        "melewati kolom terakhir",
    ),
]

#: Files that are not what they say.
IMPOSTORS: list[Case] = [
    (
        "a binary file renamed .xlsx",
        "foto.xlsx",
        lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        "",
        "bukan buku kerja Excel",
    ),
    (
        "a binary file renamed .csv",
        "foto.csv",
        lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        "",
        "bukan lembar kerja",
    ),
    (
        "a macro-enabled workbook",
        "makro.xlsm",
        lambda: rezip(long(GOOD), extra={"xl/vbaProject.bin": b"\x00" * 64}),
        "",
        "makro",
    ),
    ("an encrypted zip entry", "kunci.xlsx", lambda: encrypted_flag(long(GOOD)), "", "sandi"),
    (
        "a zip that is not a workbook",
        "arsip.xlsx",
        lambda: zip_of({"data.csv": b"kode,tahun\n6474,2024\n"}),
        "",
        "bukan buku kerja Excel",
    ),
    ("a broken zip", "rusak.xlsx", lambda: b"PK\x03\x04" + b"\x00" * 200, "", "tidak dapat"),
    (
        "a truncated workbook",
        "potong.xlsx",
        lambda: long(GOOD)[: len(long(GOOD)) // 2],
        "",
        "tidak dapat",
    ),
    ("a PDF", "surat.pdf", lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "", "bukan lembar"),
    (
        "an old .xls (or password-protected) file",
        "lama.xls",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
        "",
        ".xls",
    ),
    (
        "a UTF-16 CSV (Excel's Unicode text)",
        "data.csv",
        lambda: csv_bytes("kode\ttahun\tindikator\tnilai\n6474\t2024\takses_layak\t80\n", "utf-16"),
        "",
        "UTF-16",
    ),
]

#: Empty files.
EMPTY: list[Case] = [
    ("an empty file", "kosong.csv", lambda: b"", "", "kosong"),
    ("an empty .xlsx", "kosong.xlsx", lambda: b"", "", "kosong"),
    (
        "a workbook with an empty sheet",
        "kosong.xlsx",
        lambda: xlsx({"Data": []}),
        "",
        "tidak berisi data",
    ),
    ("a CSV of blank lines", "kosong.csv", lambda: b"\n\n ,,\n\n", "", "tidak berisi data"),
    (
        "a sheet with only a header",
        "judul.xlsx",
        lambda: xlsx({"Data": [H]}),
        "",
        "tidak berisi data",
    ),
]

#: CSV quirks.
CSV_QUIRKS: list[Case] = [
    (
        "CR-only line endings (Excel for Mac) and a bad value",
        "mac.csv",
        lambda: b"kode,tahun,indikator,nilai\r6474,2024,akses_layak,delapan\r",
        "CSV!D2",
        "bukan angka",
    ),
    (
        "a CSV field longer than the csv module allows",
        "panjang.csv",
        lambda: b'kode,tahun,indikator,nilai\n6474,2024,akses_layak,"' + b"x" * 200_000 + b'"\n',
        "baris 2",
        "CSV",
    ),
    (
        "a CSV with 300 columns",
        "lebar.csv",
        lambda: b"kode,tahun,indikator,nilai\n6474,2024,akses_layak,80" + b",1" * 300 + b"\n",
        "CSV sel",
        "melewati kolom terakhir",
    ),
]

#: Money.
MONEY: list[Case] = [
    ("money with 30 digits", "uang.xlsx", lambda: budget("1" * 30), "Anggaran!F2", "terbesar"),
    ("money 1E+30 as text", "uang.xlsx", lambda: budget("1E+30"), "Anggaran!F2", "eksponen"),
    ("money 1e3 as text", "uang.xlsx", lambda: budget("1e3"), "Anggaran!F2", "eksponen"),
    ("money of 1e20 as a number", "uang.xlsx", lambda: budget(1e20), "Anggaran!F2", "terbesar"),
    (
        "money with full-width digits",
        "uang.xlsx",
        lambda: budget("１５００"),
        "Anggaran!F2",
        "selain 0-9",
    ),
    (
        "an APBD total of 29 digits",
        "apbd.xlsx",
        lambda: xlsx({"APBD": [A, ["6474", 2024, "planned", "9" * 29]]}),
        "APBD!D2",
        "terbesar",
    ),
    ("negative money", "uang.xlsx", lambda: budget(-5_000_000), "Anggaran!F2", "negatif"),
    (
        "money with a decimal comma and three decimals",
        "uang.xlsx",
        lambda: budget("1500,125"),
        "Anggaran!F2",
        "lebih dari dua desimal",
    ),
    (
        "money with misplaced separators",
        "uang.xlsx",
        lambda: budget("1.50,5"),
        "Anggaran!F2",
        "bukan angka",
    ),
    (
        "an indicator value in full-width digits",
        "data.xlsx",
        lambda: long(["6474", 2024, "akses_layak", "８０"]),
        "Data!D2",
        "selain 0-9",
    ),
    (
        "a decimal comma in the wrong place",
        "data.xlsx",
        lambda: long(["6474", 2024, "akses_layak", "80,5,1"]),
        "Data!D2",
        "bukan angka",
    ),
]

#: Formulas.
FORMULAS: list[Case] = [
    (
        "a formula without a computed value",
        "rumus.xlsx",
        lambda: rezip(long(GOOD), formula_without_value),
        "Data sel D2",
        "rumus tanpa hasil hitungan",
    ),
    (
        "a formula that computed an error (#DIV/0!)",
        "rumus.xlsx",
        lambda: rezip(long(GOOD), formula_with_error),
        "Data!D2",
        "bukan angka",
    ),
]

#: Layout.
LAYOUT: list[Case] = [
    (
        "merged cells",
        "gabung.xlsx",
        lambda: xlsx({"Data": [H, GOOD, ["6474", 2024, "babs", 2]]}, merge="A2:A3"),
        "A2:A3",
        "sel yang digabung",
    ),
    (
        "a hidden row with data",
        "sembunyi.xlsx",
        lambda: xlsx({"Data": [H, GOOD, ["6474", 2024, "babs", 2]]}, hide_row=3),
        "Data baris 3",
        "tersembunyi",
    ),
    (
        "a hidden sheet with data",
        "sembunyi.xlsx",
        lambda: xlsx({"Petunjuk": [["baca"]], "Data": [H, GOOD]}, hide_sheet="Data"),
        "Lembar Data",
        "tersembunyi",
    ),
    (
        "a wrong sheet (columns of another form)",
        "salah.xlsx",
        lambda: xlsx({"Sheet1": [["no", "nama", "alamat"], [1, "Bontang", "Jl. A"]]}),
        "Sheet1!1",
        "tidak cocok dengan tata letak",
    ),
    (
        "a date in the year column",
        "tanggal.xlsx",
        lambda: long(["6474", datetime(2024, 1, 1), "akses_layak", 80]),
        "Data!B2",
        "bukan tahun",
    ),
    (
        "a date written as text in a value",
        "tanggal.xlsx",
        lambda: long(["6474", 2024, "akses_layak", "12/03/2024"]),
        "Data!D2",
        "bukan angka",
    ),
    (
        "a year written as a date text",
        "tanggal.xlsx",
        lambda: long(["6474", "01-01-2024", "akses_layak", 80]),
        "Data!B2",
        "bukan tahun",
    ),
    (
        "a population beyond the column",
        "penduduk.xlsx",
        lambda: xlsx({"Penduduk": [["kode", "tahun", "penduduk"], ["6474", 2024, "9" * 30]]}),
        "Penduduk!C2",
        "bilangan bulat",
    ),
    ("TRUE in a money cell", "uang.xlsx", lambda: budget(True), "Anggaran!F2", "bukan angka"),
]


def corpus() -> list[BadFile]:
    """Every bad file, built now (a few seconds: the bombs are written in chunks)."""
    cases = [*BOMBS, *IMPOSTORS, *EMPTY, *CSV_QUIRKS, *MONEY, *FORMULAS, *LAYOUT]
    return [
        BadFile(case, name, build(), where, message) for case, name, build, where, message in cases
    ]
