"""What the dues ledger tells members: invoice issued (with its PDF), payment received (with
the receipt), invoices overdue. Recipients: the member's active staff accounts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.urls import reverse

from akkopsi.accounts.models import Role, User
from akkopsi.dues.models import Invoice, Payment, PaymentNotice, WaiverRequest
from akkopsi.notifications import attachments
from akkopsi.notifications.kinds import Kind
from akkopsi.notifications.recipients import member_staff, with_role
from akkopsi.notifications.services import Notice, notify, notify_each

INVOICE_PDF = "dues.invoice_pdf"
RECEIPT_PDF = "dues.receipt_pdf"


def _file_name(number: str) -> str:
    return f"{number.replace('/', '-')}.pdf"


def _invoice_attachment(pk: int) -> attachments.Attachment:
    from akkopsi.dues.exports import invoice_pdf  # WeasyPrint loads late

    invoice = Invoice.objects.select_related("member__regency", "schedule").get(pk=pk)
    return attachments.Attachment(
        _file_name(invoice.number), invoice_pdf(invoice), "application/pdf"
    )


def _receipt_attachment(pk: int) -> attachments.Attachment:
    from akkopsi.dues.exports import receipt_pdf

    payment = Payment.objects.select_related("receipt", "invoice", "member__regency").get(pk=pk)
    return attachments.Attachment(
        _file_name(payment.receipt.number), receipt_pdf(payment), "application/pdf"
    )


def register_attachments() -> None:
    """Called by DuesConfig.ready (ADR 0043)."""
    attachments.register(INVOICE_PDF, _invoice_attachment)
    attachments.register(RECEIPT_PDF, _receipt_attachment)


def staff_by_member(member_ids: Iterable[int]) -> dict[int, list[User]]:
    found: dict[int, list[User]] = defaultdict(list)
    for user in member_staff(member_ids):
        found[user.member_id].append(user)  # type: ignore[index]
    return found


#: A primary key no invoice has, reversed in its place (the int converter takes any digits).
_PK_PLACEHOLDER = 987654321987654321


def _invoice_link() -> tuple[str, str]:
    """``reverse("dues:invoice_detail")`` split around the key, so that ``head + str(pk) +
    tail`` is the invoice's link: reversed once per call of :func:`invoices_issued`, not once
    per invoice (6,162 in the demo: 0.33 CPU s)."""
    url = reverse("dues:invoice_detail", args=[_PK_PLACEHOLDER])
    head, placeholder, tail = url.partition(str(_PK_PLACEHOLDER))
    assert placeholder, url
    return head, tail


def invoices_issued(invoices: Sequence[Invoice]) -> None:
    """Each invoice to its member's staff, the PDF attached; constant queries for a year."""
    staff = staff_by_member({i.member_id for i in invoices})
    head, tail = _invoice_link()
    notify_each(
        Kind.INVOICE_ISSUED,
        [
            Notice(
                staff.get(i.member_id, []),
                {"invoice": i},
                f"{head}{i.pk}{tail}",
                [(INVOICE_PDF, i.pk)],
            )
            for i in invoices
        ],
    )


def payment_received(payment: Payment) -> None:
    notify(
        member_staff([payment.member_id]),
        Kind.PAYMENT_RECEIVED,
        context={"payment": payment, "invoice": payment.invoice, "receipt": payment.receipt},
        link=reverse("dues:invoice_detail", args=[payment.invoice_id]),
        attachments=[(RECEIPT_PDF, payment.pk)],
    )


def _treasurers() -> list[User]:
    return list(with_role(Role.TREASURER))


def payment_reported(notice: PaymentNotice) -> None:
    """A member's staff say they paid: the treasurers are told, the link opens the decision."""
    notify(
        _treasurers(),
        Kind.PAYMENT_REPORTED,
        context={"notice": notice, "invoice": notice.invoice, "member": notice.member},
        link=reverse("dues:notice_record", args=[notice.pk]),
    )


def notice_rejected(notice: PaymentNotice) -> None:
    notify(
        member_staff([notice.member_id]),
        Kind.PAYMENT_NOTICE_REJECTED,
        context={"notice": notice, "invoice": notice.invoice},
        link=reverse("dues:invoice_detail", args=[notice.invoice_id]),
    )


def waiver_requested(request: WaiverRequest) -> None:
    notify(
        _treasurers(),
        Kind.WAIVER_REQUESTED,
        context={"request": request, "invoice": request.invoice, "member": request.member},
        link=reverse("dues:waiver_request_grant", args=[request.pk]),
    )


def waiver_decided(request: WaiverRequest) -> None:
    """Granted or refused: the member's staff are told (a waiver sends no other notice)."""
    notify(
        member_staff([request.member_id]),
        Kind.WAIVER_DECIDED,
        context={"request": request, "invoice": request.invoice, "waiver": request.waiver},
        link=reverse("dues:invoice_detail", args=[request.invoice_id]),
    )
