"""The demo's dues books: 2010 to 2025, realistic arrears, and they reconcile.

One demo load per test costs seconds, so the facts are checked in one test."""

from __future__ import annotations

from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from akkopsi.dues.models import DuesSchedule, Invoice, Payment, Waiver
from akkopsi.dues.reconcile import reconcile
from akkopsi.dues.reports import arrears, year_summary

pytestmark = pytest.mark.django_db


def test_demo_dues_are_realistic_consistent_and_loaded_once(db: Any) -> None:
    call_command("demo", "--quiet-logins", stdout=StringIO())

    result = reconcile()
    assert result.ok, result.problems[:5]
    assert result.invoices > 5000 and result.entries > 10000

    rows = {r.year: r for r in year_summary(on=date(2025, 12, 31))}
    assert sorted(rows) == list(range(2010, 2026))
    assert rows[2019].invoices == rows[2025].invoices == 492
    assert all(r.billed - r.collected - r.waived == r.outstanding for r in rows.values())
    assert all(r.rate is not None and r.rate > 75 for y, r in rows.items() if y < 2025)

    # The rakor of 19 May 2015 has numbers behind its "member dues" item.
    [may_2015] = [r for r in year_summary(on=date(2015, 5, 19)) if r.year == 2015]
    assert may_2015.invoices == 349  # every member that day
    assert 0 < may_2015.collected < may_2015.billed
    report = arrears(on=date(2015, 5, 19))
    assert report.total > 0 and any(r.buckets["older"] > 0 for r in report.rows)

    voided = Payment.objects.exclude(voided_at=None)
    assert voided.count() == 2 and all(p.void_reason for p in voided)
    assert Payment.objects.filter(credit_amount__gt=0, voided_at=None).exists()
    waived = Waiver.objects.values_list("member__regency_id", "invoice__year")
    assert set(waived) == {("7203", 2018), ("7203", 2019), ("7210", 2018), ("7210", 2019)}
    assert DuesSchedule.objects.get(year=2016, version=2).supersedes.version == 1
    assert Invoice.objects.filter(kind="one_off").count() == 11
    assert Invoice.objects.filter(months__lt=12).exists()  # pro-rated late joiners

    before = (Invoice.objects.count(), Payment.objects.count())
    call_command("demo", "--quiet-logins", stdout=StringIO())
    assert (Invoice.objects.count(), Payment.objects.count()) == before
