"""The national-scale filling, on two provinces of the test registry: counts and determinism."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from akkopsi.awards.models import Edition, Nomination
from akkopsi.data.models import IndicatorValue, Submission
from akkopsi.demo import national
from akkopsi.dues.models import Invoice, Payment
from akkopsi.members.models import Member
from akkopsi.planning.models import Plan, SolveResult
from akkopsi.regions.models import Province

pytestmark = pytest.mark.django_db


def _fill() -> tuple[dict[str, int], dict[str, tuple[int, str]]]:
    report = national.load_national(provinces=["64", "51"], solve=1, log=print)
    return report, national.checksums()


def test_national_filling_counts_and_is_deterministic(users: Any) -> None:
    Province.objects.create(code="31", name="DKI Jakarta")  # the demo juror's province
    before = national.checksums()
    with transaction.atomic():
        report, first = _fill()
        transaction.set_rollback(True)
    assert national.checksums() == before  # rolled back: the second run starts the same
    report_again, second = _fill()
    assert report_again == report
    assert {k: v for k, v in second.items() if first[k] != v} == {}

    # every kabupaten/kota of the two provinces is a member, with every year of everything
    # from the year it joined (never data of a year before: it would be verified before then)
    assert Member.objects.count() == 5 and report["members"] == 2
    joined = {m.pk: min(p.joined_on.year for p in m.periods.all()) for m in Member.objects.all()}
    expected = {(m, y) for m, first in joined.items() for y in national.YEARS if y >= first}
    assert len(expected) > 5 * 5
    reported = Submission.objects.filter(year__in=national.YEARS).values_list("member_id", "year")
    assert set(reported) == expected
    assert IndicatorValue.objects.filter(year__in=national.YEARS).count() == len(expected) * 12
    # dues billed for every year a member was active, a payment on most of them
    assert Invoice.objects.exists() and Payment.objects.count() == report["payments"] > 0
    # a plan for every member, one solved
    assert Plan.objects.count() == 5 and report["solved"] == 1
    assert SolveResult.objects.exists()
    # an award edition per year, all members with verified data nominated
    assert Edition.objects.filter(year__in=national.YEARS).count() == 15
    assert Nomination.objects.filter(edition__year=2016).count() == sum(
        1 for first in joined.values() if first <= 2015
    )

    # idempotent: a third run adds nothing
    assert national.load_national(provinces=["64", "51"], solve=1) == dict.fromkeys(report, 0)
    assert national.checksums() == second
