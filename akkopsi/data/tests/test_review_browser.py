"""The secretariat's review journey in a real browser: sign in, open the first submission
awaiting verification, return one value with a reason, land on the next, approve it."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from akkopsi.conftest import BROWSER_TESTS, open_page
from akkopsi.core.tests.browsing import login
from akkopsi.data.models import Submission
from akkopsi.data.review import return_reasons
from akkopsi.data.tests import review_data

pytestmark = BROWSER_TESTS


# Elements outside a scrolling box that stick out of the screen (for the failure message).
WIDER_THAN_THE_SCREEN = """Array.from(document.querySelectorAll("body *"))
  .filter(e => e.getBoundingClientRect().right > 390 && !e.closest(".table-wrap"))
  .map(e => e.tagName + "." + e.className).slice(0, 10)"""


@pytest.fixture
def subs(members: Any, many_members: Any, users: Any) -> dict[str, Any]:
    return review_data.build(members, many_members)


def test_return_one_value_then_approve_the_next(live_server: Any, subs: Any, page: Any) -> None:
    base = live_server.url
    login(page, base, "sekretariat")
    page.goto(f"{base}/data/verifikasi/")
    page.wait_for_url(f"{base}/data/anggota/6474/2024/verify/")
    expect(page.locator("h1")).to_contain_text("Kota Bontang")
    expect(page.locator("#review-position")).to_have_text("1 dari 3")
    layak = page.locator("tr[data-indicator=akses_layak]")
    expect(layak).to_contain_text("Jauh dari nilai anggota lain")
    expect(layak).to_contain_text("Survei baru BPS 2024")
    expect(page.locator("#review-share-planned")).to_contain_text("2,33%")
    layak.locator("input").fill("Angka turun tajam; periksa lagi hasil survei")
    page.click("#review-return")
    page.wait_for_url(f"{base}/data/anggota/5108/2024/verify/")
    expect(page.locator(".messages")).to_contain_text("dikembalikan untuk diperbaiki")
    expect(page.locator("h1")).to_contain_text("Kabupaten Buleleng")
    expect(page.locator("#review-position")).to_have_text("1 dari 2")
    # the keyboard: "a" approves (the page's own script; no field has the focus)
    page.locator("#review-position").click()
    page.keyboard.press("a")
    page.wait_for_url(f"{base}/data/anggota/9900/2024/verify/")
    expect(page.locator(".messages")).to_contain_text("telah diverifikasi")
    expect(page.locator("#review-position")).to_have_text("1 dari 1")
    bontang = Submission.objects.get(pk=subs["bontang"].pk)
    assert bontang.status == "returned"
    assert return_reasons(bontang) == {
        "akses_layak": "Angka turun tajam; periksa lagi hasil survei"
    }
    assert Submission.objects.get(pk=subs["buleleng"].pk).status == "verified"


def test_the_review_fits_a_phone_and_works_without_javascript(
    live_server: Any, subs: Any, browser: Any
) -> None:
    with open_page(browser, width=390, java_script_enabled=False) as page:
        login(page, live_server.url, "sekretariat")
        page.goto(f"{live_server.url}/data/anggota/6474/2024/verify/")
        # the values table scrolls in its own box; the page itself does not
        width = page.evaluate("document.documentElement.scrollWidth")
        wide = page.evaluate(WIDER_THAN_THE_SCREEN)
        assert width <= 390, (width, wide)
        page.click("#review-next")
        page.wait_for_url(f"{live_server.url}/data/anggota/5108/2024/verify/")
        page.click("#review-approve")
        page.wait_for_url(f"{live_server.url}/data/anggota/9900/2024/verify/")
    assert Submission.objects.get(pk=subs["buleleng"].pk).status == "verified"
