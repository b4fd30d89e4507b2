"""What the dues ledger tells members: invoice issued (with its PDF), payment received (with
the receipt), invoices overdue. Recipients: the member's active staff accounts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.urls import reverse

from akkopsi.accounts.models import User
from akkopsi.dues.models import Invoice, Payment
from akkopsi.notifications import attachments
from akkopsi.notifications.kinds import Kind
from akkopsi.notifications.recipients import member_staff
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


def invoices_issued(invoices: Sequence[Invoice]) -> None:
    """Each invoice to its member's staff, the PDF attached; constant queries for a year."""
    staff = staff_by_member({i.member_id for i in invoices})
    notify_each(
        Kind.INVOICE_ISSUED,
        [
            Notice(
                staff.get(i.member_id, []),
                {"invoice": i},
                reverse("dues:invoice_detail", args=[i.pk]),
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
