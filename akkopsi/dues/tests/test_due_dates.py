"""Due dates (ADR 17): invoices issued late get the schedule's grace period, and only what is
past due counts as arrears, the same way in every report, check and reminder."""

from __future__ import annotations

import importlib
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from akkopsi.dues import services
from akkopsi.dues.choices import Prorate
from akkopsi.dues.due import invoice_due_on
from akkopsi.dues.models import DuesSchedule, Invoice
from akkopsi.dues.reminders import overdue_invoices
from akkopsi.dues.reports import arrears, statement
from akkopsi.dues.services.generation import due_date
from akkopsi.dues.tests.conftest import KABUPATEN, KOTA, make_schedule

ISSUED_LATE = date(2015, 12, 3)  # the 2015 schedule is due 31 March 2015, grace 30 days
DAY_AFTER = date(2015, 12, 4)
DUE = date(2016, 1, 2)
PAST_GRACE = date(2016, 1, 3)


@pytest.fixture
def late(schedule: DuesSchedule, users: Any) -> dict[str, Invoice]:
    """The 2015 dues issued on 3 December 2015, long after the schedule's due date."""
    services.generate_invoices(year=2015, by=users["treasurer"], issued_on=ISSUED_LATE)
    return {i.member.code: i for i in Invoice.objects.select_related("member").filter(year=2015)}


def test_invoices_issued_late_are_due_after_the_grace_period(late: dict[str, Invoice]) -> None:
    assert {i.due_on for i in late.values()} == {DUE}  # 3 December + 30 days
    # the day after the late issue nobody is in arrears (before: every member at once)
    for on in (ISSUED_LATE, DAY_AFTER, DUE):
        report = arrears(on=on)
        assert (report.members, report.total) == (0, Decimal(0)), on
    report = arrears(on=PAST_GRACE)
    assert report.members == 3
    assert report.total == KOTA * 2 + KABUPATEN
    assert {r.code: r.buckets["one_year"] for r in report.rows} == {
        "6474": KOTA,
        "6471": KOTA,
        "5108": KABUPATEN,
    }


def test_reminders_and_invoice_status_wait_for_the_grace_period(
    late: dict[str, Invoice],
) -> None:
    assert not overdue_invoices(on=DAY_AFTER).exists()
    assert not overdue_invoices(on=DUE).exists()
    assert overdue_invoices(on=PAST_GRACE).count() == 3
    statuses = dict(Invoice.objects.with_status(DAY_AFTER).values_list("number", "status"))
    assert set(statuses.values()) == {"unpaid"}
    statuses = dict(Invoice.objects.with_status(PAST_GRACE).values_list("number", "status"))
    assert set(statuses.values()) == {"overdue"}


def test_rapor_dues_block_agrees_with_the_arrears_list(
    late: dict[str, Invoice], users: Any, members: dict[str, Any]
) -> None:
    from akkopsi.rapor.services import build

    bontang = members["6474"]
    dues = build(bontang, users["treasurer"], on=DAY_AFTER).alliance["dues"]
    assert (dues["status"], dues["arrears"]) == ("open", Decimal(0))
    assert dues["outstanding_this_year"] == KOTA
    dues = build(bontang, users["treasurer"], on=PAST_GRACE).alliance["dues"]
    row = next(r for r in arrears(on=PAST_GRACE).rows if r.code == "6474")
    assert dues["arrears"] == row.total == KOTA
    assert dues["oldest_year"] == 2015


def test_league_arrears_column_counts_only_what_is_past_due(
    late: dict[str, Invoice], users: Any, settings: Any
) -> None:
    from akkopsi.rapor.league import Season, members_of, rows

    def league_on(day: date) -> list[dict[str, Any]]:
        # The league reads arrears as of today (the demo date stands in for it).
        settings.AKKOPSI_DEMO_DATE = day.isoformat()
        season = Season.of(day.year)
        return rows(users["treasurer"], season, members_of(season))

    before = league_on(DAY_AFTER)
    assert {r["code"]: r["arrears"] for r in before} == dict.fromkeys(
        ["5108", "6471", "6474"], Decimal(0)
    )
    after = league_on(PAST_GRACE)
    owed = {r.code: r.total for r in arrears(on=PAST_GRACE).rows}
    # Buleleng left on 1 January 2016: still on the arrears list, no longer in the league
    assert {r["code"]: r["arrears"] for r in after} == {"6471": KOTA, "6474": KOTA}
    assert all(owed[r["code"]] == r["arrears"] for r in after)


def test_award_eligibility_counts_days_from_the_invoice_due_date(
    late: dict[str, Invoice], users: Any, members: dict[str, Any]
) -> None:
    from akkopsi.awards import services as awards
    from akkopsi.awards.models import Category, Edition, MethodologyVersion
    from akkopsi.awards.tests.conftest import add_data, make_edition

    v = MethodologyVersion.objects.create(name="Iuran tepat waktu", max_arrears_days=0)
    Category.objects.create(methodology=v, code="a", name="A")
    edition = make_edition(v, 2016)
    for code in ("6474", "6471"):
        add_data(members[code], 2015, 80, 5)
        awards.nominate(
            edition=edition, member=members[code], narrative="x", by=users["secretariat"]
        )

    def eligible_on(day: date) -> set[str]:
        Edition.objects.filter(pk=edition.pk).update(nominations_close=day)
        edition.refresh_from_db()
        awards.check_eligibility_all(edition)
        return set(
            edition.nominations.filter(eligible=True).values_list("member__regency_id", flat=True)
        )

    assert eligible_on(DAY_AFTER) == {"6474", "6471"}
    assert eligible_on(DUE) == {"6474", "6471"}
    assert eligible_on(PAST_GRACE) == set()


def test_statements_carry_the_past_due_balance_of_the_arrears_list(
    late: dict[str, Invoice], members: dict[str, Any]
) -> None:
    from akkopsi.dues.reports import past_due_balances

    for on in (DAY_AFTER, PAST_GRACE):
        listed = {r.member_id: r.total for r in arrears(on=on).rows if r.total}
        assert past_due_balances(on=on) == listed
        assert {
            m.pk: statement(m, end=on).past_due
            for m in members.values()
            if statement(m, end=on).past_due
        } == listed


def _join_month(invoice: Invoice) -> int:
    first = date(invoice.year, 1, 1)
    start = min(
        p.joined_on
        for p in invoice.member.periods.live()
        if p.joined_on <= date(invoice.year, 12, 31) and (p.left_on is None or p.left_on > first)
    )
    return 0 if start < first else start.month


@pytest.mark.parametrize(
    ("year", "issued_on", "grace"),
    [
        (2015, date(2015, 1, 15), 30),  # early: the schedule's date
        (2015, date(2015, 3, 20), 30),  # less than the grace period before it
        (2015, date(2015, 12, 3), 30),  # late
        (2018, date(2018, 1, 15), 90),  # Buleleng rejoins on 1 May: issued then, due + 90 days
        (2018, date(2018, 3, 31), 0),  # on the due date, no grace
    ],
)
def test_set_based_due_dates_follow_the_python_rule(
    users: Any, year: int, issued_on: date, grace: int
) -> None:
    schedule = services.create_schedule(
        year=year,
        amounts={"kota": KOTA, "kabupaten": KABUPATEN},
        prorate=Prorate.MONTHS,
        due_on=date(year, 3, 31),
        grace_days=grace,
        decided_on=date(year - 1, 11, 20),
        decision_reference="Keputusan (uji)",
        by=users["treasurer"],
    )
    services.generate_invoices(year=year, by=users["treasurer"], issued_on=issued_on)
    invoices = list(Invoice.objects.filter(year=year).select_related("member"))
    assert invoices
    for invoice in invoices:
        base = due_date(schedule, _join_month(invoice))
        assert invoice.due_on == invoice_due_on(base, invoice.issued_on, grace), invoice.number


def test_rejoining_member_issued_on_its_start_gets_the_grace_period_from_then(
    users: Any,
) -> None:
    schedule = services.create_schedule(
        year=2018,
        amounts={"kota": KOTA, "kabupaten": KABUPATEN},
        prorate=Prorate.MONTHS,
        due_on=date(2018, 3, 31),
        grace_days=90,
        decided_on=date(2017, 11, 20),
        decision_reference="Keputusan (uji)",
        by=users["treasurer"],
    )
    services.generate_invoices(year=2018, by=users["treasurer"], issued_on=date(2018, 1, 15))
    due = dict(
        Invoice.objects.filter(schedule=schedule).values_list("member__regency_id", "due_on")
    )
    # Bontang and Balikpapan: 15 January + 90 days; Buleleng: issued 1 May, + 90 days
    assert due == {"6474": date(2018, 4, 15), "6471": date(2018, 4, 15), "5108": date(2018, 7, 30)}


def test_grace_period_is_checked_and_kept_by_new_versions(users: Any) -> None:
    kwargs = {
        "year": 2016,
        "amounts": {"kota": KOTA, "kabupaten": KABUPATEN},
        "prorate": Prorate.MONTHS,
        "due_on": date(2016, 3, 31),
        "decided_on": date(2015, 11, 20),
        "decision_reference": "Keputusan (uji)",
        "by": users["treasurer"],
    }
    with pytest.raises(ValidationError) as exc:
        services.create_schedule(grace_days=400, **kwargs)
    assert "grace_days" in exc.value.message_dict
    first = services.create_schedule(**kwargs)
    assert first.grace_days == 30
    kwargs.pop("year")
    second = services.supersede_schedule(schedule=first, grace_days=45, **kwargs)
    assert (second.grace_days, DuesSchedule.objects.get(pk=first.pk).grace_days) == (45, 30)


def test_migration_gives_invoices_issued_late_the_grace_period(
    schedule: DuesSchedule, users: Any
) -> None:
    """Before ADR 17 an invoice issued after the due date was due the day it was issued."""
    services.generate_invoices(year=2015, by=users["treasurer"], issued_on=ISSUED_LATE)
    Invoice.objects.filter(member__regency_id="6474").update(due_on=ISSUED_LATE)
    make_schedule(2016, users["treasurer"])
    services.generate_invoices(year=2016, by=users["treasurer"], issued_on=date(2016, 1, 15))
    before = dict(Invoice.objects.filter(year=2016).values_list("pk", "due_on"))
    migration = importlib.import_module("akkopsi.dues.migrations.0002_schedule_grace_days")
    migration.late_invoices_get_the_grace_period(apps, None)
    assert Invoice.objects.get(year=2015, member__regency_id="6474").due_on == DUE
    assert dict(Invoice.objects.filter(year=2016).values_list("pk", "due_on")) == before
