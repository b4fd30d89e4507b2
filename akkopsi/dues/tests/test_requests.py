"""Payment notices and waiver requests of member staff, and the treasurer's decisions:
the rules, who may do what, the treasurer's queue and the notifications."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from akkopsi.dues import queues, services
from akkopsi.dues.choices import NoticeStatus, WaiverRequestStatus
from akkopsi.dues.models import Payment, PaymentNotice, Waiver, WaiverRequest
from akkopsi.notifications.kinds import Kind
from akkopsi.notifications.models import Notification

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def _notice(invoice: Any, by: Any, amount: str = "500000", **extra: Any) -> PaymentNotice:
    return services.report_payment(
        invoice=invoice,
        amount=Decimal(amount),
        paid_on=extra.pop("paid_on", date(2015, 4, 10)),
        method="transfer",
        bank_reference=extra.pop("bank_reference", "TRF-1"),
        by=by,
        **extra,
    )


def _kinds(user: Any) -> list[str]:
    """What ``user`` was told since the invoices were issued."""
    told = Notification.objects.filter(recipient=user).exclude(kind=Kind.INVOICE_ISSUED)
    return list(told.values_list("kind", flat=True))


def test_a_reported_payment_is_recorded_once_and_staff_hear_of_it_once(
    users: Any, invoices: Any
) -> None:
    invoice, staff, treasurer = invoices["6474"], users["bontang"], users["treasurer"]
    proof = SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf")
    notice = _notice(invoice, staff, proof=proof)
    assert notice.status == NoticeStatus.PENDING and notice.proof.name.endswith(".pdf")
    assert _kinds(treasurer) == [Kind.PAYMENT_REPORTED]
    assert notice.history.count() == 1
    data = {"amount": notice.amount, "paid_on": notice.paid_on, "method": "transfer"}
    payment = services.record_notice(notice=notice, by=treasurer, bank_reference="TRF-1", **data)
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.RECORDED and notice.payment == payment
    assert notice.decided_by == treasurer and notice.history.count() == 2
    assert services.invoice_balance(invoice) == Decimal("1000000.00")
    assert _kinds(staff) == [Kind.PAYMENT_RECEIVED]  # the receipt, no second message
    with pytest.raises(ValidationError, match="sudah diputuskan"):
        services.record_notice(notice=notice, by=treasurer, bank_reference="TRF-1", **data)
    assert Payment.objects.count() == 1


def test_the_same_notice_key_stores_one_payment(users: Any, invoices: Any) -> None:
    notice = _notice(invoices["6474"], users["bontang"])
    key = services.requests.notice_key(notice)
    assert key == services.requests.notice_key(notice)
    from akkopsi.dues.tests.conftest import pay

    first = pay(invoices["6474"], "500000", users["treasurer"], key=key, bank_reference="TRF-1")
    again = services.record_notice(
        notice=notice,
        by=users["treasurer"],
        amount=Decimal("500000"),
        paid_on=date(2015, 4, 10),
        method="transfer",
        bank_reference="TRF-1",
    )
    assert again.pk == first.pk and again.replayed and Payment.objects.count() == 1


def test_a_payment_above_the_balance_may_be_reported(users: Any, invoices: Any) -> None:
    notice = _notice(invoices["6474"], users["bontang"], amount="2000000")
    assert notice.amount == Decimal("2000000")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bukti.exe", b"MZ....", "PDF, JPG atau PNG"),
        ("bukti.pdf", b"<html>", "PDF, JPG atau PNG"),
        ("bukti.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024), "lebih besar dari 5 MB"),
    ],
)
def test_a_wrong_proof_file_is_refused_and_nothing_written(
    users: Any, invoices: Any, name: str, content: bytes, message: str
) -> None:
    from django.utils import translation

    with translation.override("id"), pytest.raises(ValidationError) as exc:
        _notice(invoices["6474"], users["bontang"], proof=SimpleUploadedFile(name, content))
    assert message in str(exc.value.message_dict["proof"])
    assert not PaymentNotice.objects.exists()
    assert not Notification.objects.exclude(kind=Kind.INVOICE_ISSUED).exists()


def test_a_rejected_notice_tells_the_staff_why(users: Any, invoices: Any) -> None:
    notice = _notice(invoices["6474"], users["bontang"])
    with pytest.raises(ValidationError):
        services.reject_notice(notice=notice, reason=" ", by=users["treasurer"])
    services.reject_notice(notice=notice, reason="Tidak ada di rekening", by=users["treasurer"])
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.REJECTED
    assert notice.decision_note == "Tidak ada di rekening"
    assert _kinds(users["bontang"]) == [Kind.PAYMENT_NOTICE_REJECTED]
    assert not Payment.objects.exists()


def test_a_waiver_request_above_the_balance_is_refused(users: Any, invoices: Any) -> None:
    from django.utils import translation

    with translation.override("id"), pytest.raises(ValidationError) as exc:
        services.request_waiver(
            invoice=invoices["6474"],
            amount=Decimal("1500001"),
            reason="Bencana",
            by=users["bontang"],
        )
    assert "Rp1.500.000" in str(exc.value.message_dict["amount"])
    assert not WaiverRequest.objects.exists()


def test_granting_a_request_waives_through_the_service(users: Any, invoices: Any) -> None:
    invoice, staff, treasurer = invoices["6474"], users["bontang"], users["treasurer"]
    request = services.request_waiver(
        invoice=invoice, amount=Decimal("500000"), reason="Banjir 2015", by=staff
    )
    assert _kinds(treasurer) == [Kind.WAIVER_REQUESTED]
    waiver = services.grant_waiver_request(
        request=request,
        decided_on=date(2015, 5, 1),
        decision_reference="Keputusan Dewan 3/2015",
        reason="Banjir 2015",
        amount=request.amount,
        by=treasurer,
    )
    request.refresh_from_db()
    assert request.status == WaiverRequestStatus.GRANTED and request.waiver == waiver
    assert services.invoice_balance(invoice) == Decimal("1000000.00")
    assert _kinds(staff) == [Kind.WAIVER_DECIDED]
    assert Waiver.objects.count() == 1


def test_refusing_a_request_writes_no_waiver(users: Any, invoices: Any) -> None:
    request = services.request_waiver(invoice=invoices["6474"], reason="x", by=users["bontang"])
    services.refuse_waiver_request(request=request, reason="Tidak memenuhi", by=users["treasurer"])
    request.refresh_from_db()
    assert request.status == WaiverRequestStatus.REFUSED and not Waiver.objects.exists()
    assert services.invoice_balance(invoices["6474"]) == Decimal("1500000.00")


def test_the_queues_list_pending_requests_oldest_first_in_constant_queries(
    users: Any, invoices: Any, django_assert_max_num_queries: Any
) -> None:
    first = _notice(invoices["6474"], users["bontang"])
    second = _notice(invoices["6471"], users["balikpapan"])
    rejected = _notice(invoices["6474"], users["bontang"])
    services.reject_notice(notice=rejected, reason="dobel", by=users["treasurer"])
    services.request_waiver(invoice=invoices["6471"], reason="x", by=users["balikpapan"])
    with django_assert_max_num_queries(4):
        notices = queues.payments_to_record(10)
        waivers = queues.waivers_awaiting_decision(10)
    assert notices.count == 2 and [n.pk for n in notices.items] == [first.pk, second.pk]
    assert waivers.count == 1
