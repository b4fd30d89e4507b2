"""The pages of payment notices and waiver requests: who may open them (each role), the
forms as staff and the treasurer fill them, the files, and the treasurer's home."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from akkopsi.dues import services
from akkopsi.dues.choices import NoticeStatus, WaiverRequestStatus
from akkopsi.dues.models import Payment, PaymentNotice, Waiver, WaiverRequest
from akkopsi.notifications.kinds import Kind
from akkopsi.notifications.models import Notification

pytestmark = pytest.mark.django_db

ROLES = ["public", "bontang", "balikpapan", "secretariat", "treasurer", "jury", "admin"]
PDF = b"%PDF-1.4\n%bukti\n"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.AKKOPSI_DEMO_DATE = "2015-05-01"


def _as(client: Any, users: Any, role: str) -> Any:
    if role != "public":
        client.force_login(users[role])
    return client


@pytest.fixture
def notice(invoices: Any, users: Any) -> PaymentNotice:
    proof = SimpleUploadedFile("bukti.pdf", PDF)
    return services.report_payment(
        invoice=invoices["6474"],
        amount=Decimal("500000"),
        paid_on=date(2015, 4, 10),
        method="transfer",
        bank_reference="BNI 0042",
        proof=proof,
        by=users["bontang"],
    )


@pytest.fixture
def waiver_request(invoices: Any, users: Any) -> WaiverRequest:
    return services.request_waiver(
        invoice=invoices["6474"], amount=Decimal("300000"), reason="Banjir", by=users["bontang"]
    )


# Opening the staff forms: only Bontang's own staff (others of the scope 403, out of it 404).
STAFF_FORM = {
    "public": 302,
    "bontang": 200,
    "balikpapan": 404,
    "secretariat": 403,
    "treasurer": 403,
    "jury": 403,
    "admin": 403,
}
# Deciding: the treasurer and the administrator; Bontang's staff and the secretariat see the
# dues but may not decide (403); Balikpapan's staff do not see it (404).
DECIDE = {
    "public": 302,
    "bontang": 403,
    "balikpapan": 404,
    "secretariat": 403,
    "treasurer": 200,
    "jury": 403,
    "admin": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_report_and_who_may_decide(
    client: Any, users: Any, invoices: Any, notice: Any, waiver_request: Any, role: str
) -> None:
    client = _as(client, users, role)
    pk = invoices["6474"].pk
    for name in ("notice_create", "waiver_request_create"):
        assert client.get(f"/iuran/tagihan/{pk}/{_path(name)}/").status_code == STAFF_FORM[role]
    for url in (
        f"/iuran/konfirmasi/{notice.pk}/",
        f"/iuran/konfirmasi/{notice.pk}/tolak/",
        f"/iuran/keringanan/{waiver_request.pk}/",
        f"/iuran/keringanan/{waiver_request.pk}/tolak/",
    ):
        assert client.get(url).status_code == DECIDE[role], url
    proof = client.get(notice.proof.url)
    seen = role in {"bontang", "secretariat", "treasurer", "admin"}
    assert proof.status_code == (200 if seen else 404)


def _path(name: str) -> str:
    return {"notice_create": "konfirmasi-bayar", "waiver_request_create": "ajukan-keringanan"}[name]


def test_staff_see_the_buttons_only_on_their_own_open_invoice(
    client: Any, users: Any, invoices: Any
) -> None:
    pk = invoices["6474"].pk
    html = _as(client, users, "bontang").get(f"/iuran/tagihan/{pk}/").content.decode()
    assert "Konfirmasi pembayaran" in html and "Ajukan keringanan" in html
    html = _as(client, users, "treasurer").get(f"/iuran/tagihan/{pk}/").content.decode()
    assert "Ajukan keringanan" not in html


def test_staff_report_a_payment_with_its_proof(client: Any, users: Any, invoices: Any) -> None:
    invoice = invoices["6474"]
    page = _as(client, users, "bontang").post(
        f"/iuran/tagihan/{invoice.pk}/konfirmasi-bayar/",
        {
            "amount": "1.500.000",
            "paid_on": "2015-04-10",
            "method": "transfer",
            "bank_reference": "BNI 0042",
            "proof": SimpleUploadedFile("bukti.pdf", PDF),
        },
        follow=True,
    )
    assert "Bendahara akan memeriksa" in page.content.decode()
    notice = PaymentNotice.objects.get()
    assert notice.amount == Decimal("1500000") and notice.requested_by == users["bontang"]
    assert Notification.objects.filter(
        recipient=users["treasurer"], kind=Kind.PAYMENT_REPORTED
    ).exists()


def test_a_bad_proof_says_so_and_writes_nothing(client: Any, users: Any, invoices: Any) -> None:
    page = _as(client, users, "bontang").post(
        f"/iuran/tagihan/{invoices['6474'].pk}/konfirmasi-bayar/",
        {
            "amount": "500.000",
            "paid_on": "2015-04-10",
            "method": "transfer",
            "proof": SimpleUploadedFile("bukti.pdf", b"MZ not a pdf"),
        },
    )
    assert page.status_code == 200
    assert "Lampirkan berkas PDF, JPG atau PNG." in page.content.decode()
    assert not PaymentNotice.objects.exists()


def test_a_waiver_above_the_balance_is_refused_on_the_form(
    client: Any, users: Any, invoices: Any
) -> None:
    page = _as(client, users, "bontang").post(
        f"/iuran/tagihan/{invoices['6474'].pk}/ajukan-keringanan/",
        {"amount": "2.000.000", "reason": "Banjir"},
    )
    assert "Pembebasan tidak boleh melebihi sisa tagihan Rp1.500.000" in page.content.decode()
    assert not WaiverRequest.objects.exists()


def test_the_treasurer_records_a_notice_from_its_prefilled_form(
    client: Any, users: Any, notice: Any
) -> None:
    client = _as(client, users, "treasurer")
    form = client.get(f"/iuran/konfirmasi/{notice.pk}/").context["form"]
    assert (
        form.initial["amount"] == Decimal("500000") and form["bank_reference"].value() == "BNI 0042"
    )
    data = {
        "amount": "500.000",
        "paid_on": "2015-04-10",
        "method": "transfer",
        "bank_reference": "BNI 0042",
        "idempotency_key": form.initial["idempotency_key"],
    }
    for _ in range(2):  # a second click stores nothing more
        client.post(f"/iuran/konfirmasi/{notice.pk}/", data)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.RECORDED and Payment.objects.count() == 1
    told = Notification.objects.filter(recipient=users["bontang"], kind=Kind.PAYMENT_RECEIVED)
    assert told.count() == 1


def test_the_treasurer_rejects_a_notice_with_a_reason(client: Any, users: Any, notice: Any) -> None:
    client = _as(client, users, "treasurer")
    page = client.post(f"/iuran/konfirmasi/{notice.pk}/tolak/", {"reason": ""})
    assert (
        page.status_code == 200
        and not Notification.objects.filter(kind=Kind.PAYMENT_NOTICE_REJECTED).exists()
    )
    client.post(f"/iuran/konfirmasi/{notice.pk}/tolak/", {"reason": "Belum masuk rekening"})
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.REJECTED and not Payment.objects.exists()


def test_the_treasurer_grants_and_refuses_waiver_requests(
    client: Any, users: Any, invoices: Any, waiver_request: Any
) -> None:
    client = _as(client, users, "treasurer")
    page = client.get(f"/iuran/keringanan/{waiver_request.pk}/")
    assert "Banjir" in page.content.decode()
    client.post(
        f"/iuran/keringanan/{waiver_request.pk}/",
        {
            "amount": "300.000",
            "decision_reference": "Keputusan Dewan 3/2015",
            "decided_on": "2015-04-30",
            "reason": "Banjir",
        },
    )
    waiver_request.refresh_from_db()
    assert waiver_request.status == WaiverRequestStatus.GRANTED
    assert Waiver.objects.get().amount == Decimal("300000")
    assert services.invoice_balance(invoices["6474"]) == Decimal("1200000.00")
    other = services.request_waiver(invoice=invoices["6474"], reason="x", by=users["bontang"])
    client.post(f"/iuran/keringanan/{other.pk}/tolak/", {"reason": "Tidak memenuhi syarat"})
    other.refresh_from_db()
    assert other.status == WaiverRequestStatus.REFUSED and Waiver.objects.count() == 1


def test_the_treasurer_home_lists_requests_in_constant_queries(
    client: Any,
    users: Any,
    invoices: Any,
    notice: Any,
    waiver_request: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = _as(client, users, "treasurer")
    client.get("/beranda/")
    with django_assert_max_num_queries(20) as counted:
        page = client.get("/beranda/")
    before = len(counted.captured_queries)
    for invoice in (invoices["6471"], invoices["6474"]):
        services.report_payment(
            invoice=invoice,
            amount=Decimal("1000"),
            paid_on=date(2015, 4, 1),
            method="cash",
            by=users["bontang"] if invoice.member.code == "6474" else users["balikpapan"],
        )
    with django_assert_max_num_queries(before) as counted:
        page = client.get("/beranda/")
    html = page.content.decode()
    assert "Pembayaran untuk dicatat" in html and "Keringanan menunggu keputusan" in html
    home = page.context["treasurer"]
    assert home["notices"].count == 3 and home["notices"].items[0].pk == notice.pk
    assert f'href="/iuran/konfirmasi/{notice.pk}/"' in html
    assert f'href="/iuran/keringanan/{waiver_request.pk}/"' in html


def test_the_staff_home_shows_the_state_of_their_requests(
    client: Any, users: Any, notice: Any, waiver_request: Any
) -> None:
    services.reject_notice(notice=notice, reason="Belum masuk rekening", by=users["treasurer"])
    html = _as(client, users, "bontang").get("/beranda/").content.decode()
    assert "Ditolak" in html and "Belum masuk rekening" in html
    assert "Menunggu keputusan" in html
    html = _as(client, users, "balikpapan").get("/beranda/").content.decode()
    assert "Belum masuk rekening" not in html


API_COUNT = {
    "public": None,
    "bontang": 1,
    "balikpapan": 0,
    "secretariat": 1,
    "treasurer": 1,
    "jury": None,
    "admin": 1,
}


@pytest.mark.parametrize("role", ROLES)
def test_the_api_lists_requests_in_the_users_scope(
    client: Any, users: Any, notice: Any, waiver_request: Any, role: str
) -> None:
    client = _as(client, users, role)
    for url in ("/api/dues/payment-notices/", "/api/dues/waiver-requests/"):
        answer = client.get(url, {"status": "pending"})
        if API_COUNT[role] is None:
            assert answer.status_code in (401, 403), url
            continue
        rows = answer.json()["results"]
        assert len(rows) == API_COUNT[role], url
    if role == "treasurer":
        [row] = client.get("/api/dues/payment-notices/").json()["results"]
        assert row["amount"] == "500000.00" and row["invoice_number"] == notice.invoice.number
        assert client.get("/api/dues/waiver-requests/", {"status": "granted"}).json()["count"] == 0
