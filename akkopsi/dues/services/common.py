"""Checks, number sequences, locks and reversals shared by the dues services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext as _

from akkopsi.accounts.models import User
from akkopsi.core.dates import today
from akkopsi.core.fields import MONEY_MAX
from akkopsi.core.formatting import format_rupiah
from akkopsi.core.money import MoneyError, parse_money
from akkopsi.core.numbering import next_number
from akkopsi.dues.choices import EntryKind
from akkopsi.dues.models import CreditApplication, Invoice, LedgerEntry, Payment, document_number
from akkopsi.members.models import Member

MAX_AMOUNT = MONEY_MAX  # the largest amount a MoneyField holds


class IdempotencyConflict(ValidationError):
    """The idempotency key was already used for a payment with different data."""


# -- checks ------------------------------------------------------------------------------------


def check_amount(value: Any, field: str = "amount") -> Decimal:
    """A positive rupiah amount with at most two decimals, else a ValidationError; read by
    the one money rule (akkopsi.core.money.parse_money)."""
    if isinstance(value, float | bool):
        raise ValidationError({field: _("Send the amount as a decimal number, not a float.")})
    try:
        amount = parse_money(value, maximum=MAX_AMOUNT, decimal_sep=".", allow_negative=True)
    except MoneyError as exc:
        messages = {
            "decimals": _("Rupiah amounts have at most two decimals (sen)."),
            "too_large": _("The amount is too large."),
            "exponent": _("Write the amount in full digits, not in exponent notation (1E+30)."),
            "digits": _("Write the amount with the digits 0-9."),
        }
        message = messages.get(exc.code, _("The amount is not a number."))
        raise ValidationError({field: message}) from exc
    if amount <= 0:
        raise ValidationError({field: _("The amount must be more than zero.")})
    return amount


def require_reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: _("A reason is required to void a record.")})
    return reason


def not_future(day: date, field: str) -> None:
    if day > today():
        raise ValidationError({field: _("The date cannot be in the future.")})


def rupiah(amount: Decimal) -> str:
    return format_rupiah(amount)


# -- numbers -----------------------------------------------------------------------------------


def take_number(kind: str, year: int) -> tuple[int, str]:
    """The next gapless number of ``kind`` in ``year`` and its printed form (INV/2015/0001)."""
    number = next_number(kind, year)
    return number, document_number(kind, year, number)


# -- balances (read inside the locks of the services) ----------------------------------------


def invoice_balance(invoice: Invoice) -> Decimal:
    total = LedgerEntry.objects.filter(invoice=invoice).aggregate(s=Sum("amount"))["s"]
    return Decimal(total or 0).quantize(Decimal("0.01"))


def member_credit(member: Member) -> Decimal:
    """Credit the member holds: minus the sum of its entries without an invoice."""
    total = LedgerEntry.objects.filter(member=member, invoice__isnull=True).aggregate(
        s=Sum("amount")
    )["s"]
    return (-Decimal(total or 0)).quantize(Decimal("0.01"))


def lock_invoice(invoice: Invoice | int) -> Invoice:
    pk = invoice.pk if isinstance(invoice, Invoice) else invoice
    try:
        locked: Invoice = (
            Invoice.objects.select_for_update().select_related("member__regency").get(pk=pk)
        )
        return locked
    except Invoice.DoesNotExist as exc:
        raise ValidationError({"invoice": _("There is no such invoice.")}) from exc


def lock_member(member: Member | int) -> Member:
    locked: Member = Member.objects.select_for_update().get(
        pk=member.pk if isinstance(member, Member) else member
    )
    return locked


def ensure_live(invoice: Invoice) -> None:
    if invoice.is_void:
        raise ValidationError(
            {"invoice": _("Invoice %(number)s is void.") % {"number": invoice.number}}
        )


def reverse_entries(entries: list[LedgerEntry], *, on: date, by: User | None, memo: str) -> None:
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                member_id=e.member_id,
                invoice_id=e.invoice_id,
                kind=e.kind,
                amount=-e.amount,
                entry_date=max(on, e.entry_date),
                payment_id=e.payment_id,
                waiver_id=e.waiver_id,
                credit_application_id=e.credit_application_id,
                reverses=e,
                memo=memo[:300],
                created_by=by,
            )
            for e in entries
        ]
    )


def payment_entries(payment: Payment, *, by: User | None, credit_memo: str) -> list[LedgerEntry]:
    """The ledger entries of a payment: the part applied to its invoice, the rest as credit."""
    common = {
        "member_id": payment.member_id,
        "kind": EntryKind.PAYMENT,
        "entry_date": payment.paid_on,
        "payment": payment,
        "created_by": by,
    }
    entries = []
    if payment.applied_amount:
        entries.append(
            LedgerEntry(**common, invoice_id=payment.invoice_id, amount=-payment.applied_amount)
        )
    if payment.credit_amount:
        entries.append(LedgerEntry(**common, amount=-payment.credit_amount, memo=credit_memo))
    return entries


def credit_entries(
    app: CreditApplication, *, by: User | None, invoice_number: str
) -> list[LedgerEntry]:
    """Credit used (off the member's credit) and the same amount paid on the invoice."""
    common = {
        "member_id": app.member_id,
        "kind": EntryKind.CREDIT_APPLIED,
        "entry_date": app.applied_on,
        "credit_application": app,
        "created_by": by,
    }
    return [
        LedgerEntry(**common, amount=app.amount, memo=invoice_number),
        LedgerEntry(**common, invoice_id=app.invoice_id, amount=-app.amount),
    ]


def unreversed(**filters: Any) -> list[LedgerEntry]:
    return list(LedgerEntry.objects.filter(reverses__isnull=True, reversal__isnull=True, **filters))
