"""The data the review screen's tests walk through: three submissions awaiting verification
(Bontang, then Buleleng, then Uji 0, oldest first), Balikpapan verified (the median of
similar members), and twelve kabupaten whose values make Bontang's access an outlier."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from akkopsi.data.choices import FundingSource, Stage, SubmissionStatus, SubSector
from akkopsi.data.models import ApbdTotal, BudgetLine, Indicator, IndicatorValue, Submission

S = SubmissionStatus


def _when(month: int, day: int) -> datetime:
    return timezone.make_aware(datetime(2025, month, day, 9, 0))


def _values(member: Any, year: int, values: dict[str, Any], comment: dict[str, str]) -> None:
    ids = dict(Indicator.objects.values_list("code", "id"))
    for code, value in values.items():
        IndicatorValue.objects.create(
            member=member,
            indicator_id=ids[code],
            year=year,
            value=Decimal(str(value)),
            comment=comment.get(code, ""),
        )


def build(members: dict[str, Any], many: list[Any]) -> dict[str, Any]:
    bontang, balikpapan, buleleng = members["6474"], members["6471"], members["5108"]
    _values(bontang, 2023, {"akses_layak": 70, "akses_aman": 11, "sk_pokja": 1}, {})
    _values(
        bontang,
        2024,
        {"akses_layak": 5, "akses_aman": "12.25", "sk_pokja": 1, "ssk_tahun": 2021},
        {"akses_layak": "Survei baru BPS 2024"},
    )
    _values(balikpapan, 2024, {"akses_layak": 80, "akses_aman": 20}, {})
    _values(buleleng, 2024, {"akses_layak": 61}, {})
    for i, m in enumerate(many):
        _values(m, 2024, {"akses_layak": 55 + i, "akses_aman": 10 + i % 3}, {})
    lines = [
        (SubSector.AIR_LIMBAH, FundingSource.APBD_KABKOTA, "25000000000"),
        (SubSector.PERSAMPAHAN, FundingSource.APBD_KABKOTA, "10000000000"),
        (SubSector.AIR_LIMBAH, FundingSource.APBN, "5000000000"),
    ]
    for sub, src, amount in lines:
        BudgetLine.objects.create(
            member=bontang,
            year=2024,
            subsector=sub,
            source=src,
            stage=Stage.PLANNED,
            amount=Decimal(amount),
        )
    ApbdTotal.objects.create(
        member=bontang, year=2024, stage=Stage.PLANNED, amount=Decimal("1500000000000")
    )
    ApbdTotal.objects.create(
        member=bontang, year=2023, stage=Stage.PLANNED, amount=Decimal("1400000000000")
    )
    subs = {
        "bontang": Submission.objects.create(
            member=bontang, year=2024, status=S.SUBMITTED, submitted_at=_when(1, 20)
        ),
        "buleleng": Submission.objects.create(
            member=buleleng, year=2024, status=S.SUBMITTED, submitted_at=_when(2, 1)
        ),
        "uji": Submission.objects.create(
            member=many[0], year=2024, status=S.SUBMITTED, submitted_at=_when(3, 1)
        ),
        "balikpapan": Submission.objects.create(
            member=balikpapan, year=2024, status=S.VERIFIED, verified_at=_when(2, 10)
        ),
    }
    return subs
