"""Fixtures of the dues tests: a 2015 schedule and its invoices for the shared members."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from akkopsi.dues import services
from akkopsi.dues.choices import Prorate
from akkopsi.dues.models import DuesSchedule, Invoice

KOTA = Decimal("1500000.00")
KABUPATEN = Decimal("2000000.00")


def make_schedule(
    year: int, by: Any, prorate: str = Prorate.MONTHS, **amounts: Any
) -> DuesSchedule:
    return services.create_schedule(
        year=year,
        amounts={
            "kota": amounts.get("kota", KOTA),
            "kabupaten": amounts.get("kabupaten", KABUPATEN),
        },
        prorate=prorate,
        due_on=date(year, 3, 31),
        decided_on=date(year - 1, 11, 20),
        decision_reference=f"Keputusan Rakernas No. {year - 2008:02d}/{year - 1}",
        by=by,
    )


@pytest.fixture
def schedule(users: Any) -> DuesSchedule:
    return make_schedule(2015, users["treasurer"])


@pytest.fixture
def invoices(schedule: DuesSchedule, users: Any) -> dict[str, Invoice]:
    """Dues 2015 for Buleleng (INV/2015/0001), Balikpapan (0002) and Bontang (0003)."""
    services.generate_invoices(year=2015, by=users["treasurer"], issued_on=date(2015, 1, 15))
    return {i.member.code: i for i in Invoice.objects.select_related("member").filter(year=2015)}


def pay(invoice: Invoice, amount: Any, by: Any, key: str | None = None, **extra: Any) -> Any:
    return services.record_payment(
        invoice=invoice,
        amount=Decimal(str(amount)),
        paid_on=extra.pop("paid_on", date(2015, 4, 10)),
        method=extra.pop("method", "transfer"),
        idempotency_key=key or services.new_idempotency_key(),
        by=by,
        **extra,
    )
