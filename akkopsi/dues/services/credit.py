"""Waivers by board decision and member credit applied to invoices."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from akkopsi.accounts.models import User
from akkopsi.core.dates import today
from akkopsi.dues.choices import EntryKind
from akkopsi.dues.models import ZERO, CreditApplication, Invoice, LedgerEntry, Waiver
from akkopsi.dues.services.common import (
    check_amount,
    credit_entries,
    ensure_live,
    invoice_balance,
    lock_invoice,
    lock_member,
    member_credit,
    not_future,
    require_reason,
    reverse_entries,
    rupiah,
    unreversed,
)
from akkopsi.members.models import Member

CENT = Decimal("0.01")


@transaction.atomic
def waive(
    *,
    invoice: Invoice,
    decision_reference: str,
    decided_on: date,
    reason: str,
    by: User | None,
    amount: Any = None,
) -> Waiver:
    """Forgive dues by a board decision: all of the balance, or ``amount`` of it."""
    decision_reference = (decision_reference or "").strip()
    if not decision_reference:
        raise ValidationError(
            {"decision_reference": _("Give the reference of the board decision.")}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the waiver.")})
    not_future(decided_on, "decided_on")
    invoice = lock_invoice(invoice)
    ensure_live(invoice)
    balance = invoice_balance(invoice)
    amount = balance if amount in (None, "") else check_amount(amount)
    if balance <= 0:
        raise ValidationError(
            _("Invoice %(number)s has nothing left to waive.") % {"number": invoice.number}
        )
    if amount > balance:
        raise ValidationError(
            {
                "amount": _("A waiver cannot exceed the balance of %(balance)s.")
                % {"balance": rupiah(balance)}
            }
        )
    waiver = Waiver.objects.create(
        member_id=invoice.member_id,
        invoice=invoice,
        amount=amount,
        decided_on=decided_on,
        decision_reference=decision_reference[:200],
        reason=reason,
        created_by=by,
    )
    LedgerEntry.objects.create(
        member_id=invoice.member_id,
        invoice=invoice,
        kind=EntryKind.WAIVER,
        amount=-amount,
        entry_date=max(decided_on, invoice.issued_on),
        waiver=waiver,
        memo=decision_reference[:300],
        created_by=by,
    )
    return waiver


@transaction.atomic
def void_waiver(*, waiver: Waiver, reason: str, by: User | None) -> Waiver:
    reason = require_reason(reason)
    lock_invoice(waiver.invoice_id)
    waiver = Waiver.objects.select_for_update().get(pk=waiver.pk)
    if waiver.is_void:
        raise ValidationError(_("This record is already void."))
    reverse_entries(unreversed(waiver=waiver), on=today(), by=by, memo=reason)
    waiver.void(by=by, reason=reason)
    return waiver


@transaction.atomic
def apply_credit(
    *, member: Member, by: User | None, invoice: Invoice | None = None, on: date | None = None
) -> list[CreditApplication]:
    """Use the member's credit to settle its open invoices, oldest due first (or one invoice)."""
    member = lock_member(member)
    on = on or today()
    credit = member_credit(member)
    if credit <= 0:
        raise ValidationError(_("%(member)s holds no credit.") % {"member": member})
    open_invoices = Invoice.objects.live().filter(member=member)
    if invoice is not None:
        if invoice.member_id != member.pk:
            raise ValidationError({"invoice": _("The invoice belongs to another member.")})
        open_invoices = open_invoices.filter(pk=invoice.pk)
    locked = list(
        open_invoices.select_for_update()
        .filter(issued_on__lte=on)
        .order_by("due_on", "year", "sequence_no")
    )
    applications = _share_out(member, credit, locked, on=on, by=by)
    if not applications:
        raise ValidationError(
            _("%(member)s has no open invoice to apply credit to.") % {"member": member}
        )
    applications = CreditApplication.objects.bulk_create(applications)
    LedgerEntry.objects.bulk_create(
        [
            entry
            for app in applications
            for entry in credit_entries(app, by=by, invoice_number=app.invoice.number)
        ]
    )
    return applications


def _share_out(
    member: Member, credit: Decimal, invoices: list[Invoice], *, on: date, by: User | None
) -> list[CreditApplication]:
    """The credit spread over the invoices in their order, each up to its balance."""
    balances = dict(
        Invoice.objects.filter(pk__in=[i.pk for i in invoices])
        .with_balance()
        .values_list("pk", "balance")
    )
    applications: list[CreditApplication] = []
    for inv in invoices:
        if credit <= 0:
            break
        share = min(credit, Decimal(balances.get(inv.pk, ZERO)).quantize(CENT))
        if share <= 0:
            continue
        applications.append(
            CreditApplication(
                member=member, invoice=inv, amount=share, applied_on=on, created_by=by
            )
        )
        credit -= share
    return applications


@transaction.atomic
def void_credit_application(
    *, application: CreditApplication, reason: str, by: User | None
) -> CreditApplication:
    """Undo a credit application: the amount goes back to the member's credit."""
    reason = require_reason(reason)
    lock_member(application.member_id)
    lock_invoice(application.invoice_id)
    application = CreditApplication.objects.select_for_update().get(pk=application.pk)
    if application.is_void:
        raise ValidationError(_("This record is already void."))
    reverse_entries(unreversed(credit_application=application), on=today(), by=by, memo=reason)
    application.void(by=by, reason=reason)
    return application
