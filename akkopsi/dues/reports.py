"""Reads of the dues ledger: year summary, collection rates, arrears ageing, statements.

Every figure is a sum of ledger entries up to an "as of" date, so a report for
19 May 2015 shows the books as they stood that day, and billed - collected - waived =
outstanding holds by construction. Each report is a fixed number of queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Count, Min, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from akkopsi.core.dates import end_of_day
from akkopsi.dues.choices import EntryKind, InvoiceKind
from akkopsi.dues.due import BUCKETS, age_bucket, is_past_due, past_due
from akkopsi.dues.models import HALF_SEN, ZERO, Invoice, LedgerEntry
from akkopsi.members.models import Member
from akkopsi.regions.models import Regency

CENT = Decimal("0.01")
T = TypeVar("T")


def _d(value: Any) -> Decimal:
    return Decimal(value or 0).quantize(CENT)


def _entries(on: date, kind: str | None) -> QuerySet:
    qs = LedgerEntry.objects.filter(entry_date__lte=on)
    if kind:
        qs = qs.filter(invoice__kind=kind)
    return qs


@dataclass(frozen=True)
class YearRow:
    year: int
    invoices: int
    billed: Decimal
    collected: Decimal
    waived: Decimal
    outstanding: Decimal

    @property
    def rate(self) -> Decimal | None:
        """Collected as a percentage of what was billed and not waived."""
        due = self.billed - self.waived
        return (self.collected * 100 / due).quantize(Decimal("0.1")) if due > 0 else None


def year_summary(*, on: date, kind: str | None = InvoiceKind.DUES) -> list[YearRow]:
    """Per invoice year: billed, collected, waived, outstanding as of ``on`` (one query)."""
    rows = (
        _entries(on, kind)
        .filter(invoice__isnull=False)
        .values("invoice__year")
        .annotate(
            billed=Sum("amount", filter=Q(kind=EntryKind.INVOICE)),
            paid=Sum("amount", filter=Q(kind__in=[EntryKind.PAYMENT, EntryKind.CREDIT_APPLIED])),
            waived=Sum("amount", filter=Q(kind=EntryKind.WAIVER)),
            outstanding=Sum("amount"),
            issued=Count("pk", filter=Q(kind=EntryKind.INVOICE, reverses__isnull=True)),
            voided=Count("pk", filter=Q(kind=EntryKind.INVOICE, reverses__isnull=False)),
        )
        .order_by("invoice__year")
    )
    return [
        YearRow(
            year=r["invoice__year"],
            invoices=r["issued"] - r["voided"],
            billed=_d(r["billed"]),
            collected=-_d(r["paid"]),
            waived=-_d(r["waived"]),
            outstanding=_d(r["outstanding"]),
        )
        for r in rows
    ]


def totals(rows: list[YearRow]) -> YearRow:
    return YearRow(
        year=0,
        invoices=sum(r.invoices for r in rows),
        billed=sum((r.billed for r in rows), ZERO),
        collected=sum((r.collected for r in rows), ZERO),
        waived=sum((r.waived for r in rows), ZERO),
        outstanding=sum((r.outstanding for r in rows), ZERO),
    )


def current_row(rows: list[YearRow], year: int) -> YearRow | None:
    """The row of ``year``, else the latest year's (None when nothing was billed)."""
    return next((r for r in rows if r.year == year), rows[-1] if rows else None)


# -- arrears -----------------------------------------------------------------------------------


def bucket_labels() -> list[str]:
    return [_("Current year"), _("1 year"), _("2 years"), _("Older")]


@dataclass
class ArrearsRow:
    member_id: int
    code: str
    name: str
    province: str
    buckets: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(BUCKETS, ZERO))
    credit: Decimal = ZERO
    oldest_year: int | None = None

    @property
    def total(self) -> Decimal:
        return sum(self.buckets.values(), ZERO)

    @property
    def amounts(self) -> list[Decimal]:
        return [self.buckets[b] for b in BUCKETS]


@dataclass
class Arrears:
    on: date
    rows: list[ArrearsRow]

    @property
    def totals(self) -> list[Decimal]:
        return [sum((r.buckets[b] for r in self.rows), ZERO) for b in BUCKETS]

    @property
    def total(self) -> Decimal:
        return sum(self.totals, ZERO)

    @property
    def credit(self) -> Decimal:
        return sum((r.credit for r in self.rows), ZERO)

    @property
    def members(self) -> int:
        """Members in arrears (the rows of members only holding credit are not counted)."""
        return sum(1 for r in self.rows if r.total > 0)


#: How many year ends the arrears chart looks back at most.
ARREARS_YEARS = 10


def arrears_over_time(*, on: date) -> list[Arrears]:
    """The arrears as of the end of each year since the first invoice (at most the last
    ``ARREARS_YEARS``), the last as of ``on``: two queries a date, whatever the members."""
    first = Invoice.objects.aggregate(first=Min("year"))["first"]
    if first is None:
        return []
    start = max(first, on.year - ARREARS_YEARS + 1)
    days = [date(y, 12, 31) for y in range(start, on.year)] + [on]
    return [arrears(on=day) for day in days]


def arrears(*, on: date, kind: str | None = None, member_id: int | None = None) -> Arrears:
    """Arrears per member as of ``on``: balances of invoices past due on ``on``
    (``due.past_due``; an invoice not yet due is not in arrears), aged by the year of the
    invoice: this year, one year, two years, older. Members holding credit are listed too.
    Two queries, whatever the number of members or invoices."""
    qs = _entries(on, kind)
    if member_id is not None:
        qs = qs.filter(member_id=member_id)
    member_fields = (
        "member_id",
        "member__regency_id",
        "member__regency__kind",
        "member__regency__name",
        "member__regency__province__name",
    )
    owed = (
        qs.filter(invoice__isnull=False)
        .filter(past_due(on, prefix="invoice__"))
        .values(*member_fields, "invoice__year")
        .annotate(balance=Sum("amount"))
        .order_by()
    )
    credits = (
        qs.filter(invoice__isnull=True)
        .values(*member_fields)
        .annotate(balance=Sum("amount"))
        .order_by()
    )
    rows: dict[int, ArrearsRow] = {}

    def row_for(r: dict[str, Any]) -> ArrearsRow:
        if r["member_id"] not in rows:
            regency = Regency(kind=r["member__regency__kind"], name=r["member__regency__name"])
            rows[r["member_id"]] = ArrearsRow(
                member_id=r["member_id"],
                code=r["member__regency_id"],
                name=regency.display_name,
                province=r["member__regency__province__name"],
            )
        return rows[r["member_id"]]

    for r in owed:
        balance = _d(r["balance"])
        if balance <= 0:
            continue
        row = row_for(r)
        row.buckets[age_bucket(r["invoice__year"], on)] += balance
        year = r["invoice__year"]
        row.oldest_year = year if row.oldest_year is None else min(row.oldest_year, year)
    for r in credits:
        credit = -_d(r["balance"])
        if credit > 0:
            row_for(r).credit = credit
    ordered = sorted(rows.values(), key=lambda r: (-r.total, r.code))
    return Arrears(on=on, rows=ordered)


# -- statement of account ------------------------------------------------------------------------


@dataclass(frozen=True)
class StatementLine:
    day: date
    description: str
    reference: str
    debit: Decimal
    credit: Decimal
    balance: Decimal
    reversed: bool  # a later entry (up to the statement's end) reverses this one
    is_reversal: bool
    invoice_id: int | None = None


@dataclass
class Statement:
    member: Member
    start: date | None
    end: date
    opening: Decimal
    lines: list[StatementLine]
    closing: Decimal
    credit_held: Decimal
    past_due: Decimal = ZERO  # owed on invoices past due on ``end`` (arrears)

    @property
    def owed(self) -> Decimal:
        """What the member owes on open invoices (closing balance plus credit held)."""
        return self.closing + self.credit_held


def _of(record: T | None) -> T:
    """A record the entry's kind guarantees (the ledger's constraints hold it)."""
    assert record is not None
    return record


def _describe(entry: LedgerEntry) -> tuple[str, str]:
    invoice = entry.invoice
    reversal = entry.reverses_id is not None
    if entry.kind == EntryKind.INVOICE:
        text, ref = _of(invoice).label, _of(invoice).number
    elif entry.kind == EntryKind.PAYMENT:
        payment = _of(entry.payment)
        ref = getattr(getattr(payment, "receipt", None), "number", "")
        if entry.invoice_id is None:
            text = _("Overpayment kept as credit")
        else:
            text = _("Payment for %(invoice)s") % {"invoice": _of(invoice).number}
        text += f" ({payment.get_method_display()}{', ' + payment.bank_reference if payment.bank_reference else ''})"
    elif entry.kind == EntryKind.WAIVER:
        text = _("Waiver of %(invoice)s") % {"invoice": _of(invoice).number}
        ref = _of(entry.waiver).decision_reference
    else:
        app = _of(entry.credit_application)
        text = _("Credit applied to %(invoice)s") % {"invoice": app.invoice.number}
        ref = ""
    if reversal:
        text = _("Reversal: %(what)s (%(reason)s)") % {"what": text, "reason": entry.memo}
    return text, ref


def _reversed_by(entry: LedgerEntry, end: date) -> bool:
    try:
        return entry.reversal.entry_date <= end
    except LedgerEntry.DoesNotExist:
        return False


def statement(member: Member, *, end: date, start: date | None = None) -> Statement:
    """The member's account: every entry up to ``end`` with a running balance (what the
    member owes; negative = credit). A credit application is one line that moves credit
    onto an invoice without changing the balance. One query."""
    entries = (
        LedgerEntry.objects.filter(member=member, entry_date__lte=end)
        .select_related(
            "invoice", "payment__receipt", "waiver", "credit_application__invoice", "reversal"
        )
        .order_by("entry_date", "pk")
    )
    opening = ZERO
    balance = ZERO
    credit_bucket = ZERO
    invoices: dict[int, tuple[date, Decimal]] = {}
    lines: list[StatementLine] = []
    for e in entries:
        amount = _d(e.amount)
        if e.invoice_id is None:
            credit_bucket += amount
        else:
            due, owed = invoices.get(e.invoice_id, (e.invoice.due_on, ZERO))
            invoices[e.invoice_id] = (due, owed + amount)
        if start is not None and e.entry_date < start:
            opening += amount
            balance += amount
            continue
        balance += amount
        if e.kind == EntryKind.CREDIT_APPLIED and e.invoice_id is None:
            continue  # its pair (on the invoice) carries the line
        text, ref = _describe(e)
        if e.kind == EntryKind.CREDIT_APPLIED:
            debit = credit = ZERO  # credit moves onto the invoice; the balance stays
        else:
            debit, credit = (amount, ZERO) if amount > 0 else (ZERO, -amount)
        lines.append(
            StatementLine(
                day=e.entry_date,
                description=text,
                reference=ref,
                debit=debit,
                credit=credit,
                balance=balance,
                reversed=_reversed_by(e, end),
                is_reversal=e.reverses_id is not None,
                invoice_id=e.invoice_id,
            )
        )
    return Statement(
        member=member,
        start=start,
        end=end,
        opening=opening,
        lines=lines,
        closing=balance,
        credit_held=-credit_bucket if credit_bucket < 0 else ZERO,
        past_due=_past_due(invoices.values(), end),
    )


def _past_due(invoices: Iterable[tuple[date, Decimal]], on: date) -> Decimal:
    """What is owed on ``on`` on invoices past due that day, from (due date, balance) pairs."""
    return sum((owed for due, owed in invoices if owed > 0 and is_past_due(due, on)), ZERO)


def past_due_balances(*, on: date) -> dict[int, Decimal]:
    """Every member's arrears on ``on`` worked out in Python from its entries, as its
    statement does (one query): the check of the SQL of :func:`arrears`."""
    qs = (
        LedgerEntry.objects.filter(entry_date__lte=on, invoice__isnull=False)
        .order_by()
        .values_list("member_id", "invoice_id", "invoice__due_on", "amount")
    )
    invoices: dict[int, dict[int, tuple[date, Decimal]]] = defaultdict(dict)
    for member_id, invoice_id, due_on, amount in qs.iterator(chunk_size=5000):
        due, owed = invoices[member_id].get(invoice_id, (due_on, ZERO))
        invoices[member_id][invoice_id] = (due, owed + _d(amount))
    found = {m: _past_due(owed.values(), on) for m, owed in invoices.items()}
    return {m: owed for m, owed in found.items() if owed > 0}


def open_invoices(member: Member, *, on: date) -> QuerySet:
    """The member's invoices open on day ``on``, as the ledger stood then: issued by then,
    not voided by then, with the balance of the entries dated up to then (one query), so
    they agree with ``statement(member, end=on)``."""
    return (
        Invoice.objects.filter(member=member, issued_on__lte=on)
        .exclude(voided_at__lt=end_of_day(on))
        .with_status(on, as_of=True)
        .filter(balance__gt=HALF_SEN)
        .order_by("due_on", "sequence_no")
    )


def statement_balances(*, on: date | None = None) -> dict[int, Decimal]:
    """Closing balance of every member's statement, by running through all entries in
    Python (Decimal), independently of SQL sums. Used by the reconciliation."""
    qs = LedgerEntry.objects.order_by("member_id", "entry_date", "pk")
    if on is not None:
        qs = qs.filter(entry_date__lte=on)
    balances: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for member_id, amount in qs.values_list("member_id", "amount").iterator(chunk_size=5000):
        balances[member_id] += _d(amount)
    return dict(balances)
