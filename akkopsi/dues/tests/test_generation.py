"""Yearly dues invoices: who is billed, how much, numbered how, and idempotently."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from akkopsi.core.models import NumberSequence
from akkopsi.dues import services
from akkopsi.dues.choices import EntryKind, InvoiceKind, Prorate
from akkopsi.dues.models import Invoice, LedgerEntry
from akkopsi.dues.tests.conftest import KABUPATEN, KOTA, make_schedule
from akkopsi.members import services as member_services
from akkopsi.regions.models import Province, Regency, RegencyKind

pytestmark = pytest.mark.django_db


def test_generation_bills_every_member_active_in_the_year(invoices: Any) -> None:
    assert {code: (i.number, i.amount) for code, i in invoices.items()} == {
        "5108": ("INV/2015/0001", KABUPATEN),
        "6471": ("INV/2015/0002", KOTA),
        "6474": ("INV/2015/0003", KOTA),
    }
    assert all(i.kind == InvoiceKind.DUES and i.months == 12 for i in invoices.values())
    assert all(i.due_on == date(2015, 3, 31) for i in invoices.values())


def test_generation_posts_one_invoice_entry_per_invoice(invoices: Any) -> None:
    entries = LedgerEntry.objects.filter(kind=EntryKind.INVOICE)
    assert sorted((e.invoice.number, e.amount, e.entry_date) for e in entries) == [
        ("INV/2015/0001", KABUPATEN, date(2015, 1, 15)),
        ("INV/2015/0002", KOTA, date(2015, 1, 15)),
        ("INV/2015/0003", KOTA, date(2015, 1, 15)),
    ]


def test_generation_twice_creates_nothing_new(invoices: Any, users: Any) -> None:
    again = services.generate_invoices(year=2015, by=users["treasurer"])
    assert again.created == 0
    assert Invoice.objects.count() == 3
    assert NumberSequence.objects.get(kind="INV", year=2015).last_number == 3


def test_the_database_refuses_a_second_live_dues_invoice(invoices: Any) -> None:
    first = invoices["6474"]
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.create(
            number="INV/2015/9999",
            year=2015,
            sequence_no=9999,
            member=first.member,
            kind=InvoiceKind.DUES,
            schedule=first.schedule,
            amount=KOTA,
            issued_on=first.issued_on,
            due_on=first.due_on,
        )


def test_a_voided_dues_invoice_is_billed_again_with_the_next_number(
    invoices: Any, users: Any
) -> None:
    services.void_invoice(invoice=invoices["6474"], reason="Salah tarif", by=users["treasurer"])
    result = services.generate_invoices(year=2015, by=users["treasurer"])
    assert (result.created, result.first_number) == (1, 4)
    assert Invoice.objects.live().get(year=2015, member__regency_id="6474").number == (
        "INV/2015/0004"
    )


def test_members_joining_mid_year_pay_by_months_from_the_month_of_joining(
    members: Any, users: Any
) -> None:
    """Buleleng rejoined on 1 May 2018: May to December is 8 of 12 months."""
    make_schedule(2018, users["treasurer"])
    services.generate_invoices(year=2018, by=users["treasurer"], issued_on=date(2018, 1, 10))
    invoice = Invoice.objects.get(year=2018, member__regency_id="5108")
    assert invoice.months == 8
    assert invoice.amount == Decimal("1333333.33")  # 2.000.000 x 8/12, half up to the sen
    assert invoice.issued_on == date(2018, 5, 1)  # not before the member joined
    assert invoice.due_on == date(2018, 6, 30)  # end of the month after joining


def test_without_pro_rata_a_late_joiner_pays_the_full_year(members: Any, users: Any) -> None:
    make_schedule(2018, users["treasurer"], prorate=Prorate.NONE)
    services.generate_invoices(year=2018, by=users["treasurer"], issued_on=date(2018, 1, 10))
    invoice = Invoice.objects.get(year=2018, member__regency_id="5108")
    assert (invoice.months, invoice.amount) == (12, KABUPATEN)


def test_members_outside_the_year_are_not_billed(members: Any, users: Any) -> None:
    """Buleleng was not a member from 1 January 2016 to 30 April 2018."""
    make_schedule(2017, users["treasurer"])
    services.generate_invoices(year=2017, by=users["treasurer"])
    assert sorted(Invoice.objects.values_list("member__regency_id", flat=True)) == [
        "6471",
        "6474",
    ]


def test_generation_without_a_schedule_is_refused(members: Any, users: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.generate_invoices(year=2016, by=users["treasurer"])
    assert "Belum ada jadwal iuran untuk 2016" in str(exc.value)
    assert not Invoice.objects.exists()


def test_one_off_invoices_share_the_years_gapless_numbers(invoices: Any, users: Any) -> None:
    invoice = services.create_invoice(
        member=invoices["6474"].member,
        description="Biaya pendaftaran CSS XV, Padang 2015",
        amount=Decimal("2500000"),
        issued_on=date(2015, 9, 1),
        due_on=date(2015, 11, 18),
        by=users["treasurer"],
    )
    assert (invoice.number, invoice.kind, invoice.label) == (
        "INV/2015/0004",
        InvoiceKind.ONE_OFF,
        "Biaya pendaftaran CSS XV, Padang 2015",
    )


def _add_members(n: int, start: int) -> None:
    province = Province.objects.get_or_create(code="99", defaults={"name": "Uji"})[0]
    for i in range(start, start + n):
        regency = Regency.objects.create(
            code=f"99{i:02d}", province=province, kind=RegencyKind.KABUPATEN, name=f"Uji {i}"
        )
        member_services.create_member(
            regency=regency, membership_number=f"U-{i}", joined_on=date(2012, 1, 1), by=None
        )


def test_generation_takes_the_same_number_of_queries_for_n_and_5n_members(
    members: Any, users: Any
) -> None:
    make_schedule(2015, users["treasurer"])
    make_schedule(2016, users["treasurer"])
    _add_members(5, 0)
    with CaptureQueriesContext(connection) as small:
        few = services.generate_invoices(year=2015, by=users["treasurer"])
    _add_members(20, 5)
    with CaptureQueriesContext(connection) as large:
        many = services.generate_invoices(year=2016, by=users["treasurer"])
    assert (few.created, many.created) == (8, 27)  # Buleleng is not a member in 2016
    assert len(large) == len(small)
    numbers = sorted(Invoice.objects.filter(year=2016).values_list("sequence_no", flat=True))
    assert numbers == list(range(1, 28))
