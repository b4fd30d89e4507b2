"""Sanitation data, dues and an action for Kota Bontang (6474) and Kota Balikpapan (6471).

Bontang: verified data for the years given, a draft for the year after (the "secret" value
``DRAFT_LAYAK`` must never reach the public); Balikpapan: verified data only (a peer).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from akkopsi.data.choices import FundingSource, Stage, SubmissionStatus, SubSector
from akkopsi.data.models import ApbdTotal, BudgetLine, Indicator, IndicatorValue, Submission
from akkopsi.regions.models import Population

TODAY = "2024-06-01"
DRAFT_LAYAK = Decimal("77.77")
MILIAR = Decimal(1_000_000_000)


def submission(member: Any, year: int, status: str) -> None:
    """Reported (and verified) in the cycle of the following year: the Rapor reads the data
    as on its date."""
    reported = timezone.make_aware(datetime(year + 1, 3, 1))
    Submission.objects.create(
        member=member,
        year=year,
        status=status,
        submitted_at=reported if status != SubmissionStatus.DRAFT else None,
        verified_at=reported if status == SubmissionStatus.VERIFIED else None,
    )


def add_year(member: Any, year: int, status: str, layak: Decimal, *, apbd: int = 1000) -> None:
    ind = {i.code: i for i in Indicator.objects.filter(code__in=["akses_layak", "babs"])}
    submission(member, year, status)
    IndicatorValue.objects.create(
        member=member, indicator=ind["akses_layak"], year=year, value=layak
    )
    IndicatorValue.objects.create(member=member, indicator=ind["babs"], year=year, value=Decimal(5))
    ApbdTotal.objects.create(member=member, year=year, stage=Stage.PLANNED, amount=apbd * MILIAR)
    BudgetLine.objects.create(
        member=member,
        year=year,
        subsector=SubSector.AIR_LIMBAH,
        source=FundingSource.APBD_KABKOTA,
        stage=Stage.PLANNED,
        amount=15 * MILIAR,
    )


def history(members: dict[str, Any], years: range) -> None:
    for i, year in enumerate(years):
        add_year(members["6474"], year, SubmissionStatus.VERIFIED, Decimal(60 + i))
        add_year(members["6471"], year, SubmissionStatus.VERIFIED, Decimal(70 + i))
    add_year(members["6474"], years[-1] + 1, SubmissionStatus.DRAFT, DRAFT_LAYAK, apbd=500)
    for code in ("6474", "6471", "6472"):
        Population.objects.create(regency_id=code, year=years[-1], population=190_000)


@pytest.fixture(autouse=True)
def _today(settings: Any) -> None:
    settings.AKKOPSI_DEMO_DATE = TODAY


@pytest.fixture
def data(members: dict[str, Any]) -> dict[str, Any]:
    history(members, range(2020, 2023))  # verified 2020-2022, Bontang's 2023 a draft
    return members


@pytest.fixture
def league(data: dict[str, Any]) -> dict[str, Any]:
    """Balikpapan's 2022 APBD halved: it meets 2 % (3 %), Bontang does not (1,5 %)."""
    ApbdTotal.objects.filter(member=data["6471"], year=2022, stage=Stage.PLANNED).update(
        amount=500 * MILIAR
    )
    return data


@pytest.fixture
def action(data: dict[str, Any]) -> Any:
    from akkopsi.coordination.models import ActionItem

    return ActionItem.objects.create(
        what="Rahasia tindak lanjut Bontang", owner_member=data["6474"], due_on=date(2024, 7, 1)
    )
