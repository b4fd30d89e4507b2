"""The documents the treasurer hands out: the receipt names what is left to pay and who
signs it; amounts in PDF tables never run together; dates in long form; "Dibatalkan"."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from akkopsi.core.pdf import column_widths
from akkopsi.core.tests.test_pdf_tables import assert_amounts_apart, pdf_text
from akkopsi.dues import exports, services
from akkopsi.dues.models import Payment
from akkopsi.dues.reports import Arrears, ArrearsRow
from akkopsi.dues.tests.conftest import pay

pytestmark = pytest.mark.django_db


def _receipt(client: Any, user: Any, payment: Payment) -> str:
    client.force_login(user)
    response = client.get(reverse("dues:receipt_pdf", args=[payment.pk]))
    assert response.status_code == 200
    return " ".join(pdf_text(response.content).split())


def test_the_receipt_shows_the_balance_left_after_this_payment_and_who_signs(
    client: Any, users: Any, invoices: Any
) -> None:
    users["treasurer"].full_name = "Siti Rahmawati"
    users["treasurer"].save()
    first = pay(invoices["6474"], "500000", users["treasurer"], paid_on=date(2015, 4, 10))
    second = pay(invoices["6474"], "400000", users["treasurer"], paid_on=date(2015, 5, 2))
    text = _receipt(client, users["bontang"], first)
    assert "Sisa tagihan" in text and "Rp1.000.000,00" in text  # 1.500.000 - 500.000
    assert "Siti Rahmawati" in text
    assert "10 April 2015" in text and "10-04-2015" not in text
    text = _receipt(client, users["bontang"], second)
    assert "Rp600.000,00" in text  # after both payments
    # Reprinted later, the first receipt still says what it said when it was issued.
    assert first.invoice_balance_after() == Decimal("1000000.00")
    services.void_payment(payment=second, reason="Transfer ditolak", by=users["treasurer"])
    assert first.invoice_balance_after() == Decimal("1000000.00")


def test_a_payment_without_an_account_is_signed_by_the_configured_treasurer(
    invoices: Any, settings: Any
) -> None:
    settings.AKKOPSI_TREASURER_NAME = "Bendahara Umum AKKOPSI"
    payment = pay(invoices["6474"], "1500000", None)
    assert payment.treasurer_name == "Bendahara Umum AKKOPSI"
    assert payment.invoice_balance_after() == Decimal("0.00")
    assert "Bendahara Umum AKKOPSI" in " ".join(pdf_text(exports.receipt_pdf(payment)).split())


def test_column_widths_give_amounts_room_and_turn_wide_tables_landscape() -> None:
    header = ["Kode", "Anggota", "Jumlah"]
    rows = [["6474", "Kota Bontang", "Rp1.234.567.890"]]
    widths, landscape = column_widths(header, rows, {2})
    assert widths[2] > widths[0] and not landscape and round(sum(widths)) == 100
    _w, landscape = column_widths(header * 3, [row * 3 for row in rows], {2, 5, 8})
    assert landscape


def test_large_amounts_in_the_arrears_pdf_never_run_together() -> None:
    big = Decimal("1234567890.00")
    row = ArrearsRow(member_id=1, code="6474", name="Kota Bontang", province="Kalimantan Timur")
    row.buckets = dict(zip(row.buckets, [big, big, big, big * 9], strict=True))
    row.credit = big
    report = Arrears(on=date(2026, 12, 3), rows=[row] * 3)
    text = pdf_text(exports.arrears(report, fmt="pdf").content)
    assert_amounts_apart(text)
    assert "Per 3 Desember 2026" in text and "03-12-2026" not in text
    assert text.count("Rp11.111.111.010") == 3  # each row's oldest bucket, whole


def test_the_statement_pdf_writes_dates_in_long_form(
    client: Any, users: Any, invoices: Any
) -> None:
    pay(invoices["6474"], "500000", users["treasurer"], paid_on=date(2015, 4, 10))
    client.force_login(users["treasurer"])
    url = reverse("dues:member_statement", args=["6474"])
    text = pdf_text(client.get(url, {"export": "pdf", "on": "2015-05-19"}).content)
    assert "10 April 2015" in text and "15 Januari 2015" in text
    assert not re.search(r"\d\d-\d\d-\d{4}", text)
    assert_amounts_apart(text)


def test_the_voided_filter_reads_dibatalkan(client: Any, users: Any, invoices: Any) -> None:
    client.force_login(users["treasurer"])
    body = client.get(reverse("dues:invoice_list")).content.decode()
    assert re.search(r'<option value="void"[^>]*>Dibatalkan</option>', body), body
