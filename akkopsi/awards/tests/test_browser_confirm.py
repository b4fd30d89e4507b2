"""Journeys through the confirmation pages, in a real headless Chromium from login at
phone width: the secretariat nominates in bulk (sees each member's eligibility, confirms,
sees the nominees); the treasurer issues a year's invoices after being told how many and
how much."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from akkopsi.conftest import BROWSER_TESTS
from akkopsi.core.tests.browsing import login
from akkopsi.dues.tests.conftest import make_schedule

pytestmark = BROWSER_TESTS


def test_the_secretariat_nominates_in_bulk(
    live_server: Any, bulk_edition: Any, users: dict[str, Any], phone: Any
) -> None:
    page = phone
    base = live_server.url
    login(page, base, "sekretariat")
    page.goto(f"{base}/penghargaan/2015/")
    page.click("text=Nominasi massal")
    candidates = page.locator("#candidates")
    expect(candidates.locator("tr[data-code='6474']")).to_contain_text("memenuhi syarat")
    balikpapan = candidates.locator("tr[data-code='6471']")
    expect(balikpapan).to_contain_text("tidak memenuhi syarat")
    expect(balikpapan).to_contain_text("Iuran belum dibayar lebih dari 30 hari")
    expect(candidates.locator("input[name=m]")).to_have_count(1)  # only Bontang is offered
    page.click("text=Lanjutkan")
    plan = page.locator("#plan")
    expect(plan).to_contain_text(
        "Anggota yang akan dinominasikan untuk Penghargaan Sanipura 2015: 1."
    )
    expect(page.locator("#outcomes tr[data-code='6474']")).to_contain_text("akan dinominasikan")
    page.fill("textarea[name=narrative]", "Data 2014 terverifikasi dan iuran lunas.")
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"{base}/penghargaan/2015/")
    expect(page.locator(".messages")).to_contain_text("1 anggota dinominasikan.")
    nominations = page.locator("table.list").first
    expect(nominations).to_contain_text("Kota Bontang")
    expect(nominations).not_to_contain_text("Kota Balikpapan")


def test_the_treasurer_issues_the_years_invoices(
    live_server: Any, members: Any, users: dict[str, Any], phone: Any
) -> None:
    page = phone
    make_schedule(2015, users["treasurer"])
    base = live_server.url
    login(page, base, "bendahara")
    page.goto(f"{base}/iuran/tagihan/terbitkan/")
    page.fill("input[name=year]", "2015")
    page.fill("input[name=issued_on]", "2015-01-15")
    page.click("form.form button[type=submit]")
    plan = page.locator("#plan")
    expect(plan).to_contain_text("Akan menerbitkan 3 tagihan iuran tahun 2015 senilai Rp5.000.000.")
    expect(plan).to_contain_text("tanggal terbit 15 Januari 2015")
    page.get_by_role("button", name="Terbitkan tagihan").click()
    expect(page.locator(".messages")).to_contain_text("3 tagihan terbit untuk 2015")
    expect(page.locator("body")).to_contain_text("INV/2015/0001")
