"""The 2% decision is one rule: the member-level figure (Rapor, league, province dashboard, API)
and the national count (national dashboard, bulletin, portal) decide every member-year alike,
exactly, at the boundary; missing figures (no APBD total, no budget line at all) are undecided. Run on SQLite and on PostgreSQL."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from akkopsi.data import queries as q
from akkopsi.data.choices import FundingSource, Stage, SubmissionStatus, SubSector
from akkopsi.data.models import ApbdTotal, BudgetLine, Submission

pytestmark = pytest.mark.django_db

APBD = FundingSource.APBD_KABKOTA
SUBS = [SubSector.AIR_LIMBAH, SubSector.PERSAMPAHAN, SubSector.DRAINASE]

#: year -> (APBD total, APBD kab/kota lines, other lines, the decision)
CASES: dict[int, tuple[str | None, list[str], list[str], bool | None]] = {
    # 1.9999999999995 %: three lines summing to 199 999 999 999,95 of Rp10 000 M
    2010: ("10000000000000", ["66666666666.65"] * 3, [], False),
    # 1.995 %: shown as 2,00 % when rounded, below the commitment all the same
    2011: ("1000000000", ["9975000", "9975000"], [], False),
    2012: ("1000000000", ["10000000.01", "9999999.99"], [], True),  # exactly 2 %
    2013: ("1000000000", ["19999999.99"], [], False),  # one sen short
    # lines reported, none from the APBD kab/kota: a reported 0 (the share reads 0,00 %)
    2014: ("1000000000", [], ["90000000"], False),
    2015: (None, ["50000000"], [], None),  # no APBD total
    2016: ("1000000000", ["0"], ["90000000"], False),  # a reported zero is a decision
    2017: ("1000000000", ["20000000.01"], [], True),
}


def _load(member: Any) -> None:
    for year, (apbd, own, other) in ((y, c[:3]) for y, c in CASES.items()):
        Submission.objects.create(member=member, year=year, status=SubmissionStatus.VERIFIED)
        if apbd is not None:
            ApbdTotal.objects.create(
                member=member, year=year, stage=Stage.PLANNED, amount=Decimal(apbd)
            )
        for source, amounts in ((APBD, own), (FundingSource.APBN, other)):
            for sub, amount in zip(SUBS, amounts, strict=False):
                BudgetLine.objects.create(
                    member=member,
                    year=year,
                    subsector=sub,
                    source=source,
                    stage=Stage.PLANNED,
                    amount=Decimal(amount),
                )


def test_member_level_and_national_count_decide_alike_at_the_boundary(
    members: dict[str, Any],
) -> None:
    member = members["6474"]
    _load(member)
    years = sorted(CASES)
    expected = {y: c[3] for y, c in CASES.items()}
    money = q.money([member.pk], years)
    member_level = {y: money[(member.pk, y)].meets_commitment for y in years}
    assert member_level == expected
    national = q.commitment_by_year(years)
    assert national == {y: (int(d is True), int(d is not None)) for y, d in expected.items()}
    # the shown share may round (1.995 % reads 2,00 %); the decision did not
    assert money[(member.pk, 2011)].share == Decimal("2.00")
