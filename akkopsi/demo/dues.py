"""Demo dues, 2010 to 2025: schedules, invoices, payments, arrears, credit, waivers, voids.

No real dues amount of AKKOPSI is known (docs/sources.md 5.7): the amounts below are invented
and every decision reference says "(demo)". Deterministic: every choice comes from a hash
of the member's code and the year, so each run builds the same books. Schedules and
invoices go through the services (generation is set-based); payments, receipts and
their ledger entries are built in Python and bulk-inserted, then the books must reconcile.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

from akkopsi.accounts.models import User
from akkopsi.core.models import NumberSequence
from akkopsi.demo import facts
from akkopsi.dues import services
from akkopsi.dues.choices import EntryKind, PaymentMethod, Prorate, SequenceKind
from akkopsi.dues.models import (
    CreditApplication,
    DuesSchedule,
    Invoice,
    LedgerEntry,
    Payment,
    Receipt,
    Waiver,
    document_number,
)
from akkopsi.dues.services.common import credit_entries, payment_entries
from akkopsi.members.models import Member

FIRST_YEAR, LAST_YEAR = 2010, 2025
#: Nothing in the demo books happens after this day, whatever the real date.
BOOKS_CLOSE = date(2025, 12, 31)
CENT = Decimal("0.01")

#: (first year, last year, kota, kabupaten, prorate, decided on, decision): invented amounts.
SCHEDULES: list[tuple[int, int, int, int, str, date, str]] = [
    (
        2010,
        2013,
        5_000_000,
        5_000_000,
        Prorate.NONE,
        date(2009, 10, 20),
        "Keputusan Rapat Pendirian AKKOPSI, Jambi, 20 Oktober 2009 (demo)",
    ),
    (
        2014,
        2015,
        7_500_000,
        10_000_000,
        Prorate.MONTHS,
        date(2013, 9, 18),
        "Keputusan Munas II No. 05/MUNAS-II/2013, Mataram (demo)",
    ),
    (
        2016,
        2017,
        10_000_000,
        12_500_000,
        Prorate.MONTHS,
        date(2015, 11, 20),
        "Keputusan Rakernas VII No. 03/RAKERNAS-VII/2015, Padang (demo)",
    ),
    (
        2018,
        2019,
        10_000_000,
        15_000_000,
        Prorate.MONTHS,
        date(2017, 12, 14),
        "Keputusan Munas III No. 04/MUNAS-III/2017, Makassar (demo)",
    ),
    (
        2020,
        2021,
        5_000_000,
        7_500_000,
        Prorate.MONTHS,
        date(2020, 4, 14),
        "Keputusan Dewan Pengurus: keringanan iuran masa pandemi Covid-19 (demo)",
    ),
    (
        2022,
        2025,
        10_000_000,
        15_000_000,
        Prorate.MONTHS,
        date(2021, 12, 10),
        "Keputusan Rapat Dewan Pengurus No. 02/DP/XII/2021 (demo)",
    ),
]
#: The rakor of 19 May 2015 discussed dues: its proposal for 2016 was the first version,
#: superseded by the Rakernas in Padang before any 2016 invoice was issued.
RAKOR_2016_PROPOSAL = (
    9_000_000,
    12_000_000,
    date(2015, 5, 19),
    "Usulan Rakor Pokja, Balikpapan, 19 Mei 2015 (demo)",
)
CSS_XV_FEE = Decimal("3500000")
#: Members hit by the earthquake, tsunami and liquefaction in Central Sulawesi on
#: 28 September 2018 (Kota Palu itself is not a demo member): 2018-2019 dues waived.
DISASTER = {"7203", "7210"}  # Kabupaten Donggala, Kabupaten Sigi
BANKS = [
    "BNI",
    "BRI",
    "Bank Mandiri",
    "BTN",
    "Bank Kaltimtara",
    "Bank Nagari",
    "Bank Jatim",
    "Bank DKI",
    "Bank Sumut",
    "Bank NTB Syariah",
]


def _h(*parts: object) -> int:
    return int(
        hashlib.sha256("|".join(map(str, ["akkopsi-dues", *parts])).encode()).hexdigest()[:12], 16
    )


def _u(*parts: object) -> float:
    """A deterministic number in [0, 1)."""
    return (_h(*parts) % 1_000_000) / 1_000_000


def _days(lo: int, hi: int, *parts: object) -> timedelta:
    return timedelta(days=lo + _h(*parts) % (hi - lo + 1))


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


@dataclass
class _Plan:
    """Payments and credit of one member, worked out in date order."""

    payments: list[dict[str, Any]] = field(default_factory=list)
    credit: Decimal = Decimal("0.00")


def _schedules(by: User) -> None:
    for first, last, kota, kab, prorate, decided, reference in SCHEDULES:
        for year in range(first, last + 1):
            amounts = {"kota": Decimal(kota), "kabupaten": Decimal(kab)}
            kwargs: dict[str, Any] = {
                "amounts": amounts,
                "prorate": prorate,
                "due_on": date(year, 3, 31),
                "decided_on": decided,
                "decision_reference": reference,
                "by": by,
            }
            if year == 2016:
                kota0, kab0, decided0, reference0 = RAKOR_2016_PROPOSAL
                draft = services.create_schedule(
                    year=year,
                    amounts={"kota": kota0, "kabupaten": kab0},
                    prorate=prorate,
                    due_on=date(year, 3, 31),
                    decided_on=decided0,
                    decision_reference=reference0,
                    by=by,
                )
                services.supersede_schedule(schedule=draft, **kwargs)
            else:
                services.create_schedule(year=year, **kwargs)


def _behaviour(code: str, year: int) -> str:
    """How a member settles a year's dues: mostly on time, some late, a few never."""
    weak = _u("weak", code) < 0.08  # a few members pay badly year after year
    x = _u("pay", code, year)
    if year == LAST_YEAR:
        return "on_time" if x < 0.62 else ("instalments" if x < 0.70 else "unpaid")
    unpaid = 0.40 if weak else 0.025
    if x < unpaid:
        return "unpaid"
    if x < unpaid + 0.03:
        return "partial"
    if x < unpaid + 0.09:
        return "instalments"
    if x < unpaid + 0.19 or (weak and x < 0.75):
        return "late"
    if x < unpaid + 0.21:
        return "overpay"
    return "on_time"


def _method(code: str, year: int, n: int, day: date) -> tuple[str, str]:
    x = _u("method", code, year, n)
    if x < 0.86:
        bank = BANKS[_h("bank", code) % len(BANKS)]
        return PaymentMethod.TRANSFER, f"{bank} {day:%Y%m%d}-{_h('ref', code, year, n) % 10000:04d}"
    if x < 0.95:
        return PaymentMethod.CASH, f"Buku kas {day:%Y}/{_h('kas', code, year, n) % 300 + 1}"
    return PaymentMethod.CHEQUE, f"Giro {_h('giro', code, year, n) % 900000 + 100000}"


def _plan_invoice(inv: dict[str, Any], code: str, plan: _Plan) -> None:
    """Payments of one invoice (after any credit applied to it)."""
    due: Decimal = inv["open"]
    if due <= 0:
        return
    year, issued = inv["year"], inv["issued_on"]
    kind = (
        _behaviour(code, year)
        if inv["dues"]
        else ("on_time" if _u("css", code) < 0.9 else "unpaid")
    )
    parts: list[tuple[date, Decimal]] = []
    if kind == "on_time":
        parts = [(issued + _days(10, 130, "d", code, year, inv["pk"]), due)]
    elif kind == "late":
        parts = [(inv["due_on"] + _days(45, 420, "late", code, year), due)]
    elif kind == "instalments":
        half = (due / 2).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
        first = issued + _days(20, 80, "i1", code, year)
        parts = [(first, half), (first + _days(60, 240, "i2", code, year), due - half)]
    elif kind == "partial":
        parts = [(issued + _days(30, 200, "p", code, year), (due * Decimal("0.4")).quantize(CENT))]
    elif kind == "overpay":  # pays next year's dues early too, kept as credit
        parts = [(issued + _days(10, 90, "o", code, year), due + (due / 2).quantize(Decimal("1")))]
    for n, (day, amount) in enumerate(parts):
        if day > BOOKS_CLOSE:
            continue
        method, ref = _method(code, year, n, day)
        plan.payments.append(
            {
                "invoice": inv,
                "amount": amount,
                "paid_on": max(day, issued),
                "method": method,
                "bank_reference": ref,
                "key": f"demo-{inv['number']}-{n}",
            }
        )


def load_dues() -> bool:
    """Load the demo dues once: only when no schedule exists yet. Returns True if loaded."""
    if DuesSchedule.objects.exists() or not Member.objects.exists():
        return False
    treasurer = User.objects.get(username="bendahara")
    _schedules(treasurer)
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        services.generate_invoices(year=year, by=treasurer, issued_on=date(year, 1, 15))
    css_members = Member.objects.filter(regency_id__in=[*facts.ARTICLE_MEMBERS, facts.KOTA_PADANG])
    for member in css_members.order_by("regency_id"):
        services.create_invoice(
            member=member,
            amount=CSS_XV_FEE,
            issued_on=date(2015, 9, 1),
            due_on=date(2015, 11, 18),
            description="Biaya pendaftaran City Sanitation Summit XV, Padang 2015 (demo)",
            by=treasurer,
        )
    _settle(treasurer)
    return True


def _invoices_by_member() -> dict[int, list[dict[str, Any]]]:
    rows = Invoice.objects.order_by("member__regency_id", "issued_on", "sequence_no").values(
        "pk",
        "number",
        "member_id",
        "member__regency_id",
        "year",
        "kind",
        "amount",
        "issued_on",
        "due_on",
    )
    by_member: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_member[r["member_id"]].append(
            {**r, "dues": r["kind"] == "dues", "open": Decimal(r["amount"]).quantize(CENT)}
        )
    return by_member


def _waived(code: str, inv: dict[str, Any]) -> bool:
    return code in DISASTER and inv["year"] in (2018, 2019)


@dataclass
class _Books:
    payments: list[Payment] = field(default_factory=list)
    credits: list[CreditApplication] = field(default_factory=list)
    waivers: list[Waiver] = field(default_factory=list)


def _settle_member(member_id: int, invoices: list[dict[str, Any]], books: _Books, by: User) -> None:
    """One member's payments (planned invoice by invoice), credit applied, waivers."""
    code = invoices[0]["member__regency_id"]
    plan = _Plan()
    for inv in invoices:
        if plan.credit > 0 and inv["dues"]:
            used = min(plan.credit, inv["open"])
            books.credits.append(
                CreditApplication(
                    member_id=member_id,
                    invoice_id=inv["pk"],
                    amount=used,
                    applied_on=inv["issued_on"],
                    created_by=by,
                )
            )
            plan.credit -= used
            inv["open"] -= used
        if _waived(code, inv):
            continue  # waived below
        start = len(plan.payments)
        _plan_invoice(inv, code, plan)
        for p in plan.payments[start:]:
            applied = min(p["amount"], inv["open"])
            inv["open"] -= applied
            plan.credit += p["amount"] - applied
            p["applied"] = applied
    books.waivers += [
        Waiver(
            member_id=member_id,
            invoice_id=inv["pk"],
            amount=inv["open"],
            decided_on=date(2019, 6, 24),
            decision_reference="Keputusan Rapat Dewan Pengurus, Jakarta, 24 Juni 2019 (demo)",
            reason="Gempa bumi, tsunami dan likuefaksi Sulawesi Tengah, 28 September 2018 (demo)",
            created_by=by,
        )
        for inv in invoices
        if _waived(code, inv) and inv["open"] > 0
    ]
    books.payments += [
        Payment(
            member_id=member_id,
            invoice_id=p["invoice"]["pk"],
            amount=p["amount"],
            applied_amount=p["applied"],
            credit_amount=p["amount"] - p["applied"],
            paid_on=p["paid_on"],
            method=p["method"],
            bank_reference=p["bank_reference"],
            idempotency_key=p["key"],
            created_by=by,
        )
        for p in plan.payments
    ]


def _settle(by: User) -> None:
    books = _Books()
    for member_id, invoices in _invoices_by_member().items():
        _settle_member(member_id, invoices, books, by)
    voided = _bounced(books.payments, by)
    payments = Payment.objects.bulk_create(books.payments + voided, batch_size=1000)
    credits = CreditApplication.objects.bulk_create(books.credits, batch_size=1000)
    waivers = Waiver.objects.bulk_create(books.waivers, batch_size=1000)
    _receipts(payments)
    _entries(payments, credits, waivers, by)


def _bounced(payments: list[Payment], by: User) -> list[Payment]:
    """Two payments that had to be voided, each an extra record next to the good one:
    a transfer that bounced (then paid again), and a transfer recorded twice (the second
    time it could only become credit)."""
    codes = dict(Member.objects.values_list("pk", "regency_id"))
    invoices = {
        pk: (year, issued)
        for pk, year, issued in Invoice.objects.values_list("pk", "year", "issued_on")
    }
    extra = []
    for code, year, reason in [
        (facts.KOTA_PADANG, 2014, "Transfer ditolak bank: rekening pengirim ditutup (demo)"),
        ("6474", 2017, "Tercatat dua kali dari mutasi rekening yang sama (demo)"),
    ]:
        bounced = reason.startswith("Transfer")
        for good in payments:
            inv_year, issued = invoices[good.invoice_id]
            if codes[good.member_id] != code or inv_year < year or not good.applied_amount:
                continue
            day = good.paid_on - timedelta(days=14) if bounced else good.paid_on
            if day < issued:
                continue
            extra.append(
                Payment(
                    member_id=good.member_id,
                    invoice_id=good.invoice_id,
                    amount=good.applied_amount,
                    applied_amount=good.applied_amount if bounced else Decimal("0.00"),
                    credit_amount=Decimal("0.00") if bounced else good.applied_amount,
                    paid_on=day,
                    method=good.method,
                    bank_reference=good.bank_reference,
                    idempotency_key=good.idempotency_key + "-void",
                    created_by=by,
                    voided_at=_at(day + timedelta(days=5)),
                    voided_by=by,
                    void_reason=reason,
                )
            )
            break
    return extra


def _receipts(payments: list[Payment]) -> None:
    per_year: dict[int, int] = defaultdict(int)
    receipts = []
    for p in sorted(payments, key=lambda p: (p.paid_on, p.pk)):
        year = p.paid_on.year
        per_year[year] += 1
        receipts.append(
            Receipt(
                payment=p,
                number=document_number(SequenceKind.RECEIPT, year, per_year[year]),
                year=year,
                sequence_no=per_year[year],
                issued_on=p.paid_on,
            )
        )
    Receipt.objects.bulk_create(receipts, batch_size=1000)
    NumberSequence.objects.bulk_create(
        [
            NumberSequence(kind=SequenceKind.RECEIPT, year=y, last_number=n)
            for y, n in per_year.items()
        ]
    )


def _entries(
    payments: list[Payment], credits: list[CreditApplication], waivers: list[Waiver], by: User
) -> None:
    """The ledger entries of the demo's documents, built by the services' own rules."""
    numbers = dict(Invoice.objects.values_list("pk", "number"))
    issued = dict(Invoice.objects.values_list("pk", "issued_on"))
    entries: list[LedgerEntry] = []
    for p in payments:
        entries += payment_entries(p, by=by, credit_memo="Kelebihan bayar disimpan sebagai kredit")
    for c in credits:
        entries += credit_entries(c, by=by, invoice_number=numbers[c.invoice_id])
    entries += [
        LedgerEntry(
            member_id=w.member_id,
            invoice_id=w.invoice_id,
            kind=EntryKind.WAIVER,
            amount=-w.amount,
            entry_date=max(w.decided_on, issued[w.invoice_id]),
            waiver=w,
            memo=w.decision_reference,
            created_by=by,
        )
        for w in waivers
    ]
    entries = LedgerEntry.objects.bulk_create(entries, batch_size=2000)
    reversals = [
        LedgerEntry(
            member_id=e.member_id,
            invoice_id=e.invoice_id,
            kind=e.kind,
            amount=-e.amount,
            entry_date=timezone.localdate(e.payment.voided_at),
            payment=e.payment,
            reverses=e,
            memo=e.payment.void_reason,
            created_by=by,
        )
        for e in entries
        if e.payment is not None and e.payment.voided_at is not None
    ]
    LedgerEntry.objects.bulk_create(reversals)
