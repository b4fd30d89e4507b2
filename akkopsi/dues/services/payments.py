"""Payments: recorded once per idempotency key, with a numbered receipt; voiding."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from akkopsi.accounts.models import User
from akkopsi.core.dates import today
from akkopsi.core.formatting import format_date
from akkopsi.dues.choices import PaymentMethod, SequenceKind
from akkopsi.dues.models import ZERO, Invoice, LedgerEntry, Payment, Receipt
from akkopsi.dues.services.common import (
    IdempotencyConflict,
    check_amount,
    ensure_live,
    invoice_balance,
    lock_invoice,
    lock_member,
    member_credit,
    not_future,
    payment_entries,
    require_reason,
    reverse_entries,
    rupiah,
    take_number,
    unreversed,
)


def _payment_fingerprint(
    invoice_id: int, amount: Decimal, paid_on: date, method: str, bank_reference: str
) -> tuple[Any, ...]:
    return (invoice_id, amount.quantize(Decimal("0.01")), paid_on, method, bank_reference.strip())


def _replay(existing: Payment, fingerprint: tuple[Any, ...]) -> Payment:
    """The stored payment when the same key comes again with the same data, else a conflict."""
    stored = _payment_fingerprint(
        existing.invoice_id,
        existing.amount,
        existing.paid_on,
        existing.method,
        existing.bank_reference,
    )
    if stored != fingerprint:
        number = getattr(getattr(existing, "receipt", None), "number", "")
        raise IdempotencyConflict(
            {
                "idempotency_key": _(
                    "This idempotency key was already used for a different payment (%(receipt)s); "
                    "nothing was recorded."
                )
                % {"receipt": number}
            }
        )
    existing.replayed = True
    return existing


def new_idempotency_key(*parts: object) -> str:
    """A key for a payment form: random by default, or derived from ``parts``."""
    if parts:
        return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:40]
    return uuid.uuid4().hex


def _checked_key(idempotency_key: str, method: str, paid_on: date) -> str:
    """The idempotency key, stripped, once it, the method and the day are checked."""
    key = (idempotency_key or "").strip()
    if not key or len(key) > 100:
        raise ValidationError(
            {"idempotency_key": _("An idempotency key of 1 to 100 characters is required.")}
        )
    if method not in PaymentMethod.values:
        raise ValidationError({"method": _("Choose how the money was paid.")})
    not_future(paid_on, "paid_on")
    return key


def _stored(key: str) -> Payment | None:
    return Payment.objects.select_related("receipt").filter(idempotency_key=key).first()


def _check_paid_after_issue(invoice: Invoice, paid_on: date) -> None:
    if paid_on < invoice.issued_on:
        raise ValidationError(
            {
                "paid_on": _("The payment date cannot be before the invoice was issued (%(day)s).")
                % {"day": format_date(invoice.issued_on)}
            }
        )


@transaction.atomic
def record_payment(
    *,
    invoice: Invoice | int,
    amount: Any,
    paid_on: date,
    method: str,
    idempotency_key: str,
    by: User | None,
    bank_reference: str = "",
    note: str = "",
) -> Payment:
    """Record money received against an invoice and issue its numbered receipt.

    The part above the invoice's balance is kept as the member's credit. The same
    ``idempotency_key`` with the same data returns the payment already stored (its
    ``replayed`` attribute is True); with different data it raises IdempotencyConflict.
    """
    amount = check_amount(amount)
    key = _checked_key(idempotency_key, method, paid_on)
    bank_reference = (bank_reference or "").strip()[:100]
    invoice_id = invoice.pk if isinstance(invoice, Invoice) else invoice
    fingerprint = _payment_fingerprint(invoice_id, amount, paid_on, method, bank_reference)
    if (existing := _stored(key)) is not None:
        return _replay(existing, fingerprint)
    invoice = lock_invoice(invoice_id)
    # A concurrent request with this key on this invoice may have committed while we waited.
    if (existing := _stored(key)) is not None:
        return _replay(existing, fingerprint)
    ensure_live(invoice)
    _check_paid_after_issue(invoice, paid_on)
    applied = min(amount, max(invoice_balance(invoice), ZERO))
    payment = Payment(
        member_id=invoice.member_id,
        invoice=invoice,
        amount=amount,
        applied_amount=applied,
        credit_amount=amount - applied,
        paid_on=paid_on,
        method=method,
        bank_reference=bank_reference,
        note=(note or "").strip()[:300],
        idempotency_key=key,
        created_by=by,
    )
    try:
        with transaction.atomic():
            payment.save()
    except IntegrityError:
        if (existing := _stored(key)) is None:
            raise
        return _replay(existing, fingerprint)
    LedgerEntry.objects.bulk_create(
        payment_entries(payment, by=by, credit_memo=_("Overpayment kept as credit"))
    )
    seq, number = take_number(SequenceKind.RECEIPT, paid_on.year)
    Receipt.objects.create(
        payment=payment, number=number, year=paid_on.year, sequence_no=seq, issued_on=paid_on
    )
    payment.replayed = False
    return payment


@transaction.atomic
def void_payment(*, payment: Payment, reason: str, by: User | None) -> Payment:
    """Void a payment (for example a transfer that bounced): its entries are reversed and
    its receipt is marked void. Credit it left must still be unused."""
    reason = require_reason(reason)
    lock_member(payment.member_id)
    lock_invoice(payment.invoice_id)
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.is_void:
        raise ValidationError(_("This record is already void."))
    if payment.credit_amount and member_credit(payment.member) < payment.credit_amount:
        raise ValidationError(
            _(
                "%(amount)s of this payment's credit was already applied to invoices; "
                "void those credit applications first."
            )
            % {"amount": rupiah(payment.credit_amount)}
        )
    reverse_entries(unreversed(payment=payment), on=today(), by=by, memo=reason)
    payment.void(by=by, reason=reason)
    return payment
