"""Acceptance on a phone-sized screen: Kota Bontang's staff confirm a payment on an open
invoice with its proof; the treasurer finds it on her home under "Pembayaran untuk dicatat",
records it from the pre-filled form; the staff then see the invoice paid."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from akkopsi.conftest import BROWSER_TESTS, PASSWORD
from akkopsi.dues.models import PaymentNotice

pytestmark = BROWSER_TESTS


def _sign_in(page: Any, base: str, username: str) -> Any:
    """A fresh session on a phone-sized screen: sign in, land on one's home."""
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/akun/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"{base}/beranda/")
    return page


def test_staff_confirm_a_payment_and_the_treasurer_records_it(
    live_server: Any, users: Any, invoices: Any, page: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    invoice = invoices["6474"]
    base = live_server.url

    staff = _sign_in(page, base, "staf-6474")
    staff.locator("#queue-invoices").get_by_role("link", name=invoice.number).click()
    expect(staff.locator("h1")).to_contain_text(invoice.number)
    staff.get_by_role("link", name="Konfirmasi pembayaran").click()
    staff.fill("input[name=amount]", "1.500.000")
    staff.fill("input[name=paid_on]", "2015-04-10")
    staff.select_option("select[name=method]", "transfer")
    staff.fill("input[name=bank_reference]", "BNI 0042")
    staff.set_input_files(
        "input[name=proof]",
        {"name": "bukti.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%bukti\n"},
    )
    staff.click("form.form button[type=submit]")
    expect(staff.locator("body")).to_contain_text("Bendahara akan memeriksa")
    expect(staff.locator("#requests")).to_contain_text("Menunggu bendahara")
    notice = PaymentNotice.objects.get()

    treasurer = _sign_in(page, base, "bendahara")
    queue = treasurer.locator("#queue-notices")
    expect(queue.locator("h2")).to_contain_text("Pembayaran untuk dicatat")
    expect(queue).to_contain_text("Rp1.500.000")
    queue.get_by_role("link", name=invoice.number).click()
    treasurer.wait_for_url(f"{base}/iuran/konfirmasi/{notice.pk}/")
    expect(treasurer.locator("#request")).to_contain_text("BNI 0042")
    expect(treasurer.locator("input[name=bank_reference]")).to_have_value("BNI 0042")
    treasurer.click("form.form button[type=submit]")
    expect(treasurer.locator("body")).to_contain_text("dicatat dari konfirmasi anggota")
    treasurer.goto(f"{base}/beranda/")
    expect(treasurer.locator("#queue-notices")).to_contain_text("Tidak ada yang menunggu")

    staff = _sign_in(page, base, "staf-6474")
    expect(staff.locator("#dues-requests")).to_contain_text("Tercatat")
    staff.goto(f"{base}/iuran/tagihan/{invoice.pk}/")
    expect(staff.locator(".page-head")).to_contain_text("Lunas")
    expect(staff.get_by_role("link", name="Konfirmasi pembayaran")).to_have_count(0)
