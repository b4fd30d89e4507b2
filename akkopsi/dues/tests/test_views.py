"""Dues pages: who sees what (the role x ownership matrix), forms, exports, query counts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from akkopsi.core.tests.confirming import confirm
from akkopsi.dues import services
from akkopsi.dues.models import Invoice, Payment
from akkopsi.dues.tests.conftest import make_schedule, pay
from akkopsi.dues.tests.test_generation import _add_members

pytestmark = pytest.mark.django_db

ROLES = ["public", "bontang", "balikpapan", "secretariat", "treasurer", "jury", "admin"]


def _as(client: Any, users: Any, role: str) -> Any:
    if role != "public":
        client.force_login(users[role])
    return client


def _status(client: Any, url: str, method: str = "get") -> int:
    return int(getattr(client, method)(url).status_code)


@pytest.fixture
def paid(invoices: Any, users: Any) -> Payment:
    return pay(invoices["6474"], "1500000", users["treasurer"], bank_reference="BNI 0042")


# Expected status per role: Bontang's invoice, statement and receipt (staff of Balikpapan
# get 404 for documents and 403 for the statement: nothing about Bontang leaks).
MATRIX = {
    "invoice_detail": [302, 200, 404, 200, 200, 403, 200],
    "receipt_pdf": [302, 200, 404, 200, 200, 403, 200],
    "member_statement": [302, 200, 403, 200, 200, 403, 200],
    "payment_create": [302, 403, 404, 403, 200, 403, 200],
    "invoice_void": [302, 403, 404, 403, 200, 403, 200],
    "waiver_create": [302, 403, 404, 403, 200, 403, 200],
    "invoice_list": [302, 200, 200, 200, 200, 403, 200],
    "arrears": [302, 403, 403, 200, 200, 403, 200],
    "schedule_list": [302, 200, 200, 200, 200, 403, 200],
    "schedule_create": [302, 403, 403, 403, 200, 403, 200],
    "invoice_generate": [302, 403, 403, 403, 200, 403, 200],
    "invoice_create": [302, 403, 403, 403, 200, 403, 200],
    "dashboard": [302, 302, 302, 200, 200, 403, 200],
}


def _url(name: str, invoice: Invoice, payment: Payment) -> str:
    if name in {"invoice_detail", "payment_create", "invoice_void", "waiver_create"}:
        return reverse(f"dues:{name}", args=[invoice.pk])
    if name == "receipt_pdf":
        return reverse("dues:receipt_pdf", args=[payment.pk])
    if name == "member_statement":
        return reverse("dues:member_statement", args=["6474"])
    return reverse(f"dues:{name}")


@pytest.mark.parametrize("name", list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_each_page_answers_each_role_as_the_matrix_says(
    client: Any, users: Any, invoices: Any, paid: Payment, name: str, role: str
) -> None:
    url = _url(name, invoices["6474"], paid)
    expected = MATRIX[name][ROLES.index(role)]
    response = _as(client, users, role).get(url)
    assert response.status_code == expected, (name, role, response.status_code)
    if expected == 302 and role == "public":
        assert response["Location"].startswith(reverse("login"))


def test_staff_of_bontang_see_only_bontang_in_the_list_and_nothing_of_balikpapan(
    client: Any, users: Any, invoices: Any, paid: Payment
) -> None:
    body = _as(client, users, "bontang").get(reverse("dues:invoice_list")).content.decode()
    assert "INV/2015/0003" in body and "Kota Bontang" in body
    assert "INV/2015/0002" not in body and "Balikpapan" not in body
    export = client.get(reverse("dues:invoice_list"), {"export": "csv", "member": "6471"})
    assert "INV/2015/0002" not in export.content.decode("utf-8-sig")
    response = client.get(reverse("dues:invoice_detail", args=[invoices["6471"].pk]))
    assert response.status_code == 404 and "Balikpapan" not in response.content.decode()


def test_staff_get_the_dues_entry_in_the_navigation_for_their_own_member(
    client: Any, users: Any, invoices: Any
) -> None:
    body = _as(client, users, "bontang").get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("dues:member_statement", args=["6474"])}"' in body and ">Iuran<" in body
    client.force_login(users["treasurer"])
    assert (
        f'href="{reverse("dues:dashboard")}"' in client.get(reverse("portal:home")).content.decode()
    )
    client.force_login(users["jury"])
    assert ">Iuran<" not in client.get(reverse("portal:home")).content.decode()


def test_the_member_page_links_to_the_statement_only_when_allowed(
    client: Any, users: Any, invoices: Any
) -> None:
    link = reverse("dues:member_statement", args=["6474"])
    page = reverse("members:member_detail", args=["6474"])
    assert link not in client.get(page).content.decode()
    _as(client, users, "bontang")
    assert link in client.get(page).content.decode()
    client.force_login(users["balikpapan"])
    assert link not in client.get(page).content.decode()


def test_the_dashboard_shows_the_year_and_a_chart(client: Any, users: Any, paid: Any) -> None:
    response = _as(client, users, "treasurer").get(reverse("dues:dashboard"), {"on": "2015-05-19"})
    body = response.content.decode()
    assert "Rp5.000.000" in body and "Rp1.500.000" in body and "30,0%" in body
    assert 'class="chart" role="img"' in body and 'class="chart-data"' in body


def test_pages_carry_no_inline_script_or_style(client: Any, users: Any, paid: Any) -> None:
    _as(client, users, "treasurer")
    for url in [
        reverse("dues:dashboard"),
        reverse("dues:invoice_list"),
        reverse("dues:invoice_detail", args=[paid.invoice_id]),
        reverse("dues:member_statement", args=["6474"]),
        reverse("dues:arrears"),
        reverse("dues:schedule_list"),
        reverse("dues:payment_create", args=[paid.invoice_id]),
    ]:
        body = client.get(url).content.decode()
        assert "<script>" not in body and ' style="' not in body, url


def test_recording_a_payment_by_the_form_twice_stores_it_once(
    client: Any, users: Any, invoices: Any
) -> None:
    url = reverse("dues:payment_create", args=[invoices["6471"].pk])
    _as(client, users, "treasurer")
    key = client.get(url).context["form"].initial["idempotency_key"]
    data = {
        "amount": "1.500.000",
        "paid_on": "2015-04-10",
        "method": "transfer",
        "bank_reference": "Mandiri 77",
        "idempotency_key": key,
    }
    first = client.post(url, data, follow=True)
    assert "Pembayaran tercatat; kuitansi KWT/2015/0001" in first.content.decode()
    second = client.post(url, data, follow=True)
    assert "sudah tercatat" in second.content.decode()
    assert Payment.objects.count() == 1
    assert Payment.objects.get().amount == Decimal("1500000.00")


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5", "lebih dari nol"),
        ("0", "lebih dari nol"),
        ("1.500.000,555", "paling banyak dua desimal"),
        ("1500.50", "misalnya 1.500.000"),
        ("lima ribu", "misalnya 1.500.000"),
    ],
)
def test_the_payment_form_refuses_bad_amounts_in_indonesian(
    client: Any, users: Any, invoices: Any, amount: str, message: str
) -> None:
    url = reverse("dues:payment_create", args=[invoices["6471"].pk])
    data = {"amount": amount, "paid_on": "2015-04-10", "method": "cash", "idempotency_key": "k"}
    response = _as(client, users, "treasurer").post(url, data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Payment.objects.exists()


def test_the_payment_form_accepts_sen_written_the_indonesian_way(
    client: Any, users: Any, invoices: Any
) -> None:
    url = reverse("dues:payment_create", args=[invoices["6471"].pk])
    data = {
        "amount": "Rp1.234,50",
        "paid_on": "2015-04-10",
        "method": "cash",
        "idempotency_key": "k",
    }
    _as(client, users, "treasurer").post(url, data)
    assert Payment.objects.get().amount == Decimal("1234.50")


def test_voiding_by_the_form_needs_a_reason(client: Any, users: Any, paid: Payment) -> None:
    url = reverse("dues:payment_void", args=[paid.pk])
    _as(client, users, "treasurer")
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 200 and refused.context["form"].errors["reason"]
    paid.refresh_from_db()
    assert not paid.is_void
    client.post(url, {"reason": "Transfer ditolak"})
    paid.refresh_from_db()
    assert paid.is_void and paid.void_reason == "Transfer ditolak"


def test_generate_and_one_off_invoices_by_form(client: Any, users: Any, members: Any) -> None:
    make_schedule(2015, users["treasurer"])
    _as(client, users, "treasurer")
    response = client.post(
        reverse("dues:invoice_generate"), {"year": "2015", "issued_on": "2015-01-15"}
    )
    assert response.status_code == 302 and not Invoice.objects.exists()  # asked first
    response = confirm(client, response["Location"], follow=True)
    assert "3 tagihan terbit untuk 2015" in response.content.decode()
    response = client.post(
        reverse("dues:invoice_create"),
        {
            "member": "6474",
            "description": "Biaya pendaftaran CSS XV",
            "amount": "2.500.000",
            "issued_on": "2015-09-01",
            "due_on": "2015-10-31",
        },
        follow=True,
    )
    assert "INV/2015/0004" in response.content.decode()
    missing = client.post(reverse("dues:invoice_generate"), {"year": "2016"})
    assert "Belum ada jadwal iuran untuk 2016" in missing.content.decode()


def test_schedules_by_form(client: Any, users: Any, members: Any) -> None:
    _as(client, users, "treasurer")
    data = {
        "year": "2016",
        "prorate": "months",
        "due_on": "2016-03-31",
        "decided_on": "2015-11-20",
        "decision_reference": "Keputusan Rakernas VII, Padang",
        "amount_kabupaten": "2.000.000",
        "amount_kota": "1.500.000",
    }
    client.post(reverse("dues:schedule_create"), data)
    schedule = services.current_schedule(2016)
    assert schedule.amount_for("kota") == Decimal("1500000.00")
    client.post(
        reverse("dues:schedule_edit", args=[schedule.pk]), {**data, "amount_kota": "1.600.000"}
    )
    assert services.current_schedule(2016).amount_for("kota") == Decimal("1600000.00")
    services.generate_invoices(year=2016, by=users["treasurer"])
    refused = client.post(reverse("dues:schedule_edit", args=[schedule.pk]), data)
    assert "sudah berlaku" in refused.content.decode()
    client.post(reverse("dues:schedule_supersede", args=[schedule.pk]), data)
    assert services.current_schedule(2016).version == 2


def test_receipt_pdf_has_the_amount_in_words_and_the_member(
    client: Any, users: Any, paid: Payment
) -> None:
    response = _as(client, users, "bontang").get(reverse("dues:receipt_pdf", args=[paid.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content[:5] == b"%PDF-"
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "satu juta lima ratus ribu rupiah" in text.lower()
    assert "Kota Bontang" in text and "KWT/2015/0001" in text and "KUITANSI" in text
    assert "Rp1.500.000,00" in text


def test_a_void_payments_receipt_says_so(client: Any, users: Any, paid: Payment) -> None:
    services.void_payment(payment=paid, reason="Transfer ditolak bank", by=users["treasurer"])
    response = _as(client, users, "treasurer").get(reverse("dues:receipt_pdf", args=[paid.pk]))
    text = PdfReader(BytesIO(response.content)).pages[0].extract_text()
    assert "DIBATALKAN" in text and "Transfer ditolak bank" in text


@pytest.mark.parametrize("name", ["dues:dashboard", "dues:arrears"])
def test_reports_export_csv_xlsx_and_pdf(client: Any, users: Any, paid: Payment, name: str) -> None:
    _as(client, users, "secretariat")
    url = reverse(name)
    csv = client.get(url, {"export": "csv", "on": "2015-05-19"})
    assert csv["Content-Type"].startswith("text/csv")
    assert "3500000.00" in csv.content.decode("utf-8-sig")  # exact decimals, no float
    assert client.get(url, {"export": "xlsx"}).content[:2] == b"PK"
    pdf = client.get(url, {"export": "pdf", "on": "2015-05-19"})
    text = PdfReader(BytesIO(pdf.content)).pages[0].extract_text()
    assert "Rp3.500.000" in text


def test_the_statement_exports_for_the_member_itself(
    client: Any, users: Any, paid: Payment
) -> None:
    _as(client, users, "bontang")
    url = reverse("dues:member_statement", args=["6474"])
    csv = client.get(url, {"export": "csv"}).content.decode("utf-8-sig")
    assert "INV/2015/0003" in csv and "KWT/2015/0001" in csv
    pdf = client.get(url, {"export": "pdf"})
    assert "Kota Bontang" in PdfReader(BytesIO(pdf.content)).pages[0].extract_text()


def test_applying_credit_from_the_statement(client: Any, users: Any, invoices: Any) -> None:
    t = users["treasurer"]
    pay(invoices["6474"], "2000000", t)
    later = services.create_invoice(
        member=invoices["6474"].member,
        description="CSS",
        amount="300000",
        issued_on=date(2015, 9, 1),
        due_on=date(2015, 10, 1),
        by=t,
    )
    _as(client, users, "treasurer")
    client.post(reverse("dues:credit_apply", args=["6474"]))
    assert services.invoice_balance(later) == 0
    refused = client.post(reverse("dues:credit_apply", args=["6474"]), follow=True)
    assert "tidak memiliki tagihan terbuka" in refused.content.decode()


def test_invoice_list_htmx_returns_only_the_rows(client: Any, users: Any, invoices: Any) -> None:
    _as(client, users, "treasurer")
    body = client.get(reverse("dues:invoice_list"), {"year": "2015"}, HTTP_HX_REQUEST="true")
    assert "<table" in body.content.decode() and "<html" not in body.content.decode()


def test_invoice_list_filters_by_status_and_year(client: Any, users: Any, paid: Any) -> None:
    _as(client, users, "treasurer")
    url = reverse("dues:invoice_list")
    assert client.get(url, {"status": "paid"}).context["count"] == 1
    assert client.get(url, {"status": "overdue"}).context["count"] == 2
    assert client.get(url, {"year": "2014"}).context["count"] == 0
    assert client.get(url, {"q": "Buleleng"}).context["count"] == 1


def test_invoice_list_queries_do_not_grow_with_invoices(
    client: Any, users: Any, members: Any, django_assert_max_num_queries: Any
) -> None:
    t = users["treasurer"]
    make_schedule(2015, t)
    services.generate_invoices(year=2015, by=t, issued_on=date(2015, 1, 15))
    _as(client, users, "treasurer")
    url = reverse("dues:invoice_list")
    client.get(url)  # warm up
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _add_members(40, 0)
    make_schedule(2016, t)
    services.generate_invoices(year=2016, by=t, issued_on=date(2016, 1, 15))
    for invoice in Invoice.objects.filter(year=2016)[:10]:
        pay(invoice, "100000", t, paid_on=date(2016, 2, 1))
    with django_assert_max_num_queries(len(small)):
        response = client.get(url)
    assert response.context["count"] == 45


def _queries(client: Any, url: str, query: dict[str, str]) -> int:
    client.get(url, query)  # warm up
    with CaptureQueriesContext(connection) as captured:
        client.get(url, query)
    return len(captured)


@pytest.mark.parametrize(
    ("name", "args", "query"),
    [
        ("dues:arrears", [], {"on": "2016-06-30"}),
        ("dues:dashboard", [], {"on": "2016-06-30"}),
        ("dues:member_statement", ["6474"], {"on": "2016-06-30"}),
    ],
)
def test_report_pages_queries_do_not_grow_with_members(
    client: Any,
    users: Any,
    members: Any,
    django_assert_max_num_queries: Any,
    name: str,
    args: list[str],
    query: dict[str, str],
) -> None:
    t = users["treasurer"]
    make_schedule(2015, t)
    services.generate_invoices(year=2015, by=t, issued_on=date(2015, 1, 15))
    _as(client, users, "treasurer")
    url = reverse(name, args=args)
    small = _queries(client, url, query)
    _add_members(40, 0)
    make_schedule(2016, t)
    services.generate_invoices(year=2016, by=t, issued_on=date(2016, 1, 15))
    for invoice in Invoice.objects.filter(year=2016)[:10]:
        pay(invoice, "100000", t, paid_on=date(2016, 2, 1))
    with django_assert_max_num_queries(small):
        response = client.get(url, query)
    assert response.status_code == 200
