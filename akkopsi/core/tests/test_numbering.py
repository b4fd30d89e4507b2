"""Gapless per-year numbers (``akkopsi.core.numbering``): in order, per kind and year, and
without gaps or repeats when many users take numbers at once (on PostgreSQL)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections, transaction

from akkopsi.core import numbering
from akkopsi.core.models import NumberSequence


@pytest.mark.django_db
def test_numbers_run_per_kind_and_year() -> None:
    assert [numbering.next_number("INV", 2015) for _ in range(3)] == [1, 2, 3]
    assert numbering.next_number("KWT", 2015) == 1
    assert numbering.next_number("INV", 2016) == 1
    assert numbering.next_number("INV", 2015, 5) == 8
    assert numbering.last_numbers("INV") == {2015: 8, 2016: 1}
    assert numbering.formatted("RAPOR", 2015, 7) == "RAPOR/2015/0007"


@pytest.mark.django_db
def test_a_rolled_back_transaction_gives_its_number_back() -> None:
    numbering.next_number("KWT", 2015)
    with pytest.raises(RuntimeError), transaction.atomic():
        numbering.next_number("KWT", 2015)
        raise RuntimeError("the payment failed")
    assert numbering.next_number("KWT", 2015) == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks (SELECT ... FOR UPDATE) need PostgreSQL; set DATABASE_URL=postgres://...",
)
def test_concurrent_numbers_are_gapless_and_unique() -> None:
    threads_n, per_thread = 8, 5
    barrier = threading.Barrier(threads_n)
    taken: list[Any] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            barrier.wait()
            for _ in range(per_thread):
                with transaction.atomic():
                    n = numbering.next_number("RAPOR", 2015)
                with lock:
                    taken.append(n)
        except Exception as exc:  # collected and checked below
            with lock:
                taken.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(taken) == list(range(1, threads_n * per_thread + 1)), taken
    assert NumberSequence.objects.get(kind="RAPOR", year=2015).last_number == 40


@pytest.mark.django_db(transaction=True)
def test_the_migrations_carry_the_old_counters_over() -> None:
    """dues.Sequence and rapor.ReportCounter rows become core.NumberSequence rows, and back."""
    from django.db.migrations.executor import MigrationExecutor

    from akkopsi.core.tests.test_squashed_migrations import old_executor

    # The old migrations (the squashes of ADR 0059 replace them on a fresh database).
    old = [("dues", "0003_money_exact"), ("rapor", "0001_initial")]
    new = [("dues", "0004_sequence_to_core"), ("rapor", "0002_counter_to_core")]
    executor = old_executor()
    executor.migrate(old)
    state = executor.loader.project_state(old).apps
    state.get_model("dues", "Sequence").objects.create(kind="KWT", year=2015, last_number=41)
    state.get_model("rapor", "ReportCounter").objects.create(year=2015, last=7)
    executor = old_executor()
    executor.migrate(new)
    assert numbering.last_numbers("KWT") == {2015: 41}
    assert numbering.last_numbers("RAPOR") == {2015: 7}
    assert numbering.next_number("RAPOR", 2015) == 8
    executor = old_executor()
    executor.migrate(old)  # and back: the counters return to their tables
    state = executor.loader.project_state(old).apps
    assert state.get_model("rapor", "ReportCounter").objects.get(year=2015).last == 8
    assert state.get_model("dues", "Sequence").objects.get(kind="KWT").last_number == 41
    executor = MigrationExecutor(connection)
    # Back to the latest state of every app (later migrations too), not only to ``new``:
    # the tests after this one find the schema they expect.
    executor.migrate(executor.loader.graph.leaf_nodes())
