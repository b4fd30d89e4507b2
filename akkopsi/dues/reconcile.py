"""The reconciliation an auditor asks for: three independent computations must agree.

1. The ledger: the SQL sum of every entry.
2. The documents: every invoice's balance worked out from the invoice, its live payments,
   credit applications and waivers (a void invoice owes nothing), less every member's
   credit worked out from overpayments and the credit applied.
3. The statements: each member's statement run through entry by entry in Python.

Then, per invoice and per member, the balance from entries must equal the balance from
documents; no invoice may be overpaid and no credit may be negative; each void document
must have its entries reversed and each live one must not; numbers must run without gaps.
A fixed number of queries whatever the size of the books.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from akkopsi.core.formatting import format_rupiah
from akkopsi.core.numbering import last_numbers
from akkopsi.dues.choices import EntryKind, SequenceKind
from akkopsi.dues.models import (
    ZERO,
    CreditApplication,
    Invoice,
    LedgerEntry,
    Payment,
    Receipt,
    Waiver,
)
from akkopsi.dues.reports import statement_balances

CENT = Decimal("0.01")


def _d(value: object) -> Decimal:
    return Decimal(value or 0).quantize(CENT)  # type: ignore[arg-type]


@dataclass
class Reconciliation:
    entries: int = 0
    invoices: int = 0
    members: int = 0
    ledger_total: Decimal = ZERO
    invoice_balances: Decimal = ZERO
    member_credit: Decimal = ZERO
    statements_total: Decimal = ZERO
    problems: list[str] = field(default_factory=list)

    @property
    def documents_total(self) -> Decimal:
        return self.invoice_balances - self.member_credit

    @property
    def ok(self) -> bool:
        return not self.problems


def _check_numbers(
    result: Reconciliation, label: str, rows: list[tuple[int, int]], kind: str
) -> None:
    per_year: dict[int, list[int]] = defaultdict(list)
    for year, seq in rows:
        per_year[year].append(seq)
    last = last_numbers(kind)
    for year in sorted(set(per_year) | set(last)):
        numbers = sorted(per_year.get(year, []))
        if numbers != list(range(1, len(numbers) + 1)) or last.get(year, 0) != len(numbers):
            result.problems.append(
                _("%(label)s numbers of %(year)s are not 1 to %(n)s without gaps.")
                % {"label": label, "year": year, "n": last.get(year, 0)}
            )


#: (entry pk, amount, pk of the entry it reverses)
Entry = tuple[int, Decimal, int | None]


def _zero() -> Decimal:
    return ZERO


@dataclass
class _Books:
    """What the ledger and the documents say, read once, keyed by invoice and member."""

    by_invoice: dict[int, Decimal] = field(default_factory=lambda: defaultdict(_zero))
    credit_from_entries: dict[int, Decimal] = field(default_factory=lambda: defaultdict(_zero))
    reversed_ids: set[int] = field(default_factory=set)
    doc_entries: dict[tuple[str, int], list[Entry]] = field(
        default_factory=lambda: defaultdict(list)
    )
    doc_balance: dict[int, Decimal] = field(default_factory=dict)
    invoice_member: dict[int, int] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)
    credit_from_docs: dict[int, Decimal] = field(default_factory=lambda: defaultdict(_zero))

    def check_reversed(
        self, result: Reconciliation, label: str, doc: tuple[str, int], voided_at: object
    ) -> None:
        _check_reversed(result, label, self.doc_entries.get(doc, []), voided_at, self.reversed_ids)


def reconcile() -> Reconciliation:
    result = Reconciliation()
    agg = LedgerEntry.objects.aggregate(total=Sum("amount"))
    result.ledger_total = _d(agg["total"])
    books = _Books()
    _read_entries(result, books)
    _read_invoices(result, books)
    _read_payments(result, books)
    _read_waivers_and_credit(result, books)
    _check_numbers(
        result,
        _("Receipt"),
        list(Receipt.objects.values_list("year", "sequence_no")),
        SequenceKind.RECEIPT,
    )
    _check_invoices(result, books)
    _check_credit(result, books)
    _check_statements(result, books)
    return result


def _read_entries(result: Reconciliation, books: _Books) -> None:
    """Entries, fetched once: balances per invoice and per member's credit, reversals."""
    rows = LedgerEntry.objects.values_list(
        "pk",
        "member_id",
        "invoice_id",
        "kind",
        "amount",
        "reverses_id",
        "payment_id",
        "waiver_id",
        "credit_application_id",
    )
    for pk, member_id, invoice_id, kind, amount, reverses_id, pay, waiver, app in rows.iterator(
        chunk_size=5000
    ):
        result.entries += 1
        amount = _d(amount)
        if invoice_id is None:
            books.credit_from_entries[member_id] -= amount
        else:
            books.by_invoice[invoice_id] += amount
        if reverses_id is not None:
            books.reversed_ids.add(reverses_id)
        for name, doc in (("payment", pay), ("waiver", waiver), ("credit", app)):
            if doc is not None:
                books.doc_entries[(name, doc)].append((pk, amount, reverses_id))
        if kind == EntryKind.INVOICE:
            books.doc_entries[("invoice", invoice_id)].append((pk, amount, reverses_id))


def _read_invoices(result: Reconciliation, books: _Books) -> None:
    numbers = []
    for pk, member_id, amount, voided_at, number, year, seq in Invoice.objects.values_list(
        "pk", "member_id", "amount", "voided_at", "number", "year", "sequence_no"
    ):
        books.invoice_member[pk] = member_id
        books.labels[pk] = number
        books.doc_balance[pk] = ZERO if voided_at else _d(amount)
        numbers.append((year, seq))
        books.check_reversed(result, number, ("invoice", pk), voided_at)
    result.invoices = len(books.doc_balance)
    _check_numbers(result, _("Invoice"), numbers, SequenceKind.INVOICE)


def _read_payments(result: Reconciliation, books: _Books) -> None:
    for (
        pk,
        member_id,
        invoice_id,
        applied,
        credit,
        amount,
        voided_at,
    ) in Payment.objects.values_list(
        "pk", "member_id", "invoice_id", "applied_amount", "credit_amount", "amount", "voided_at"
    ):
        if _d(applied) + _d(credit) != _d(amount):
            result.problems.append(_("Payment %(pk)s does not add up.") % {"pk": pk})
        label = _("payment %(pk)s") % {"pk": pk}
        books.check_reversed(result, label, ("payment", pk), voided_at)
        if not voided_at:
            books.doc_balance[invoice_id] -= _d(applied)
            books.credit_from_docs[member_id] += _d(credit)


def _read_waivers_and_credit(result: Reconciliation, books: _Books) -> None:
    for pk, invoice_id, amount, voided_at in Waiver.objects.values_list(
        "pk", "invoice_id", "amount", "voided_at"
    ):
        label = _("waiver %(pk)s") % {"pk": pk}
        books.check_reversed(result, label, ("waiver", pk), voided_at)
        if not voided_at:
            books.doc_balance[invoice_id] -= _d(amount)
    for pk, member_id, invoice_id, amount, voided_at in CreditApplication.objects.values_list(
        "pk", "member_id", "invoice_id", "amount", "voided_at"
    ):
        label = _("credit application %(pk)s") % {"pk": pk}
        books.check_reversed(result, label, ("credit", pk), voided_at)
        if not voided_at:
            books.doc_balance[invoice_id] -= _d(amount)
            books.credit_from_docs[member_id] -= _d(amount)


def _check_invoices(result: Reconciliation, books: _Books) -> None:
    """Per invoice: the balance from entries is the balance from documents, never negative."""
    for pk, expected in books.doc_balance.items():
        got = books.by_invoice.get(pk, ZERO)
        number = books.labels[pk]
        if got != expected:
            result.problems.append(
                _("Invoice %(number)s: entries give %(got)s, documents give %(expected)s.")
                % {"number": number, "got": format_rupiah(got), "expected": format_rupiah(expected)}
            )
        if expected < 0:
            result.problems.append(
                _("Invoice %(number)s is overpaid by %(amount)s.")
                % {"number": number, "amount": format_rupiah(-expected)}
            )


def _check_credit(result: Reconciliation, books: _Books) -> None:
    """Per member: the credit from entries is the credit from documents, never negative."""
    for member_id in set(books.credit_from_docs) | set(books.credit_from_entries):
        got = books.credit_from_entries.get(member_id, ZERO)
        expected = books.credit_from_docs.get(member_id, ZERO)
        if got != expected:
            result.problems.append(
                _("Member %(id)s: credit from entries %(got)s, from documents %(expected)s.")
                % {"id": member_id, "got": format_rupiah(got), "expected": format_rupiah(expected)}
            )
        if expected < 0:
            result.problems.append(_("Member %(id)s has negative credit.") % {"id": member_id})


def _check_statements(result: Reconciliation, books: _Books) -> None:
    """The statements close where the documents say, and the three totals agree."""
    result.invoice_balances = sum(books.doc_balance.values(), ZERO)
    result.member_credit = sum(books.credit_from_docs.values(), ZERO)
    balances = statement_balances()
    result.members = len(balances)
    result.statements_total = sum(balances.values(), ZERO)
    owed_by_member: dict[int, Decimal] = defaultdict(_zero)
    for pk, balance in books.doc_balance.items():
        owed_by_member[books.invoice_member[pk]] += balance
    for member_id, closing in balances.items():
        expected = owed_by_member.get(member_id, ZERO) - books.credit_from_docs.get(member_id, ZERO)
        if closing != expected:
            result.problems.append(
                _("Member %(id)s: statement closes at %(got)s, documents give %(expected)s.")
                % {
                    "id": member_id,
                    "got": format_rupiah(closing),
                    "expected": format_rupiah(expected),
                }
            )
    if not (result.ledger_total == result.documents_total == result.statements_total):
        result.problems.append(
            _("Totals disagree: ledger %(ledger)s, documents %(docs)s, statements %(stmts)s.")
            % {
                "ledger": format_rupiah(result.ledger_total),
                "docs": format_rupiah(result.documents_total),
                "stmts": format_rupiah(result.statements_total),
            }
        )


def _check_reversed(
    result: Reconciliation,
    label: str,
    entries: list[Entry],
    voided_at: object,
    reversed_ids: set[int],
) -> None:
    """A live document has entries and none reversed; a void one has each entry reversed."""
    originals = [(pk, amount) for pk, amount, reverses in entries if reverses is None]
    reversals = {reverses: amount for _pk, amount, reverses in entries if reverses is not None}
    if not originals:
        result.problems.append(_("%(doc)s has no ledger entry.") % {"doc": label})
        return
    for pk, amount in originals:
        is_reversed = pk in reversed_ids
        if bool(voided_at) != is_reversed:
            result.problems.append(
                _("%(doc)s: void and reversing entries disagree.") % {"doc": label}
            )
            return
        if is_reversed and reversals.get(pk) != -amount:
            result.problems.append(_("%(doc)s: a reversal does not match.") % {"doc": label})
            return
