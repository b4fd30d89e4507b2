"""Two treasurers at once, on PostgreSQL: one payment per key, gapless numbers.

SQLite serialises every writer, so these tests need PostgreSQL (DATABASE_URL=postgres://...).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from akkopsi.dues import services
from akkopsi.dues.models import Invoice, LedgerEntry, Payment, Receipt
from akkopsi.dues.reconcile import reconcile
from akkopsi.dues.tests.conftest import make_schedule
from akkopsi.dues.tests.test_generation import _add_members

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (SELECT ... FOR UPDATE) need PostgreSQL; set DATABASE_URL=postgres://...",
    ),
]

THREADS = 8


def _race(task: Callable[[int], Any], n: int = THREADS) -> list[Any]:
    """Run ``task(i)`` in ``n`` threads released at the same moment; results or exceptions."""
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = task(i)
        except Exception as exc:  # collected and checked by the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_many_threads_recording_one_payment_key_leave_one_payment(
    invoices: Any, users: Any
) -> None:
    invoice = invoices["6474"]
    results = _race(
        lambda _i: services.record_payment(
            invoice=invoice.pk,
            amount=Decimal("1500000.00"),
            paid_on=date(2015, 4, 10),
            method="transfer",
            bank_reference="BNI 0042",
            idempotency_key="one-transfer",
            by=users["treasurer"],
        )
    )
    assert all(isinstance(r, Payment) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert sum(not r.replayed for r in results) == 1
    assert Payment.objects.count() == 1 and Receipt.objects.count() == 1
    assert LedgerEntry.objects.filter(payment__isnull=False).count() == 1
    assert services.invoice_balance(invoice) == 0
    assert reconcile().ok


def test_the_same_key_with_different_data_at_once_stores_one(invoices: Any, users: Any) -> None:
    targets = [invoices["6474"], invoices["6471"]]
    results = _race(
        lambda i: services.record_payment(
            invoice=targets[i % 2].pk,
            amount=Decimal("1000000.00"),
            paid_on=date(2015, 4, 10),
            method="cash",
            idempotency_key="shared-key",
            by=users["treasurer"],
        )
    )
    stored = Payment.objects.get()
    for r in results:
        if isinstance(r, Payment):
            assert r.pk == stored.pk
        else:
            assert isinstance(r, services.IdempotencyConflict), r
    assert reconcile().ok


def test_concurrent_payments_on_one_invoice_split_balance_and_credit_exactly(
    invoices: Any, users: Any
) -> None:
    """Eight payments of Rp500.000 on a Rp1.500.000 invoice: three settle it, five are credit."""
    invoice = invoices["6474"]
    results = _race(
        lambda i: services.record_payment(
            invoice=invoice.pk,
            amount=Decimal("500000.00"),
            paid_on=date(2015, 4, 10),
            method="transfer",
            idempotency_key=f"part-{i}",
            by=users["treasurer"],
        )
    )
    assert all(isinstance(r, Payment) for r in results), results
    assert services.invoice_balance(invoice) == 0
    assert services.member_credit(invoice.member) == Decimal("2500000.00")
    numbers = sorted(Receipt.objects.values_list("sequence_no", flat=True))
    assert numbers == list(range(1, THREADS + 1))
    assert reconcile().ok


def test_concurrent_invoice_generation_leaves_gapless_numbers(members: Any, users: Any) -> None:
    _add_members(30, 0)
    make_schedule(2015, users["treasurer"])
    results = _race(
        lambda _i: services.generate_invoices(
            year=2015, by=users["treasurer"], issued_on=date(2015, 1, 15)
        )
    )
    assert all(isinstance(r, services.Generated) for r in results), results
    assert sorted(r.created for r in results) == [0] * (THREADS - 1) + [33]
    numbers = sorted(Invoice.objects.filter(year=2015).values_list("sequence_no", flat=True))
    assert numbers == list(range(1, 34))
    assert Invoice.objects.values("member").distinct().count() == 33


def test_one_off_invoices_and_generation_at_once_share_gapless_numbers(
    members: Any, users: Any
) -> None:
    _add_members(10, 0)
    make_schedule(2015, users["treasurer"])
    member = members["6474"]

    def task(i: int) -> Any:
        if i == 0:
            return services.generate_invoices(year=2015, by=users["treasurer"])
        return services.create_invoice(
            member=member,
            description=f"CSS {i}",
            amount="250000",
            by=users["treasurer"],
            issued_on=date(2015, 9, 1),
            due_on=date(2015, 10, 1),
        )

    results = _race(task)
    assert not [r for r in results if isinstance(r, Exception | ValidationError)], results
    numbers = sorted(Invoice.objects.filter(year=2015).values_list("sequence_no", flat=True))
    assert numbers == list(range(1, 13 + THREADS))
    assert reconcile().ok
