"""Benchmarks of the dues ledger against raw-SQL floors, in a throw-away test database.

1. Generating a year's dues invoices for 514 members (``services.generate_invoices``:
   one INSERT ... SELECT plus its ledger entries) vs the floor: the same invoice rows and
   entries, already computed, inserted with two raw ``executemany`` statements.
2. The arrears report (``reports.arrears``) over five years of books vs the floor: one
   raw GROUP BY over the ledger, fetched.

Each note carries the SQL query count, measured at 514 and at 103 members: it is the same
(constant), which is what the test suite asserts too. Runs on SQLite in memory, or on
PostgreSQL when DATABASE_URL points there (a test_ database is created and dropped).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

N_MEMBERS = 514
SMALL = 103
YEARS = range(2019, 2024)
REPEAT = 3


def _django() -> Any:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akkopsi.config.settings")
    import django

    django.setup()
    from django.db import connection

    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    return connection, old_name


def _best(fn: Callable[[], Any], setup: Callable[[], Any] | None = None) -> float:
    best = float("inf")
    for _ in range(REPEAT):
        if setup:
            setup()
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def _members(n: int, start: int = 0) -> None:
    from akkopsi.members.models import Member, MembershipPeriod
    from akkopsi.regions.models import Province, Regency, RegencyKind

    province, _ = Province.objects.get_or_create(code="99", defaults={"name": "Bench"})
    regencies = Regency.objects.bulk_create(
        [
            Regency(
                code=f"{9000 + i}",
                province=province,
                kind=RegencyKind.KOTA if i % 5 == 0 else RegencyKind.KABUPATEN,
                name=f"Bench {i}",
            )
            for i in range(start, start + n)
        ]
    )
    members = Member.objects.bulk_create(
        [Member(regency=r, membership_number=f"B-{r.code}") for r in regencies]
    )
    MembershipPeriod.objects.bulk_create(
        [
            MembershipPeriod(member=m, joined_on=date(2015, 1 + i % 12, 1))
            for i, m in enumerate(members)
        ]
    )


def _count_queries(connection: Any, fn: Callable[[], Any]) -> int:
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


def run() -> list[dict[str, object]]:
    connection, old_name = _django()
    try:
        return _run(connection)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _schedule(year: int) -> None:
    from akkopsi.dues import services

    services.create_schedule(
        year=year,
        amounts={"kota": Decimal("10000000"), "kabupaten": Decimal("15000000")},
        prorate="months",
        due_on=date(year, 3, 31),
        decided_on=date(year - 1, 12, 1),
        decision_reference="Bench",
        by=None,
    )


def _generate(year: int) -> Any:
    from akkopsi.dues import services

    return services.generate_invoices(year=year, by=None, issued_on=date(year, 1, 15))


def _floor_insert(connection: Any, invoice_rows: list[Any]) -> None:
    """The same invoice rows and their entries, inserted by a raw executemany (rolled back)."""
    from django.db import transaction

    from akkopsi.dues.models import Invoice

    ops = connection.ops
    money = Invoice._meta.get_field("amount")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO dues_invoice (number, sequence_no, year, member_id, kind, "
            "schedule_id, description, amount, months, issued_on, due_on, created_by_id, "
            "created_at, updated_at, void_reason) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [
                (
                    *r[:7],
                    money.get_db_prep_save(r[7], connection),  # sen on SQLite
                    r[8],
                    ops.adapt_datefield_value(r[9]),
                    ops.adapt_datefield_value(r[10]),
                    r[11],
                    ops.adapt_datetimefield_value(r[12]),
                    ops.adapt_datetimefield_value(r[13]),
                    r[14],
                )
                for r in invoice_rows
            ],
        )
        cursor.execute(
            "SELECT id, member_id, amount, issued_on FROM dues_invoice WHERE year = 2019"
        )
        entries = cursor.fetchall()
        cursor.executemany(
            "INSERT INTO dues_ledgerentry (member_id, invoice_id, amount, entry_date, kind, "
            "memo, created_at, created_by_id) VALUES (%s, %s, %s, %s, 'invoice', '', %s, NULL)",
            [
                (m, i, a, d, ops.adapt_datetimefield_value(invoice_rows[0][12]))
                for i, m, a, d in entries
            ],
        )
        transaction.set_rollback(True)


def _bench_generation(connection: Any) -> tuple[float, int, float]:
    """1. Generation of one year, rolled back after each run so every run does the same work:
    best seconds, queries, and the raw floor's seconds."""
    from django.db import transaction

    from akkopsi.dues.models import Invoice
    from akkopsi.dues.services.generation import INVOICE_COLUMNS

    def timed_generation() -> None:
        with transaction.atomic():
            created = _generate(2019).created
            assert created == N_MEMBERS, created
            transaction.set_rollback(True)

    gen_seconds = _best(timed_generation)
    with transaction.atomic():
        gen_queries = _count_queries(connection, lambda: _generate(2019))
        transaction.set_rollback(True)
    with transaction.atomic():
        _generate(2019)
        invoice_rows = list(Invoice.objects.filter(year=2019).values_list(*INVOICE_COLUMNS))
        transaction.set_rollback(True)
    return gen_seconds, gen_queries, _best(lambda: _floor_insert(connection, invoice_rows))


def _pay_most(on: date) -> None:
    """Five years of invoices, most paid, some partly, some not."""
    from akkopsi.dues import services
    from akkopsi.dues.models import Invoice

    for year in YEARS:
        _generate(year)
    paid = Invoice.objects.filter(year__in=[2019, 2020, 2021]).order_by("pk")[:900]
    for key, invoice in enumerate(paid, start=1):
        services.record_payment(
            invoice=invoice,
            amount=invoice.amount if key % 4 else invoice.amount / 2,
            paid_on=date(invoice.year, 4, 1),
            method="transfer",
            idempotency_key=f"bench-{key}",
            by=None,
        )


def _floor_report(connection: Any, on: date) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.member_id, i.year, SUM(e.amount) FROM dues_ledgerentry e "
            "LEFT JOIN dues_invoice i ON i.id = e.invoice_id WHERE e.entry_date <= %s "
            "GROUP BY e.member_id, i.year",
            [connection.ops.adapt_datefield_value(on)],
        )
        cursor.fetchall()


def _run(connection: Any) -> list[dict[str, object]]:
    from akkopsi.dues.models import LedgerEntry
    from akkopsi.dues.reports import arrears

    # Query count at 103 members, then at 514.
    _members(SMALL)
    _schedule(2018)
    small_queries = _count_queries(connection, lambda: _generate(2018))
    small_report = _count_queries(connection, lambda: arrears(on=date(2018, 12, 31)))
    _members(N_MEMBERS - SMALL, start=SMALL)
    for year in YEARS:
        _schedule(year)
    gen_seconds, gen_queries, floor_gen = _bench_generation(connection)
    # 2. The arrears report over five years.
    on = date(2023, 12, 31)
    _pay_most(on)
    report_queries = _count_queries(connection, lambda: arrears(on=on))
    report_seconds = _best(lambda: arrears(on=on))
    entries = LedgerEntry.objects.count()
    floor_rep = _best(lambda: _floor_report(connection, on))
    vendor = connection.vendor
    return [
        {
            "bench": f"dues: generate a year's invoices, {N_MEMBERS} members ({vendor})",
            "seconds": gen_seconds,
            "floor": "raw executemany of the same invoice rows + entries",
            "floor_seconds": floor_gen,
            "ratio": gen_seconds / floor_gen,
            "note": f"{gen_queries} SQL queries at {N_MEMBERS} members, "
            f"{small_queries} at {SMALL} (constant)",
        },
        {
            "bench": f"dues: arrears report, {N_MEMBERS} members x 5 years ({vendor})",
            "seconds": report_seconds,
            "floor": "one raw GROUP BY over the ledger",
            "floor_seconds": floor_rep,
            "ratio": report_seconds / floor_rep,
            "note": f"{report_queries} SQL queries over {entries} entries, "
            f"{small_report} at {SMALL} members (constant)",
        },
    ]
