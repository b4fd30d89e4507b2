"""The Rapor reads the data as it stood on its date ("keadaan per"): data verified later is
left out, data verified then and reopened later still counts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from akkopsi.data import services as data_services
from akkopsi.rapor import services

pytestmark = pytest.mark.django_db


def _layak(report: Any) -> tuple[int | None, Decimal | None]:
    row = next(r for r in report.access["rows"] if r["code"] == "akses_layak")
    return row["year"], row["value"]


def test_rapor_as_of_a_date_ignores_data_verified_later(data: Any) -> None:
    """Bontang's data of 2020-2022 was verified on 1 March of the following year."""
    bontang = data["6474"]
    early = services.build(bontang, None, public=True, on=date(2023, 2, 1))
    assert _layak(early) == (2021, Decimal(61))
    assert early.money["year"] == 2021
    later = services.build(bontang, None, public=True, on=date(2023, 3, 2))
    assert _layak(later) == (2022, Decimal(62)) and later.money["year"] == 2022


def test_rapor_as_of_a_date_counts_data_verified_then_and_reopened_later(
    data: Any, users: Any
) -> None:
    bontang = data["6474"]
    data_services.reopen(member=bontang, year=2022, reason="koreksi", by=users["secretariat"])
    report = services.build(bontang, None, public=True, on=date(2024, 6, 1))
    assert _layak(report) == (2022, Decimal(62))
