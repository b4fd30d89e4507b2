"""Acceptance: Kota Bontang's staff and the public walk the Rapor Sanitasi; the figures shown
are those of the API."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from playwright.sync_api import expect

from akkopsi.conftest import BROWSER_TESTS, open_page
from akkopsi.core.formatting import format_percent, format_rupiah
from akkopsi.core.tests.browsing import login

pytestmark = BROWSER_TESTS


def _check_against_api(page: Any, base: str, api: dict[str, Any]) -> None:
    for row in api["access"]:
        if row["value"] is not None:
            expect(page.locator(f"#akses-{row['code']}")).to_have_text(
                format_percent(Decimal(row["value"]))
            )
    money = api["money"]
    expect(page.locator("#anggaran-share")).to_have_text(format_percent(Decimal(money["share"]), 2))
    expect(page.locator("#anggaran-per-orang")).to_have_text(
        format_rupiah(Decimal(money["per_capita"]))
    )


def test_bontang_staff_and_the_public_walk_the_report(
    live_server: Any,
    users: Any,
    data: Any,
    action: Any,
    browser: Any,
) -> None:
    base = live_server.url

    with open_page(browser, no_console_errors=True) as page:
        # the public: verified figures, no dues, no actions
        page.goto(f"{base}/rapor/6474/")
        expect(page.locator("h1")).to_contain_text("Rapor Sanitasi Kota Bontang")
        expect(page.locator("#versi")).to_contain_text("versi publik")
        public_api = page.request.get(f"{base}/api/rapor/6474/").json()
        _check_against_api(page, base, public_api)
        expect(page.locator("#akses-akses_layak")).to_have_text("62,0%")
        expect(page.locator("#blok-aliansi")).not_to_contain_text("Rahasia tindak lanjut")
        expect(page.locator("#aliansi-iuran")).to_have_count(0)

        # Kota Bontang's staff: the full report, its draft and its action
        login(page, base, "staf-6474", lands_on="/beranda/")
        page.get_by_role("link", name="Rapor Sanitasi").first.click()
        page.wait_for_url(f"{base}/rapor/6474/")
        expect(page.locator("#versi")).to_contain_text("versi lengkap")
        own_api = page.request.get(f"{base}/api/rapor/6474/").json()
        assert own_api["public"] is False
        _check_against_api(page, base, own_api)
        expect(page.locator("#akses-akses_layak")).to_have_text("77,8%")
        expect(page.locator("#aliansi-tindak-lanjut")).to_contain_text("Rahasia tindak lanjut")

        # to the league table and sort it without JavaScript help
        page.click("text=Klasemen")
        page.wait_for_url(f"{base}/rapor/liga/")
        page.click("#liga thead >> text=Akses layak")
        page.click("#liga thead >> text=Akses layak")
        expect(page.locator("#liga tbody tr").first).to_contain_text("Kota Balikpapan")
