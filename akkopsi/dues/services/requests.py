"""Payment notices and waiver requests of member staff, and the treasurer's decisions.

A notice is recorded through the one ``record_payment`` (its idempotency key derived from
the notice, so a second click stores nothing twice); a request is granted through the one
``waive``. Staff hear of a recorded payment by its receipt (``notices.payment_received``),
of any other decision by its own notification; the treasurers hear of each new request.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import FileExtensionValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from akkopsi.accounts.models import User
from akkopsi.core.history import save_with_history
from akkopsi.dues import notices
from akkopsi.dues.choices import NoticeStatus, PaymentMethod, WaiverRequestStatus
from akkopsi.dues.models import Invoice, Payment, PaymentNotice, Waiver, WaiverRequest
from akkopsi.dues.models.requests import ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES
from akkopsi.dues.services.common import (
    check_amount,
    ensure_live,
    invoice_balance,
    lock_invoice,
    not_future,
    rupiah,
)
from akkopsi.dues.services.credit import waive
from akkopsi.dues.services.payments import new_idempotency_key, record_payment

#: The first bytes of the files accepted, by extension (a renamed file is refused).
_SIGNATURES = {"pdf": (b"%PDF-",), "png": (b"\x89PNG",), "jpg": (b"\xff\xd8\xff",)}


def check_attachment(file: UploadedFile | None, field: str) -> None:
    """One PDF, JPG or PNG file of at most 5 MB whose content is what its name says."""
    if not file:
        return
    mb = ATTACHMENT_MAX_BYTES // (1024 * 1024)
    if (file.size or 0) > ATTACHMENT_MAX_BYTES:
        raise ValidationError({field: _("The file is larger than %(mb)s MB.") % {"mb": mb}})
    wrong = _("Attach a PDF, JPG or PNG file.")
    try:
        FileExtensionValidator(ATTACHMENT_TYPES)(file)
    except ValidationError as exc:
        raise ValidationError({field: wrong}) from exc
    ext = (file.name or "").rsplit(".", 1)[-1].lower().replace("jpeg", "jpg")
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if not head.startswith(_SIGNATURES[ext]):
        raise ValidationError({field: wrong})


def _open_invoice(invoice: Invoice) -> tuple[Invoice, Any]:
    invoice = lock_invoice(invoice)
    ensure_live(invoice)
    balance = invoice_balance(invoice)
    if balance <= 0:
        raise ValidationError(
            _("Invoice %(number)s has nothing left to pay.") % {"number": invoice.number}
        )
    return invoice, balance


@transaction.atomic
def report_payment(
    *,
    invoice: Invoice,
    amount: Any,
    paid_on: date,
    method: str,
    by: User,
    bank_reference: str = "",
    proof: UploadedFile | None = None,
) -> PaymentNotice:
    """Member staff say they paid ``invoice``; more than its balance is allowed (the
    payment service keeps the excess as credit). The treasurers are told."""
    amount = check_amount(amount)
    not_future(paid_on, "paid_on")
    if method not in PaymentMethod.values:
        raise ValidationError({"method": _("Choose how the money was paid.")})
    check_attachment(proof, "proof")
    invoice, _balance = _open_invoice(invoice)
    if paid_on < invoice.issued_on:
        raise ValidationError(
            {"paid_on": _("The payment date cannot be before the invoice was issued.")}
        )
    notice = PaymentNotice(
        member_id=invoice.member_id,
        invoice=invoice,
        amount=amount,
        paid_on=paid_on,
        method=method,
        bank_reference=(bank_reference or "").strip()[:100],
        requested_by=by,
    )
    if proof:
        notice.proof = proof
    save_with_history(notice, by=by)
    notices.payment_reported(notice)
    return notice


def _pending(model: type[Any], pk: int) -> Any:
    record = model.objects.select_for_update().select_related("invoice").get(pk=pk)
    if not record.is_pending:
        raise ValidationError(_("This request was already decided."))
    return record


def _decide(record: Any, status: str, by: User, note: str = "", **links: Any) -> None:
    record.status = status
    record.decided_by = by
    record.decided_at = timezone.now()
    record.decision_note = note
    for name, value in links.items():
        setattr(record, name, value)
    save_with_history(record, by=by, reason=str(record.get_status_display()))


def notice_key(notice: PaymentNotice) -> str:
    """The idempotency key of the payment recorded from ``notice``: one payment per notice."""
    return new_idempotency_key("payment-notice", notice.pk)


@transaction.atomic
def record_notice(*, notice: PaymentNotice, by: User, **payment: Any) -> Payment:
    """Record the payment a notice reports (``payment``: the record_payment arguments the
    treasurer checked: amount, paid_on, method, bank_reference, note). Staff are told by
    the payment's receipt."""
    notice = _pending(PaymentNotice, notice.pk)
    created = record_payment(
        invoice=notice.invoice, idempotency_key=notice_key(notice), by=by, **payment
    )
    _decide(notice, NoticeStatus.RECORDED, by, payment=created)
    return created


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason, so that the member knows why.")})
    return reason


def _turn_down(model: type[Any], record: Any, status: str, reason: str, by: User) -> Any:
    """Reject a notice or refuse a request, with the reason the member's staff are told."""
    reason = _reason(reason)
    record = _pending(model, record.pk)
    _decide(record, status, by, reason)
    return record


@transaction.atomic
def reject_notice(*, notice: PaymentNotice, reason: str, by: User) -> PaymentNotice:
    notice = _turn_down(PaymentNotice, notice, NoticeStatus.REJECTED, reason, by)
    notices.notice_rejected(notice)
    return notice


@transaction.atomic
def request_waiver(
    *,
    invoice: Invoice,
    reason: str,
    by: User,
    amount: Any = None,
    letter: UploadedFile | None = None,
) -> WaiverRequest:
    """Member staff ask that (``amount`` of, else all of) an invoice's balance be waived."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the waiver.")})
    amount = None if amount in (None, "") else check_amount(amount)
    check_attachment(letter, "letter")
    invoice, balance = _open_invoice(invoice)
    if amount is not None and amount > balance:
        raise ValidationError(
            {
                "amount": _("A waiver cannot exceed the balance of %(balance)s.")
                % {"balance": rupiah(balance)}
            }
        )
    request = WaiverRequest(
        member_id=invoice.member_id, invoice=invoice, amount=amount, reason=reason, requested_by=by
    )
    if letter:
        request.letter = letter
    save_with_history(request, by=by)
    notices.waiver_requested(request)
    return request


@transaction.atomic
def grant_waiver_request(
    *,
    request: WaiverRequest,
    decided_on: date,
    decision_reference: str,
    reason: str,
    by: User,
    amount: Any = None,
) -> Waiver:
    """Grant a request through the one ``waive`` (the board's decision date and reference)."""
    request = _pending(WaiverRequest, request.pk)
    waiver = waive(
        invoice=request.invoice,
        decision_reference=decision_reference,
        decided_on=decided_on,
        reason=reason,
        amount=amount,
        by=by,
    )
    _decide(request, WaiverRequestStatus.GRANTED, by, reason, waiver=waiver)
    notices.waiver_decided(request)
    return waiver


@transaction.atomic
def refuse_waiver_request(*, request: WaiverRequest, reason: str, by: User) -> WaiverRequest:
    request = _turn_down(WaiverRequest, request, WaiverRequestStatus.REFUSED, reason, by)
    notices.waiver_decided(request)
    return request
