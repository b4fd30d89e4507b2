"""The treasurer's work queue (the role homes, ``akkopsi.workspace``): invoices past due and
invoices falling due soon, each with the balance still to be paid. Statuses come from the
ledger (``InvoiceQuerySet.with_status``, which reads the one rule of ``dues.due``); a member's
own open invoices are ``reports.open_invoices``. A fixed number of queries.

There is no *waiver request* in the dues ledger: a waiver is recorded by the treasurer from
the invoice page once the board has decided, so nothing waits for a decision here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from akkopsi.dues.choices import InvoiceStatus
from akkopsi.dues.models import Invoice, InvoiceQuerySet

#: Invoices falling due within this many days are on the treasurer's queue.
DUE_SOON_DAYS = 30


@dataclass(slots=True)
class InvoiceQueue:
    """One list of the queue: how many invoices in all, and the first of them."""

    count: int = 0
    invoices: list[Invoice] = field(default_factory=list)


def _open_on(on: date) -> InvoiceQuerySet:
    invoices: InvoiceQuerySet = Invoice.objects.live()
    return invoices.with_status(on).select_related("member__regency")


def overdue(on: date, limit: int) -> InvoiceQueue:
    """Invoices past due on ``on`` with a balance, the longest past due first (two queries)."""
    qs = _open_on(on).filter(status=InvoiceStatus.OVERDUE).order_by("due_on", "number")
    return InvoiceQueue(qs.count(), list(qs[:limit]))


def due_soon(on: date, limit: int, days: int = DUE_SOON_DAYS) -> InvoiceQueue:
    """Invoices not yet past due on ``on`` that fall due within ``days`` days and are not
    settled, the soonest first: the payments to expect and record (two queries)."""
    qs = (
        _open_on(on)
        .filter(
            status__in=[InvoiceStatus.UNPAID, InvoiceStatus.PARTIAL],
            due_on__lte=on + timedelta(days=days),
        )
        .order_by("due_on", "number")
    )
    return InvoiceQueue(qs.count(), list(qs[:limit]))
