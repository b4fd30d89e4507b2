"""Dues arrears are what is past due, and every reader of the books says the same (ADR 17)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import F, Sum

from akkopsi.dues.choices import InvoiceKind
from akkopsi.dues.models import HALF_SEN, Invoice, LedgerEntry
from akkopsi.dues.reports import arrears, statement
from akkopsi.members.models import Member

pytestmark = pytest.mark.django_db

#: A schedule's due date and the day after it, the rakor of 19 May 2015, a day in the
#: middle of the waivers, the close of the demo books.
DAYS = [
    date(2015, 3, 31),
    date(2015, 4, 1),
    date(2015, 5, 19),
    date(2019, 6, 30),
    date(2025, 12, 31),
]


def _owed(on: date, **filters: object) -> Decimal:
    """Positive balances as of ``on`` per invoice (entries up to ``on``, in SQL), summed."""
    balances = (
        LedgerEntry.objects.filter(entry_date__lte=on, invoice__isnull=False, **filters)
        .values("invoice_id")
        .annotate(balance=Sum("amount"))
        .filter(balance__gt=HALF_SEN)
        .values_list("balance", flat=True)
    )
    return sum((Decimal(b).quantize(Decimal("0.01")) for b in balances), Decimal("0.00"))


def test_an_amount_is_arrears_only_once_its_due_date_has_passed(demo: None) -> None:
    for on in DAYS:
        report = arrears(on=on)
        past_due = _owed(on, invoice__due_on__lt=on)
        not_yet_due = _owed(on, invoice__due_on__gte=on)
        assert report.total == past_due, on
        assert past_due + not_yet_due == _owed(on), on
        assert report.members == sum(1 for r in report.rows if r.total > 0)
    # every 2015 dues invoice issued on 15 January is due on 31 March: none in arrears that day
    assert arrears(on=date(2015, 3, 31)).totals[0] == 0
    assert arrears(on=date(2015, 4, 1)).totals[0] > 0


def test_arrears_total_is_the_sum_of_the_statements_past_due_balances(demo: None) -> None:
    from akkopsi.dues.reports import past_due_balances

    for on in DAYS:
        listed = {r.member_id: r.total for r in arrears(on=on).rows if r.total > 0}
        assert past_due_balances(on=on) == listed, on  # SQL sums and a Python run agree
    # and the statement of a member says the same: the ten largest debtors and a few others
    on = DAYS[-1]
    rows = arrears(on=on).rows
    sample = [r.member_id for r in rows[:10]] + [r.member_id for r in rows[-3:]]
    members = Member.objects.select_related("regency").in_bulk(sample)
    for row in rows[:10] + rows[-3:]:
        assert statement(members[row.member_id], end=on).past_due == row.total


def test_demo_invoices_are_due_on_their_schedules_dates(demo: None) -> None:
    dues = Invoice.objects.filter(kind=InvoiceKind.DUES)
    on_time = dues.filter(issued_on__month=1, issued_on__day=15)
    assert on_time.exists()
    assert not on_time.exclude(due_on=F("schedule__due_on")).exists()
    # and no dues invoice gives less than its schedule's date or grace period after issue
    for issued, due, grace, schedule_due in dues.values_list(
        "issued_on", "due_on", "schedule__grace_days", "schedule__due_on"
    ):
        assert due >= max(schedule_due, issued + timedelta(days=grace))


def test_league_and_rapor_show_the_arrears_of_the_list(demo: None, settings: Any) -> None:
    from akkopsi.accounts.models import User
    from akkopsi.rapor.league import Season, members_of, rows
    from akkopsi.rapor.services import build

    treasurer = User.objects.get(username="bendahara")
    on = date(2015, 5, 19)
    settings.AKKOPSI_DEMO_DATE = on.isoformat()  # the league reads arrears as of today
    owed = {r.member_id: r.total for r in arrears(on=on).rows}
    season = Season.of(on.year)
    league = rows(treasurer, season, members_of(season))
    assert len(league) == members_of(season).count() > 300
    assert all(r["arrears"] == owed.get(r["member"].pk, 0) for r in league)
    assert sum(r["arrears"] for r in league) > 0  # the demo has members in arrears then
    for code in ("6474", "6471", "1371"):
        member = Member.objects.get(regency_id=code)
        dues = build(member, treasurer, on=on).alliance["dues"]
        assert dues["arrears"] == owed.get(member.pk, 0), code
