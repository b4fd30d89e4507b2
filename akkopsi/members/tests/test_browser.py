"""Browser tests: a real headless Chromium (Debian's) driven by Playwright against the live server."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from akkopsi.conftest import BROWSER_TESTS, open_page
from akkopsi.core.tests.browsing import login
from akkopsi.members.models import Member

pytestmark = BROWSER_TESTS


def test_login_and_filter_the_member_list(live_server: Any, users: Any, page: Any) -> None:
    login(page, live_server.url, "sekretariat", lands_on="/beranda/")
    assert page.locator("header .account").inner_text().find("Keluar") >= 0
    page.goto(f"{live_server.url}/anggota/")
    assert page.locator("#member-count").get_attribute("data-count") == "3"
    # htmx re-renders the rows when a filter changes
    page.select_option("select[name=province]", "51")
    expect(page.locator("#member-count")).to_have_attribute("data-count", "1")
    assert "Kabupaten Buleleng" in page.locator("#results").inner_text()
    assert "province=51" in page.url  # the filtered list has its own address
    page.fill("input[name=active_on]", "2017-01-01")
    page.locator("input[name=active_on]").dispatch_event("change")
    expect(page.locator("#member-count")).to_have_attribute("data-count", "0")


def test_member_list_filters_without_javascript(
    live_server: Any, members: Any, browser: Any
) -> None:
    with open_page(browser, java_script_enabled=False) as page:
        page.goto(f"{live_server.url}/anggota/")
        page.select_option("select[name=kind]", "kota")
        page.click("form.filters button[type=submit]")
        assert page.locator("#member-count").get_attribute("data-count") == "2"


def test_member_staff_edit_their_own_profile_only(live_server: Any, users: Any, page: Any) -> None:
    login(page, live_server.url, "staf-6474", lands_on="/beranda/")
    page.click(".nav-wide >> text=Kabupaten/kota saya")
    page.click("text=Ubah profil")
    page.fill("input[name=phone]", "0548-21001")
    page.fill("textarea[name=address]", "Jl. Moh. Roem No. 1, Bontang")
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/anggota/6474/")
    assert "0548-21001" in page.content()
    assert Member.objects.get(regency_id="6474").phone == "0548-21001"
    response = page.goto(f"{live_server.url}/anggota/6471/ubah/")
    assert response.status == 403
    assert "Tidak diizinkan" in page.content()


def test_pages_fit_a_phone_screen(live_server: Any, members: Any, browser: Any) -> None:
    with open_page(browser, width=360, height=740) as page:
        for path in ["/", "/anggota/", "/anggota/6474/", "/anggota/pertumbuhan/", "/wilayah/"]:
            page.goto(f"{live_server.url}{path}")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, (path, overflow)
        assert not page.locator(".nav-wide").is_visible()
        page.click("details.menu summary")  # the phone menu opens without scripts
        assert page.locator("details.menu nav a").first.is_visible()
