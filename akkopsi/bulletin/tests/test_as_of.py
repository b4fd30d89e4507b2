"""Data sections read the data as it stood on the edition's date; a published section never
changes, and recomputing one keeps the text first published, with the reason."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from akkopsi.bulletin import sections, services
from akkopsi.bulletin.choices import SectionKind
from akkopsi.bulletin.models import DataSection, Edition, SupersededSection
from akkopsi.data import queries as q
from akkopsi.data import services as data_services
from akkopsi.data.choices import FundingSource, Stage, SubmissionStatus, SubSector
from akkopsi.data.models import ApbdTotal, BudgetLine, Indicator, IndicatorValue, Submission
from akkopsi.members import services as member_services

from .conftest import make_edition

pytestmark = pytest.mark.django_db

D = date(2015, 5, 19)
MILIAR = Decimal(1_000_000_000)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10))


def _data(member: Any, year: int, *, verified_on: date, share: int = 3) -> Submission:
    """Budget and access data of ``year``, verified on ``verified_on`` (history dated so)."""
    layak = Indicator.objects.get(code="akses_layak")
    IndicatorValue.objects.create(member=member, indicator=layak, year=year, value=Decimal(70))
    ApbdTotal.objects.create(member=member, year=year, stage=Stage.PLANNED, amount=100 * MILIAR)
    BudgetLine.objects.create(
        member=member,
        year=year,
        subsector=SubSector.AIR_LIMBAH,
        source=FundingSource.APBD_KABKOTA,
        stage=Stage.PLANNED,
        amount=share * MILIAR,
    )
    sub = Submission(
        member=member,
        year=year,
        status=SubmissionStatus.VERIFIED,
        submitted_at=_at(verified_on),
        verified_at=_at(verified_on),
    )
    sub._history_date = _at(verified_on)
    sub.save()
    return sub


@pytest.fixture
def timeline(members: dict[str, Any], regions: dict[str, Any], users: Any) -> dict[str, Any]:
    """2014 data: Bontang verified in March 2015; Balikpapan verified in March 2015 and
    reopened in 2016 (draft now); Buleleng verified in June 2015, after D; Samarinda joined
    in September 2015, after D, with data verified in March 2015."""
    samarinda = member_services.create_member(
        regency=regions["6472"], membership_number="AKK-9", joined_on=date(2015, 9, 1), by=None
    )
    _data(members["6474"], 2014, verified_on=date(2015, 3, 2))
    _data(members["6471"], 2014, verified_on=date(2015, 3, 3), share=1)
    data_services.reopen(
        member=members["6471"], year=2014, reason="koreksi APBD", by=users["secretariat"]
    )
    _data(members["5108"], 2014, verified_on=date(2015, 6, 1))
    _data(samarinda, 2014, verified_on=date(2015, 3, 4))
    return {**members, "6472": samarinda}


def _row(row: dict[str, Any]) -> dict[str, Any]:
    """A commitment row's figures; its coverage must count the same reporters."""
    assert row["coverage"]["reporting"] == row["reporting"]
    return {k: v for k, v in row.items() if k != "coverage"}


def test_sections_ignore_data_verified_after_the_date_and_members_who_joined_later(
    timeline: dict[str, Any],
) -> None:
    figures, _svg = sections.commitment(D)
    # Bontang (verified by D) and Balikpapan (verified on D, reopened later) only.
    assert [_row(r) for r in figures["rows"]] == [
        {"year": 2014, "meeting": 1, "reporting": 2, "percent": "50.0"}
    ]
    # Samarinda joined after D: of the three members then, Buleleng had not reported.
    assert figures["rows"][0]["coverage"] == {"reporting": 2, "excluded": 1}
    assert figures["not_reported"] == [2015]
    access, _svg = sections.access(D)
    assert [(r["year"], r["reporting"]) for r in access["rows"]] == [(2014, 2)]
    # A year later every one of them counts: Buleleng verified, Samarinda a member.
    later, _svg = sections.commitment(date(2016, 5, 19))
    assert later["rows"][-1]["reporting"] == 3  # Balikpapan reopened, Buleleng left in 2016
    assert later["not_reported"] == [2015, 2016]


def _published(users: dict[str, Any], number: int = 2) -> Edition:
    edition = make_edition(number, title="Rakor", issued_on=D)
    DataSection.objects.create(edition=edition, position=3, kind=SectionKind.COMMITMENT)
    services.submit_for_review(edition, by=users["secretariat"])
    return services.publish(edition, by=users["secretariat"])


def test_published_sections_do_not_change_and_recomputing_keeps_the_first_text(
    client: Any, users: dict[str, Any], timeline: dict[str, Any]
) -> None:
    edition = _published(users)
    section = edition.sections.get(kind=SectionKind.COMMITMENT)
    first = section.frozen
    assert first["latest"]["reporting"] == 2
    # Data verified afterwards, for the year the edition reports: nothing changes, even when
    # the section is computed again, since it reads the data as it stood on its date.
    _data(timeline["6474"], 2015, verified_on=date(2016, 3, 1))
    data_services.submit(member=timeline["6471"], year=2014, by=users["balikpapan"])
    data_services.verify(member=timeline["6471"], year=2014, by=users["secretariat"])
    services.recompute(section, reason="periksa ulang", by=users["secretariat"])
    section.refresh_from_db()
    assert section.frozen == first and not SupersededSection.objects.exists()

    # A section frozen under an earlier, wrong rule (2015 counted before it was reported).
    wrong = {**first, "latest": {"year": 2015, "meeting": 237, "reporting": 385, "percent": "61.6"}}
    DataSection.objects.filter(pk=section.pk).update(frozen=wrong)
    section.refresh_from_db()
    with pytest.raises(ValidationError):
        services.recompute(section, reason=" ", by=users["secretariat"])
    reason = "Dihitung ulang: data 2015 belum dilaporkan pada 19 Mei 2015"
    services.recompute(section, reason=reason, by=users["secretariat"])
    section.refresh_from_db()
    assert section.frozen == first
    old = SupersededSection.objects.get(section=section)
    assert (
        old.frozen == wrong and old.reason == reason and old.superseded_by == users["secretariat"]
    )
    assert section.history.first().history_change_reason == reason
    body = client.get(reverse("bulletin:edition", args=[2])).content.decode()
    assert reason in body and "237 dari 385" in body and "1 dari 2" in body


def test_only_the_secretariat_recomputes_a_published_section(
    users: dict[str, Any], timeline: dict[str, Any]
) -> None:
    from django.core.exceptions import PermissionDenied

    section = _published(users).sections.get(kind=SectionKind.COMMITMENT)
    with pytest.raises(PermissionDenied):
        services.recompute(section, reason="x", by=users["bontang"])
    draft = make_edition(5, title="Draf", issued_on=D).sections.get()
    with pytest.raises(ValidationError):
        services.recompute(draft, reason="x", by=users["secretariat"])


def test_sections_show_the_values_verified_then_not_a_later_correction(
    timeline: dict[str, Any], users: dict[str, Any]
) -> None:
    """Bontang's 2014 budget is reopened in 2026 and corrected (3 -> 1 miliar of 100, below
    2 %), its akses layak from 70 to 40: an edition of 19 May 2015 reads the verified values
    of then, a figure of today the corrected ones."""
    bontang = timeline["6474"]
    data_services.reopen(member=bontang, year=2014, reason="koreksi", by=users["secretariat"])
    line = BudgetLine.objects.get(member=bontang, year=2014)
    line.amount = MILIAR
    line.save()
    value = IndicatorValue.objects.get(member=bontang, year=2014)
    value.value = Decimal(40)
    value.save()
    data_services.submit(member=bontang, year=2014, by=users["bontang"])
    data_services.verify(member=bontang, year=2014, by=users["secretariat"])
    then, _svg = sections.commitment(D)
    assert _row(then["rows"][0]) == {"year": 2014, "meeting": 1, "reporting": 2, "percent": "50.0"}
    access, _svg = sections.access(D)
    assert access["rows"][0]["median"] == "70.00"
    # Today: Bontang (now below 2 %), Samarinda and Buleleng (rejoined in 2018) report;
    # Balikpapan is reopened.
    today = timezone.localdate()
    now, _svg = sections.commitment(today)
    assert _row(now["rows"][0]) == {"year": 2014, "meeting": 2, "reporting": 3, "percent": "66.7"}
    key = (bontang.pk, 2014)
    assert q.values(["akses_layak"], members=[bontang.pk], on=D)["akses_layak"][key] == 70
    assert q.values(["akses_layak"], members=[bontang.pk], on=today)["akses_layak"][key] == 40
