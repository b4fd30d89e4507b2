"""Acceptance (issue 18): a visitor opens the national dashboard, clicks "memenuhi 2%", sees
the league table filtered to those members, filters it by a province and sees the count
agree with the province dashboard."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from akkopsi.conftest import BROWSER_TESTS, open_page

pytestmark = BROWSER_TESTS


def test_a_visitor_goes_from_the_two_percent_figure_to_its_members(
    live_server: Any, league: Any, browser: Any
) -> None:
    base = live_server.url

    with open_page(browser, width=390, no_console_errors=True) as page:
        page.goto(f"{base}/data/")
        links = page.locator("#meet-links")
        expect(links).to_contain_text("1 anggota memenuhi 2%")
        expect(links).to_contain_text("1 di bawah 2%")
        expect(links).to_contain_text("1 belum melapor")
        links.get_by_role("link", name="1 anggota memenuhi 2%").click()
        page.wait_for_url(f"{base}/rapor/liga/?tahun=2022&memenuhi=ya")
        expect(page.locator("h1")).to_have_text("Klasemen anggota, 2022")
        expect(page.locator("#league-count")).to_contain_text("1 anggota ditampilkan, 2022")
        expect(page.locator("#liga tbody tr")).to_have_count(1)
        expect(page.locator("#liga tbody")).to_contain_text("Kota Balikpapan")
        expect(page.locator("select[name=memenuhi]")).to_have_value("ya")

        # the complement: below 2 % and not reported, each its own list
        page.select_option("select[name=memenuhi]", "tidak")
        expect(page.locator("#liga tbody")).to_contain_text("Kota Bontang")
        expect(page.locator("#liga tbody tr")).to_have_count(1)

        # all members of Kalimantan Timur (htmx swaps the rows; the URL is shareable)
        page.select_option("select[name=memenuhi]", "")
        page.select_option("select[name=provinsi]", "64")
        expect(page.locator("#liga tbody tr")).to_have_count(2)
        expect(page.locator("#league-count")).to_contain_text("2 anggota ditampilkan, 2022")
        expect(page).to_have_url(f"{base}/rapor/liga/?q=&provinsi=64&jenis=&tahun=2022&memenuhi=")
        shown = page.locator("#league-count").get_attribute("data-count")

        # the province dashboard says the same
        page.goto(f"{base}/data/provinsi/64/?tahun=2022")
        counts = page.locator("#province-meet-links a")
        total = sum(int(counts.nth(i).get_attribute("data-count") or 0) for i in range(3))
        assert str(total) == shown
        # another year: the heading says which (htmx swaps it too)
        page.goto(f"{base}/rapor/liga/?provinsi=64")
        page.fill("input[name=tahun]", "2021")
        page.press("input[name=tahun]", "Enter")
        expect(page.locator("h1")).to_have_text("Klasemen anggota, 2021")
        expect(page.locator("#league-year")).to_contain_text("Angka tahun 2021.")
        expect(page.locator("#liga tbody")).not_to_contain_text("3,00%")
        # and the first column stays in view on a phone: the table scrolls in its own box
        page.goto(f"{base}/rapor/liga/?provinsi=64")
        wrap = page.locator(".table-wrap").first
        assert wrap.evaluate("e => e.scrollWidth > e.clientWidth")
        assert page.evaluate("document.documentElement.scrollWidth <= 390")
