"""Browser test: the Pokja staff of Kota Bontang signs in, sees the unread badge, opens the
inbox and reads that the secretariat returned its data, then lands on the data form."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from akkopsi.conftest import BROWSER_TESTS
from akkopsi.core.tests.browsing import login

pytestmark = BROWSER_TESTS


def test_staff_reads_returned_data_notification(
    live_server: Any, members: Any, users: Any, open_year: Any, phone: Any
) -> None:
    from akkopsi.data import services
    from akkopsi.data.importing.service import commit, dry_run_file
    from akkopsi.data.tests.conftest import xlsx

    staff = users["bontang"]
    batch = xlsx({"Data": [["kode", "tahun", "babs"], ["6474", 2024, 5]]})
    commit(dry_run_file(batch, "a.xlsx", staff, current_year=2025), by=staff)
    services.submit(member=members["6474"], year=2024, by=staff)
    services.return_for_correction(
        member=members["6474"],
        year=2024,
        comment="BABS 5% perlu dijelaskan",
        by=users["secretariat"],
    )

    base = live_server.url
    page = phone
    login(page, base, "staf-6474")
    inbox = page.locator("a.inbox-link")
    expect(inbox).to_contain_text("Kotak masuk")
    expect(inbox.locator(".badge.unread")).to_contain_text("1")
    inbox.click()
    page.wait_for_url(f"{base}/akun/kotak-masuk/")
    item = page.locator(".inbox li.unread")
    expect(item).to_have_count(1)
    expect(item.locator("h2")).to_contain_text(
        "Data 2024 Kota Bontang dikembalikan untuk diperbaiki"
    )
    expect(item).to_contain_text("BABS 5% perlu dijelaskan")
    item.get_by_role("button", name="Buka").click()
    page.wait_for_url(f"{base}/data/anggota/6474/2024/isi/")
    expect(page.locator("a.inbox-link .badge.unread")).to_have_count(0)
    page.goto(f"{base}/akun/kotak-masuk/")
    expect(page.locator(".inbox li.unread")).to_have_count(0)
    expect(page.locator(".inbox li")).to_contain_text("BABS 5% perlu dijelaskan")
