"""Invoices: the year's dues (set-based, idempotent), one-off invoices, voiding."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from akkopsi.accounts.models import User
from akkopsi.accounts.permissions import Permission, require
from akkopsi.core import numbering
from akkopsi.core.confirm import Plan, check_confirmed
from akkopsi.core.dates import today
from akkopsi.core.formatting import format_rupiah
from akkopsi.dues import notices
from akkopsi.dues.choices import EntryKind, InvoiceKind, SequenceKind
from akkopsi.dues.models import DuesSchedule, Invoice, LedgerEntry
from akkopsi.dues.services.common import (
    check_amount,
    ensure_live,
    lock_invoice,
    require_reason,
    reverse_entries,
    take_number,
    unreversed,
)
from akkopsi.dues.services.generation import insert_dues_invoices, planned_total
from akkopsi.dues.services.schedules import current_schedule
from akkopsi.members.models import Member


@dataclass(frozen=True)
class Generated:
    year: int
    created: int
    first_number: int | None
    last_number: int | None


def _year_schedule(year: int) -> DuesSchedule:
    schedule = current_schedule(year)
    if schedule is None:
        raise ValidationError(
            {"year": _("There is no dues schedule for %(year)s yet.") % {"year": year}}
        )
    return schedule


def _plan(schedule: DuesSchedule, issued_on: date) -> Plan:
    count, total = planned_total(schedule)
    facts = {"n": count, "year": schedule.year, "total": format_rupiah(total)}
    lines = (
        _("Dues invoices to issue for %(year)s: %(n)s, worth %(total)s in all.") % facts,
        _("Schedule: %(schedule)s; date of issue %(day)s.")
        % {"schedule": schedule, "day": date_format(issued_on, "j F Y")},
        _("Issued invoices are never deleted: a wrong one can only be voided with a reason."),
    )
    return Plan(count, lines, facts=(schedule.pk, issued_on.isoformat(), str(total)))


def plan_invoices(*, year: int, issued_on: date | None = None) -> Plan:
    """What :func:`generate_invoices` would do now: how many invoices, worth how much."""
    return _plan(_year_schedule(year), issued_on or today())


@transaction.atomic
def generate_invoices(
    *, year: int, by: User | None, issued_on: date | None = None, expected: str | None = None
) -> Generated:
    """Dues invoices for every member active in ``year`` that has none yet.

    Idempotent: a second run creates nothing (and a partial unique index backs this up).
    Set-based: a constant number of SQL statements whatever the number of members. The
    year's invoice sequence is locked first, so concurrent runs wait for each other.
    ``expected`` is the token of the :func:`plan_invoices` the treasurer confirmed;
    refused (``StaleConfirmation``) when the plan is no longer the same.
    """
    schedule = _year_schedule(year)
    issued_on = issued_on or today()
    start_after = numbering.lock(SequenceKind.INVOICE, year).last_number
    check_confirmed(_plan(schedule, issued_on), expected)
    created = insert_dues_invoices(
        schedule=schedule, issued_on=issued_on, start_after=start_after, by=by
    )
    if not created:
        return Generated(year, 0, None, None)
    last = numbering.next_number(SequenceKind.INVOICE, year, created)
    issued = Invoice.objects.filter(year=year, sequence_no__gt=start_after).select_related(
        "member__regency"
    )
    notices.invoices_issued(list(issued))
    return Generated(year, created, start_after + 1, last)


@transaction.atomic
def create_invoice(
    *,
    member: Member,
    description: str,
    amount: Any,
    due_on: date,
    by: User | None,
    issued_on: date | None = None,
) -> Invoice:
    """A one-off invoice, for example a summit registration fee."""
    amount = check_amount(amount)
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": _("Describe what the invoice is for.")})
    issued_on = issued_on or today()
    if due_on < issued_on:
        raise ValidationError({"due_on": _("The due date cannot be before the date of issue.")})
    seq, number = take_number(SequenceKind.INVOICE, issued_on.year)
    invoice = Invoice.objects.create(
        number=number,
        year=issued_on.year,
        sequence_no=seq,
        member=member,
        kind=InvoiceKind.ONE_OFF,
        description=description[:300],
        amount=amount,
        issued_on=issued_on,
        due_on=due_on,
        created_by=by,
    )
    LedgerEntry.objects.create(
        member=member,
        invoice=invoice,
        kind=EntryKind.INVOICE,
        amount=amount,
        entry_date=issued_on,
        created_by=by,
    )
    notices.invoices_issued([invoice])
    return invoice


@transaction.atomic
def send_invoice(*, invoice: Invoice, by: User) -> int:
    """E-mail the invoice, its PDF attached, to the member's staff again (the treasurer's
    "send by e-mail"). Returns how many people it went to."""
    require(by, Permission.MANAGE_DUES, invoice.member)
    ensure_live(invoice)
    staff = notices.staff_by_member([invoice.member_id]).get(invoice.member_id, [])
    if not staff:
        raise ValidationError(
            _("%(member)s has no staff account to send the invoice to.")
            % {"member": invoice.member}
        )
    notices.invoices_issued([invoice])
    return len(staff)


@transaction.atomic
def void_invoice(*, invoice: Invoice, reason: str, by: User | None) -> Invoice:
    """Void an invoice nothing was settled against; its entry is reversed."""
    reason = require_reason(reason)
    invoice = lock_invoice(invoice)
    ensure_live(invoice)
    blocking = [
        label
        for label, qs in [
            (_("payments"), invoice.payments.live()),
            (_("credit applications"), invoice.credit_applications.live()),
            (_("waivers"), invoice.waivers.live()),
        ]
        if qs.exists()
    ]
    if blocking:
        raise ValidationError(
            _("Invoice %(number)s still has %(what)s; void them first.")
            % {"number": invoice.number, "what": ", ".join(blocking)}
        )
    reverse_entries(
        unreversed(invoice=invoice, kind=EntryKind.INVOICE),
        on=today(),
        by=by,
        memo=reason,
    )
    invoice.void(by=by, reason=reason)
    return invoice
