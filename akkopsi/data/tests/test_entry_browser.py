"""The Pokja staff of Kota Bontang fill and submit 2025 on a phone, without help."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from akkopsi.conftest import BROWSER_TESTS
from akkopsi.core.tests.browsing import login
from akkopsi.data.models import ApbdTotal, Indicator, IndicatorValue, ReportingYear, Submission

pytestmark = BROWSER_TESTS


@pytest.fixture
def last_year(members: Any) -> None:
    ReportingYear.objects.create(year=2025, opens_on=date(2026, 1, 1), deadline=date(2026, 3, 31))
    bontang = members["6474"]
    for code, value in [("akses_layak", "74.2"), ("ssk_tahun", "2011"), ("sk_pokja", "1")]:
        IndicatorValue.objects.create(
            member=bontang, indicator=Indicator.objects.get(code=code), year=2024, value=value
        )
    ApbdTotal.objects.create(member=bontang, year=2024, stage="planned", amount=Decimal("9e11"))


def _no_horizontal_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_staff_fill_fix_and_submit_2025_at_phone_width(
    live_server: Any, users: Any, last_year: Any, phone: Any
) -> None:
    base = live_server.url
    login(phone, base, "staf-6474")
    assert "/akun/masuk/" not in phone.url

    phone.goto(f"{base}/data/anggota/6474/2025/isi/")
    expect(phone.locator("h1")).to_contain_text("2025")
    layak = phone.locator("#id_ind_akses_layak")
    field = phone.locator(".entry-field", has=layak)
    expect(field).to_contain_text("Tahun lalu: 74,2%")
    expect(layak).to_have_value("")  # shown beside the field, not copied into it
    expect(phone.locator(".entry-field", has=phone.locator("#id_ind_ssk_tahun"))).to_contain_text(
        "Tahun lalu: 2011"
    )
    expect(phone.locator("#id_ind_ssk_tahun")).to_have_attribute("type", "number")
    expect(phone.locator("label", has_text="Ya").first).to_be_visible()
    _no_horizontal_scroll(phone)

    # A mistake: the summary at the top names the indicator by its label and links to it
    layak.fill("150")
    phone.locator("#id_apbd_planned").press_sequentially("1234567")
    expect(phone.locator("#id_apbd_planned")).to_have_value("1.234.567")  # grouped as typed
    phone.click("#entry-form button[type=submit]")
    summary = phone.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Ada 1 masalah")
    expect(summary).to_contain_text(
        "Rumah tangga dengan akses sanitasi layak harus di antara 0 dan 100"
    )
    expect(summary).not_to_contain_text("akses_layak")
    summary.locator("a").first.click()
    expect(layak).to_be_focused()
    _no_horizontal_scroll(phone)

    # Fixed with last year's value, on request; the amount kept its grouping
    field.get_by_role("button", name="pakai nilai tahun lalu").click()
    expect(layak).to_have_value("74,2")
    phone.click("#entry-form button[type=submit]")
    expect(phone.locator(".messages")).to_contain_text("Data tahun 2025 tersimpan")
    expect(phone.locator("#id_apbd_planned")).to_have_value("1.234.567")

    phone.get_by_role("button", name="Ajukan data ke sekretariat").click()
    expect(phone.locator("#entry-status")).to_contain_text("Diajukan pada")
    expect(phone.locator("#entry-status")).to_contain_text("menunggu verifikasi sekretariat")
    expect(layak).to_be_disabled()
    expect(layak).to_have_value("74,2")
    expect(phone.get_by_role("link", name="Minta dibuka kembali")).to_be_visible()
    _no_horizontal_scroll(phone)
    assert Submission.objects.get(year=2025).status == "submitted"
    assert ApbdTotal.objects.get(year=2025).amount == Decimal("1234567")
