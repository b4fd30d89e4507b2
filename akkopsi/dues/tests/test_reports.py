"""Year summary, arrears ageing, statements and the reconciliation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from akkopsi.dues import services
from akkopsi.dues.models import LedgerEntry, Payment
from akkopsi.dues.reconcile import reconcile
from akkopsi.dues.reports import arrears, statement, year_summary
from akkopsi.dues.tests.conftest import make_schedule, pay
from akkopsi.dues.tests.test_generation import _add_members

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(invoices: Any, users: Any) -> dict[str, Any]:
    """2015: Bontang pays in full in April, Balikpapan half in June; Buleleng nothing.
    2016: both kota billed; Bontang overpays by Rp250.000."""
    t = users["treasurer"]
    pay(invoices["6474"], "1500000", t, paid_on=date(2015, 4, 10))
    pay(invoices["6471"], "750000", t, paid_on=date(2015, 6, 2))
    make_schedule(2016, t)
    services.generate_invoices(year=2016, by=t, issued_on=date(2016, 1, 15))
    bontang_2016 = invoices["6474"].member.invoices.get(year=2016)
    pay(bontang_2016, "1750000", t, paid_on=date(2016, 2, 1))
    return {"bontang_2016": bontang_2016, **invoices}


def test_year_summary_as_of_the_rakor_of_19_may_2015(books: Any) -> None:
    [row] = year_summary(on=date(2015, 5, 19))
    assert (row.year, row.invoices) == (2015, 3)
    assert row.billed == Decimal("5000000.00")
    assert row.collected == Decimal("1500000.00")  # Balikpapan paid in June
    assert row.outstanding == Decimal("3500000.00")
    assert row.rate == Decimal("30.0")


def test_year_summary_today_and_billed_minus_collected_is_outstanding(books: Any) -> None:
    rows = {r.year: r for r in year_summary(on=date(2016, 12, 31))}
    assert rows[2015].collected == Decimal("2250000.00")
    assert rows[2016].billed == Decimal("3000000.00")  # Buleleng left on 1 January 2016
    assert rows[2016].collected == Decimal("1500000.00")  # the excess is credit, not collection
    for r in rows.values():
        assert r.billed - r.collected - r.waived == r.outstanding


def test_arrears_are_aged_by_the_year_of_the_invoice(books: Any) -> None:
    report = arrears(on=date(2017, 6, 30))
    by_code = {r.code: r for r in report.rows}
    assert by_code["5108"].buckets["two_years"] == Decimal("2000000.00")
    assert by_code["6471"].buckets["two_years"] == Decimal("750000.00")
    assert by_code["6471"].buckets["one_year"] == Decimal("1500000.00")
    assert by_code["6474"].total == 0 and by_code["6474"].credit == Decimal("250000.00")
    assert report.total == Decimal("4250000.00")
    assert [r.code for r in report.rows][:2] == ["6471", "5108"]  # largest debt first


def test_statement_runs_the_balance_and_shows_credit(books: Any) -> None:
    account = statement(books["6474"].member, end=date(2016, 12, 31))
    assert [line.balance for line in account.lines] == [
        Decimal("1500000.00"),
        Decimal("0.00"),
        Decimal("1500000.00"),
        Decimal("0.00"),
        Decimal("-250000.00"),
    ]
    assert account.closing == Decimal("-250000.00")
    assert account.credit_held == Decimal("250000.00") and account.owed == 0
    assert account.lines[0].description == "Iuran anggota 2015"
    assert account.lines[1].reference == "KWT/2015/0001"


def test_statement_as_of_a_date_ignores_later_entries(books: Any) -> None:
    account = statement(books["6471"].member, end=date(2015, 5, 19))
    assert account.closing == Decimal("1500000.00") and len(account.lines) == 1


def test_reconciliation_agrees_on_consistent_books(books: Any) -> None:
    result = reconcile()
    assert result.ok, result.problems
    assert result.ledger_total == result.documents_total == result.statements_total
    assert result.ledger_total == Decimal("4000000.00")  # 4.250.000 owed less 250.000 credit


def test_reconciliation_finds_a_tampered_payment(books: Any) -> None:
    """An amount changed behind the services' back (raw SQL) is caught."""
    payment = Payment.objects.first()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE dues_payment SET applied_amount = applied_amount - 1 WHERE id = %s",
            [payment.pk],
        )
    problems = reconcile().problems
    assert any("tidak sama dengan jumlahnya" in p for p in problems)
    assert any("menurut buku besar" in p for p in problems)


def test_reconciliation_finds_a_gap_in_receipt_numbers(books: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE dues_receipt SET sequence_no = 9 WHERE sequence_no = 1")
    assert any("tanpa celah" in p for p in reconcile().problems)


def test_the_reconcile_command_reports_and_fails_on_problems(books: Any) -> None:
    out = StringIO()
    call_command("dues_reconcile", stdout=out)
    assert "reconcile" in out.getvalue() and "Rp4.000.000,00" in out.getvalue()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE dues_ledgerentry SET amount = amount + 1 WHERE id = %s",
            [LedgerEntry.objects.order_by("pk").values_list("pk", flat=True)[0]],
        )
    with pytest.raises(CommandError):
        call_command("dues_reconcile", stdout=StringIO(), stderr=StringIO())


def test_arrears_report_queries_do_not_grow_with_members(members: Any, users: Any) -> None:
    make_schedule(2015, users["treasurer"])
    _add_members(5, 0)
    services.generate_invoices(year=2015, by=users["treasurer"], issued_on=date(2015, 1, 2))
    with CaptureQueriesContext(connection) as small:
        few = arrears(on=date(2016, 1, 1))
    _add_members(20, 5)
    make_schedule(2016, users["treasurer"])
    services.generate_invoices(year=2016, by=users["treasurer"], issued_on=date(2016, 1, 2))
    with CaptureQueriesContext(connection) as large:
        many = arrears(on=date(2016, 12, 31))
    assert (len(few.rows), len(many.rows)) == (8, 28)
    assert len(large) == len(small)


def test_statement_and_open_invoices_as_of_a_date_ignore_later_payments_and_voids(
    client: Any, books: Any, users: Any, settings: Any
) -> None:
    """Balikpapan paid half in June 2015; Buleleng's invoice was voided in 2017 (recorded
    then): on 19 May 2015 both invoices were open and overdue, on the page as in the account."""
    from django.urls import reverse

    settings.AKKOPSI_DEMO_DATE = "2017-03-01"
    services.void_invoice(invoice=books["5108"], reason="salah tagih", by=users["treasurer"])
    day = date(2015, 5, 19)
    buleleng = statement(books["5108"].member, end=day)
    assert buleleng.closing == Decimal("2000000.00") and not buleleng.lines[0].reversed
    assert statement(books["5108"].member, end=date(2017, 3, 1)).closing == 0
    client.force_login(users["treasurer"])
    for code, balance in [("6471", "1500000.00"), ("5108", "2000000.00")]:
        page = client.get(reverse("dues:member_statement", args=[code]), {"on": day.isoformat()})
        [invoice] = page.context["open_invoices"]
        assert (invoice.balance, invoice.status) == (Decimal(balance), "overdue")
        assert page.context["account"].owed == Decimal(balance)
    later = client.get(reverse("dues:member_statement", args=["5108"]), {"on": "2017-03-01"})
    assert list(later.context["open_invoices"]) == []
