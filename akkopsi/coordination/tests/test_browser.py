"""Acceptance: the secretariat records a rakor; the owner member's staff see the action on their page."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from akkopsi.conftest import BROWSER_TESTS, open_page
from akkopsi.coordination.models import ActionItem, Meeting
from akkopsi.core.tests.browsing import login

pytestmark = BROWSER_TESTS


def test_secretariat_records_a_rakor_and_the_owner_sees_the_action(
    live_server: Any, users: Any, browser: Any
) -> None:
    base = live_server.url
    with open_page(browser) as page:
        login(page, base, "sekretariat", lands_on="/beranda/")
        _record_the_rakor(page, base)

    with open_page(browser) as staff:
        login(staff, base, "staf-6474", lands_on="/beranda/")
        staff.goto(f"{base}/anggota/6474/")
        expect(staff.locator("#open-actions")).to_contain_text("Siapkan akomodasi delegasi")


def _record_the_rakor(page: Any, base: str) -> None:
    page.goto(f"{base}/organisasi/rapat/")
    page.click("text=Rapat baru")
    page.select_option("select[name=kind]", "rakor")
    page.fill("input[name=title]", "Rakor Pokja AKKOPSI Balikpapan")
    page.fill("input[name=starts_at]", "2025-05-19T09:00")
    page.fill("input[name=ends_at]", "2025-05-19T16:00")
    page.fill("input[name=chair_name]", "Adi Darma")
    attending = page.locator("#id_attending_members")
    attending.locator("label", has_text="Kota Bontang").locator("input").check()
    attending.locator("label", has_text="Kota Balikpapan").locator("input").check()
    page.check("input[name=published]")
    page.click("form.form button[type=submit]")
    expect(page.locator("#attending")).to_contain_text("Kota Bontang")
    meeting = Meeting.objects.get()
    assert set(meeting.attending.values_list("regency_id", flat=True)) == {"6474", "6471"}

    page.click("text=Tambah butir agenda")
    page.fill("input[name=title]", "Persiapan City Sanitation Summit")
    page.fill("textarea[name=minutes]", "Tuan rumah menyampaikan kesiapan.")
    page.fill("textarea[name=decisions]", "Panitia bersama dibentuk.")
    page.click("form.form button[type=submit]")
    expect(page.locator("#agenda")).to_contain_text("Panitia bersama dibentuk.")

    page.click("text=Tambah tindak lanjut")
    page.fill("input[name=what]", "Siapkan akomodasi delegasi")
    page.select_option("select[name=agenda_item]", label="1. Persiapan City Sanitation Summit")
    page.select_option("select[name=owner_member]", label="Kota Bontang")
    page.fill("input[name=due_on]", "2025-08-01")
    page.click("form.form button[type=submit]")
    expect(page.locator("#agenda")).to_contain_text("Siapkan akomodasi delegasi")
    assert ActionItem.objects.get().owner_member.code == "6474"
