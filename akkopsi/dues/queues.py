"""The treasurer's work queue (the role homes, ``akkopsi.workspace``): invoices past due and
invoices falling due soon, each with the balance still to be paid. Statuses come from the
ledger (``InvoiceQuerySet.with_status``, which reads the one rule of ``dues.due``); a member's
own open invoices are ``reports.open_invoices``. A fixed number of queries.

Member staff report payments and ask for waivers (``models.requests``); those still pending
are the treasurer's "payments to record" and "waivers awaiting a decision", oldest first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from akkopsi.dues.choices import InvoiceStatus
from akkopsi.dues.models import Invoice, InvoiceQuerySet, PaymentNotice, WaiverRequest

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


@dataclass(slots=True)
class RequestQueue:
    """Requests of member staff waiting for the treasurer: how many, and the oldest."""

    count: int = 0
    items: list[Any] = field(default_factory=list)


def _waiting(model: type[Any], limit: int) -> RequestQueue:
    qs = (
        model.objects.filter(status="pending")
        .select_related("invoice", "member__regency", "requested_by")
        .order_by("created_at", "pk")
    )
    return RequestQueue(qs.count(), list(qs[:limit]))


def payments_to_record(limit: int) -> RequestQueue:
    """Payments member staff reported, not yet recorded or rejected, oldest first (two queries)."""
    return _waiting(PaymentNotice, limit)


def waivers_awaiting_decision(limit: int) -> RequestQueue:
    """Waiver requests not yet granted or refused, oldest first (two queries)."""
    return _waiting(WaiverRequest, limit)


def requests_of(member_id: int, limit: int) -> list[Any]:
    """A member's payment notices and waiver requests, the newest first: pending ones and
    the decisions of the last 90 days (two queries)."""
    since = timezone.now() - timedelta(days=90)
    found: list[Any] = []
    for model in (PaymentNotice, WaiverRequest):
        found += (
            model.objects.filter(member_id=member_id)
            .filter(Q(status="pending") | Q(decided_at__gte=since))
            .select_related("invoice")
            .order_by("-created_at")[:limit]
        )
    return sorted(found, key=lambda r: r.created_at, reverse=True)[:limit]


def requests_of_invoice(invoice_id: int) -> list[Any]:
    """An invoice's payment notices and waiver requests, the newest first (two queries)."""
    found: list[Any] = []
    for model in (PaymentNotice, WaiverRequest):
        found += model.objects.filter(invoice_id=invoice_id)
    return sorted(found, key=lambda r: r.created_at, reverse=True)
