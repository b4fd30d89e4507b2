"""Dues schedules: configurable per year and member class, versioned once in force."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from akkopsi.dues import services
from akkopsi.dues.models import Invoice
from akkopsi.dues.tests.conftest import make_schedule

pytestmark = pytest.mark.django_db

EDIT = {
    "prorate": "months",
    "due_on": date(2015, 4, 30),
    "decided_on": date(2015, 5, 19),
    "decision_reference": "Rakor Balikpapan, 19 Mei 2015",
}


def test_a_schedule_has_an_amount_per_member_class(schedule: Any) -> None:
    assert schedule.amount_for("kota") == Decimal("1500000.00")
    assert schedule.amount_for("kabupaten") == Decimal("2000000.00")
    assert str(schedule) == "Iuran 2015, versi 1"


def test_a_schedule_not_in_force_can_be_corrected(schedule: Any, users: Any) -> None:
    services.update_schedule(
        schedule=schedule,
        amounts={"kota": "1750000", "kabupaten": "2250000"},
        by=users["treasurer"],
        **EDIT,
    )
    schedule.refresh_from_db()
    assert schedule.amount_for("kota") == Decimal("1750000.00")
    assert schedule.history.count() == 2  # who changed it, and from what


def test_a_schedule_in_force_cannot_be_edited_only_superseded(
    invoices: Any, schedule: Any, users: Any
) -> None:
    amounts = {"kota": "1750000", "kabupaten": "2250000"}
    with pytest.raises(ValidationError, match="sudah berlaku"):
        services.update_schedule(schedule=schedule, amounts=amounts, by=users["treasurer"], **EDIT)
    new = services.supersede_schedule(
        schedule=schedule, amounts=amounts, by=users["treasurer"], **EDIT
    )
    assert (new.version, new.supersedes) == (2, schedule)
    assert services.current_schedule(2015) == new
    assert Invoice.objects.get(member__regency_id="6474", year=2015).amount == Decimal("1500000")
    with pytest.raises(ValidationError, match="versi terakhir"):
        services.supersede_schedule(
            schedule=schedule, amounts=amounts, by=users["treasurer"], **EDIT
        )


def test_invoices_issued_after_superseding_use_the_new_version(
    invoices: Any, schedule: Any, users: Any
) -> None:
    new = services.supersede_schedule(
        schedule=schedule,
        amounts={"kota": "1750000", "kabupaten": "2250000"},
        by=users["treasurer"],
        **EDIT,
    )
    services.void_invoice(invoice=invoices["6474"], reason="Tarif baru", by=users["treasurer"])
    services.generate_invoices(year=2015, by=users["treasurer"])
    rebilled = Invoice.objects.live().get(member__regency_id="6474", year=2015)
    assert (rebilled.schedule, rebilled.amount) == (new, Decimal("1750000.00"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"amounts": {"kota": "0", "kabupaten": "1"}}, "lebih dari nol"),
        ({"amounts": {"kota": "1"}}, "setiap golongan"),
        ({"due_on": date(2016, 1, 31)}, "tahun iuran"),
        ({"prorate": "weekly"}, "bergabung di tengah tahun"),
    ],
)
def test_bad_schedules_are_refused(users: Any, change: dict[str, Any], message: str) -> None:
    data = {"amounts": {"kota": "1", "kabupaten": "1"}, **EDIT, **change}
    with pytest.raises(ValidationError, match=message):
        services.create_schedule(year=2015, by=users["treasurer"], **data)


def test_a_second_schedule_for_a_year_must_be_a_new_version(schedule: Any, users: Any) -> None:
    with pytest.raises(ValidationError, match="versi baru"):
        make_schedule(2015, users["treasurer"])
