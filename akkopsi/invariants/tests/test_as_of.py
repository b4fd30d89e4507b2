"""Every figure as of its date: bulletin counts never exceed the members active on the date,
and the reporters of a year on a date are the members whose data was verified by then."""

from __future__ import annotations

from datetime import date

import pytest

from akkopsi.bulletin import sections
from akkopsi.bulletin.models import DataSection, Edition
from akkopsi.core.dates import end_of_day
from akkopsi.data.choices import FundingSource, Stage
from akkopsi.data.models import ApbdTotal, BudgetLine, IndicatorValue
from akkopsi.members.growth import membership_counts
from akkopsi.members.models import Member

pytestmark = pytest.mark.django_db

DAYS = [
    date(2011, 6, 30),
    date(2014, 12, 31),
    date(2015, 5, 19),
    date(2016, 4, 1),
    date(2024, 6, 1),
]


def _verified_by(day: date) -> set[tuple[int, int]]:
    """(member, year) verified by ``day`` of members active that day, straight from the
    current rows (the demo never reopens verified data), without the as-of helpers."""
    active = set(Member.objects.active_on(day).values_list("pk", flat=True))
    from akkopsi.data.models import Submission

    return {
        (m, y)
        for m, y in Submission.objects.filter(verified_at__lt=end_of_day(day)).values_list(
            "member_id", "year"
        )
        if m in active
    }


def _budget_reporters(day: date, year: int) -> int:
    ok = _verified_by(day)
    apbd = {
        m
        for m in ApbdTotal.objects.filter(stage=Stage.PLANNED, year=year).values_list(
            "member_id", flat=True
        )
    }
    spent = set(
        BudgetLine.objects.filter(
            stage=Stage.PLANNED, year=year, source=FundingSource.APBD_KABKOTA
        ).values_list("member_id", flat=True)
    )
    return sum(1 for m in apbd & spent if (m, year) in ok)


def test_every_edition_counts_at_most_the_members_of_its_date(demo: None) -> None:
    editions = list(Edition.objects.all())
    assert {e.number for e in editions} == {1, 2, 3}
    frozen = {
        (s.edition.issued_on, s.kind): s.frozen
        for s in DataSection.objects.select_related("edition").filter(frozen__isnull=False)
    }
    for edition in editions:
        day = edition.issued_on
        members = membership_counts([day])[0]
        for kind in ("membership", "commitment", "access"):
            figures, _svg = sections.build(kind, day)
            if (day, kind) in frozen:
                assert frozen[(day, kind)] == figures, (edition.number, kind)
            counts = [figures.get("count") or 0] + [r["reporting"] for r in figures.get("rows", [])]
            assert max(counts) <= members, (edition.number, kind, counts, members)
            for r in figures.get("rows", []):
                assert (r.get("meeting") or 0) <= r["reporting"]


@pytest.mark.parametrize("day", DAYS)
def test_reporters_of_a_year_are_those_verified_by_the_date(demo: None, day: date) -> None:
    members = membership_counts([day])[0]
    figures, _svg = sections.commitment(day)
    for row in figures["rows"]:
        assert row["reporting"] == _budget_reporters(day, row["year"]) <= members
    assert day.year in figures["not_reported"]  # a year is reported after it ends
    ok = _verified_by(day)
    access, _svg = sections.access(day)
    for row in access["rows"]:
        codes = IndicatorValue.objects.filter(
            indicator__name_id=row["name"], year=row["year"]
        ).values_list("member_id", flat=True)
        assert row["reporting"] == sum(1 for m in codes if (m, row["year"]) in ok) <= members


def test_no_2_of_19_may_2015_never_says_more_reporters_than_members(demo: None) -> None:
    edition = Edition.objects.get(number=2)
    members = membership_counts([edition.issued_on])[0]
    assert members == 349
    for section in edition.sections.all():
        for row in section.frozen.get("rows", []):
            assert row["reporting"] <= members
            assert row["year"] < 2015
    commitment = edition.sections.get(kind="commitment").frozen
    assert commitment["latest"]["year"] == 2014 and commitment["not_reported"] == [2015]
