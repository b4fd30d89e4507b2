"""Money over the whole demo: what SQL sums equals the Decimal sum of the same rows in Python
(ledger, invoice balances, the dues year summary, budget lines, APBD totals), and on SQLite
every money column holds integer sen (ADR 0021)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Sum

from akkopsi.core.fields import MoneyField
from akkopsi.data.models import ApbdTotal, BudgetLine
from akkopsi.dues.choices import EntryKind, InvoiceKind
from akkopsi.dues.models import Invoice, LedgerEntry
from akkopsi.dues.reports import year_summary

pytestmark = pytest.mark.django_db

ZERO = Decimal("0.00")
FAR = date(2100, 1, 1)


def test_ledger_sums_in_sql_equal_decimal_sums(demo: None) -> None:
    rows = list(
        LedgerEntry.objects.values_list("member_id", "invoice_id", "kind", "amount").order_by()
    )
    assert len(rows) > 1000  # the demo's years of dues
    total, by_member = ZERO, defaultdict(lambda: ZERO)
    for member_id, _invoice_id, _kind, amount in rows:
        total += amount
        by_member[member_id] += amount
    assert LedgerEntry.objects.aggregate(s=Sum("amount"))["s"] == total
    in_sql = dict(
        LedgerEntry.objects.values("member_id")
        .annotate(s=Sum("amount"))
        .values_list("member_id", "s")
        .order_by()
    )
    assert in_sql == dict(by_member)


def test_invoice_balances_in_sql_equal_decimal_sums(demo: None) -> None:
    balance, waived = defaultdict(lambda: ZERO), defaultdict(lambda: ZERO)
    for invoice_id, kind, amount in LedgerEntry.objects.filter(invoice__isnull=False).values_list(
        "invoice_id", "kind", "amount"
    ):
        balance[invoice_id] += amount
        if kind == EntryKind.WAIVER:
            waived[invoice_id] -= amount
    in_sql = list(Invoice.objects.with_balance().values_list("pk", "balance", "waived"))
    assert len(in_sql) > 500
    assert {pk: (b, w) for pk, b, w in in_sql} == {
        pk: (balance[pk], waived[pk]) for pk, _b, _w in in_sql
    }


def test_the_dues_year_summary_equals_decimal_sums(demo: None) -> None:
    billed, outstanding = defaultdict(lambda: ZERO), defaultdict(lambda: ZERO)
    for year, kind, amount in LedgerEntry.objects.filter(
        invoice__kind=InvoiceKind.DUES
    ).values_list("invoice__year", "kind", "amount"):
        outstanding[year] += amount
        if kind == EntryKind.INVOICE:
            billed[year] += amount
    summary = year_summary(on=FAR)
    assert summary
    assert {r.year: (r.billed, r.outstanding) for r in summary} == {
        y: (billed[y], outstanding[y]) for y in outstanding
    }


def test_budget_and_apbd_sums_in_sql_equal_decimal_sums(demo: None) -> None:
    lines: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    for member_id, year, amount in BudgetLine.objects.values_list("member_id", "year", "amount"):
        lines[(member_id, year)] += amount
    in_sql = {
        (m, y): s
        for m, y, s in BudgetLine.objects.values("member_id", "year")
        .annotate(s=Sum("amount"))
        .values_list("member_id", "year", "s")
        .order_by()
    }
    assert len(in_sql) > 400
    assert in_sql == dict(lines)
    totals = list(ApbdTotal.objects.values_list("amount", flat=True))
    assert ApbdTotal.objects.aggregate(s=Sum("amount"))["s"] == sum(totals, ZERO)
    assert max(totals) > Decimal("1e12")  # APBD totals of trillions, summed to the sen


@pytest.mark.skipif(connection.vendor != "sqlite", reason="integer sen is SQLite's storage")
def test_every_money_column_holds_integer_sen_on_sqlite(demo: None) -> None:
    qn = connection.ops.quote_name
    checked, wrong = 0, {}
    with connection.cursor() as cursor:
        for model in apps.get_models():
            for f in model._meta.concrete_fields:
                if not isinstance(f, MoneyField):
                    continue
                cursor.execute(
                    f"SELECT COUNT(*) FROM {qn(model._meta.db_table)} "
                    f"WHERE {qn(f.column)} IS NOT NULL AND typeof({qn(f.column)}) != 'integer'"
                )
                checked += 1
                if n := cursor.fetchone()[0]:
                    wrong[f"{model._meta.label}.{f.name}"] = n
    assert checked >= 30  # every money column of data, planning, coordination, dues (+history)
    assert wrong == {}
