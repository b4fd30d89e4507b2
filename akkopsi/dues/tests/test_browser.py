"""Acceptance: the treasurer opens an invoice and downloads a payment's receipt, which says
what is left to pay, who signs it, and the day in words."""

from __future__ import annotations

import subprocess
from datetime import date
from typing import Any

from playwright.sync_api import expect

from akkopsi.conftest import BROWSER_TESTS
from akkopsi.core.tests.browsing import login
from akkopsi.dues.tests.conftest import pay

pytestmark = BROWSER_TESTS


def test_the_treasurer_downloads_a_receipt_with_the_balance_left(
    live_server: Any, users: Any, invoices: Any, phone: Any
) -> None:
    treasurer = users["treasurer"]
    treasurer.full_name = "Siti Rahmawati"
    treasurer.save()
    payment = pay(invoices["6474"], "500000", treasurer, paid_on=date(2015, 4, 10))
    base = live_server.url
    page = phone
    login(page, base, "bendahara", lands_on="/beranda/")  # each role lands on its own home

    page.goto(f"{base}/iuran/tagihan/")
    expect(page.locator("select[name=status]")).to_contain_text("Dibatalkan")
    page.click(f"text={invoices['6474'].number}")
    expect(page.locator("h1")).to_contain_text(invoices["6474"].number)
    receipt = page.locator(f"a:has-text('{payment.receipt.number}')")
    expect(receipt).to_be_visible()
    response = page.request.get(base + receipt.get_attribute("href"))  # the session's cookies
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.body(), capture_output=True, check=True
    ).stdout.decode()
    text = " ".join(text.split())
    assert "Sisa tagihan" in text and "Rp1.000.000,00" in text
    assert "Siti Rahmawati" in text
    assert "10 April 2015" in text
