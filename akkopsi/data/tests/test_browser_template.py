"""The Pokja staff's journey with the XLSX template, in a real (headless) Chromium: download the
template, fill it (openpyxl stands in for Excel), upload, see only the real changes, type the
missing explanation, confirm and see the values stored."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from playwright.sync_api import expect

from akkopsi.conftest import BROWSER_TESTS
from akkopsi.core.tests.browsing import login
from akkopsi.data.models import BudgetLine, Indicator, IndicatorValue

pytestmark = BROWSER_TESTS


def _store(member: Any, code: str, year: int, value: str) -> None:
    IndicatorValue.objects.create(
        member=member, indicator=Indicator.objects.get(code=code), year=year, value=Decimal(value)
    )


def _fill(path: Path) -> None:
    """What the staff type in Excel: a jump for akses_layak, a new babs, one budget line."""
    wb = load_workbook(path)
    data = wb["Data"]
    header = [c.value for c in data[1]]
    assert data[2][header.index("akses_aman")].value == 12.5  # this year's value, pre-filled
    data[2][header.index("akses_layak")].value = 90
    data[2][header.index("babs")].value = 2
    for r in wb["Anggaran"].iter_rows(min_row=2):
        if (r[3].value, r[4].value, r[5].value) == ("air_limbah", "apbd_kabkota", "rencana"):
            r[6].value = 5_000_000
    wb.save(path)


def test_staff_fill_the_template_and_explain_the_flag_in_the_preview(
    live_server: Any, users: Any, members: Any, open_year: Any, page: Any, tmp_path: Path
) -> None:
    bontang = members["6474"]
    _store(bontang, "akses_layak", 2023, "60")
    _store(bontang, "akses_aman", 2024, "12.5")
    _store(bontang, "babs", 2024, "3")
    base = live_server.url
    login(page, base, "staf-6474")
    page.goto(f"{base}/data/unggah/")
    with page.expect_download() as download:
        page.click("text=Unduh templat (.xlsx)")
    assert download.value.suggested_filename == "templat-data-6474-2024.xlsx"
    filled = tmp_path / "templat-data-6474-2024.xlsx"
    download.value.save_as(filled)
    _fill(filled)
    page.set_input_files("#upload-form input[type=file]", str(filled))
    page.click("text=Periksa berkas")
    result = page.locator("#preview-result")
    expect(result).to_be_visible()
    assert page.locator("#count-changed").inner_text() == "1"
    assert page.locator("#count-unchanged").inner_text() == "1"  # akses_aman, as stored
    assert page.locator("#changed tbody tr").count() == 1
    assert "BABS" in page.locator("#changed").inner_text()
    assert "Rp5.000.000" in page.locator("#money").inner_text()
    flagged = page.locator("#warnings")
    assert "akses sanitasi layak" in flagged.inner_text()
    flagged.locator("textarea").fill("Sambungan SPALD baru di 3 kelurahan")
    page.click("text=Konfirmasi dan simpan")
    page.wait_for_url(f"{base}/tugas/*/")  # the import's job (run at once in tests)
    page.click("text=Lihat hasilnya")
    page.wait_for_url(f"{base}/data/unggahan/*/")
    facts = page.locator("dl.facts").inner_text()
    assert "Nilai baru\t2" in facts or "Nilai baru\n2" in facts, facts
    page.goto(f"{base}/data/anggota/6474/riwayat/")
    history = page.locator("table.list").inner_text()
    assert "Sambungan SPALD baru di 3 kelurahan" in history and "90,00" in history
    stored = IndicatorValue.objects.get(member=bontang, indicator__code="akses_layak", year=2024)
    assert stored.value == 90 and stored.comment == "Sambungan SPALD baru di 3 kelurahan"
    assert BudgetLine.objects.get(member=bontang, year=2024).amount == Decimal("5000000")
