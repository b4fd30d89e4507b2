from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from akkopsi.members import services
from akkopsi.members.growth import membership_counts
from akkopsi.members.models import HeadOfRegion, Member, MembershipPeriod

pytestmark = pytest.mark.django_db


def test_count_at_any_date_follows_the_periods(members: Any) -> None:
    # Bontang, Balikpapan since 2010-03-01; Buleleng 2014-02-01 .. 2016-01-01, again from 2018-05-01
    days = [
        date(2010, 2, 28),
        date(2010, 3, 1),
        date(2015, 5, 19),
        date(2016, 1, 1),
        date(2018, 5, 1),
    ]
    assert membership_counts(days) == [0, 2, 3, 2, 3]
    assert [Member.objects.active_on(d).count() for d in days] == [0, 2, 3, 2, 3]


def test_rejoining_adds_a_period_and_keeps_the_old_one(members: Any) -> None:
    periods = list(members["5108"].periods.values_list("joined_on", "left_on"))
    assert periods == [(date(2014, 2, 1), date(2016, 1, 1)), (date(2018, 5, 1), None)]
    first = members["5108"].periods.get(joined_on=date(2014, 2, 1))
    assert first.history.count() == 2  # created, then closed: the history shows both


def test_joining_while_a_member_is_refused(members: Any) -> None:
    with pytest.raises(ValidationError) as err:
        services.record_joining(member=members["6474"], joined_on=date(2015, 1, 1), by=None)
    assert "sudah menjadi anggota" in str(err.value)
    assert members["6474"].periods.count() == 1


def test_rejoining_inside_an_earlier_period_is_refused(members: Any) -> None:
    services.record_leaving(
        member=members["6474"], left_on=date(2020, 1, 1), reason="mengundurkan diri", by=None
    )
    with pytest.raises(ValidationError):
        services.record_joining(member=members["6474"], joined_on=date(2019, 6, 1), by=None)
    services.record_joining(member=members["6474"], joined_on=date(2020, 1, 1), by=None)
    assert members["6474"].periods.count() == 2


def test_leaving_before_joining_is_refused_and_nothing_is_written(members: Any) -> None:
    with pytest.raises(ValidationError) as err:
        services.record_leaving(
            member=members["6474"], left_on=date(2010, 3, 1), reason="x", by=None
        )
    assert "setelah tanggal bergabung" in str(err.value)
    assert members["6474"].periods.get().left_on is None


def test_leaving_needs_a_reason(members: Any) -> None:
    with pytest.raises(ValidationError):
        services.record_leaving(
            member=members["6474"], left_on=date(2020, 1, 1), reason="  ", by=None
        )


def test_database_refuses_left_before_joined(members: Any) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipPeriod.objects.filter(member=members["6474"]).update(left_on=date(2001, 1, 1))


def test_voiding_a_period_needs_a_reason_and_keeps_the_row(members: Any, users: Any) -> None:
    period = members["5108"].periods.get(joined_on=date(2018, 5, 1))
    with pytest.raises(ValidationError):
        services.void_period(period=period, reason="", by=users["secretariat"])
    services.void_period(period=period, reason="salah input", by=users["secretariat"])
    period.refresh_from_db()
    assert period.is_void and period.void_reason == "salah input"
    assert not members["5108"].is_active_on(date(2020, 1, 1))
    with pytest.raises(ValidationError):
        period.delete()


def test_a_new_head_closes_the_open_term_of_the_previous(members: Any) -> None:
    m = members["6474"]
    services.add_head(
        member=m, name="Adi Darma", title="wali_kota", term_start=date(2011, 7, 20), by=None
    )
    services.add_head(
        member=m, name="Neni Moerniaeni", title="wali_kota", term_start=date(2016, 7, 20), by=None
    )
    terms = list(
        HeadOfRegion.objects.filter(member=m).order_by("term_start").values_list("name", "term_end")
    )
    assert terms == [("Adi Darma", date(2016, 7, 20)), ("Neni Moerniaeni", None)]


def test_overlapping_head_terms_are_refused(members: Any) -> None:
    m = members["6474"]
    services.add_head(
        member=m,
        name="A",
        title="wali_kota",
        term_start=date(2011, 1, 1),
        term_end=date(2016, 1, 1),
        by=None,
    )
    with pytest.raises(ValidationError):
        services.add_head(
            member=m,
            name="B",
            title="wali_kota",
            term_start=date(2015, 1, 1),
            term_end=date(2017, 1, 1),
            by=None,
        )
    assert HeadOfRegion.objects.filter(member=m).count() == 1


def test_a_regency_can_be_registered_once(members: Any, regions: Any) -> None:
    with pytest.raises(ValidationError):
        services.create_member(
            regency=regions["6474"],
            membership_number="AKK-0099",
            joined_on=date(2020, 1, 1),
            by=None,
        )
    with pytest.raises(ValidationError):
        services.create_member(
            regency=regions["6472"],
            membership_number="AKK-0001",
            joined_on=date(2020, 1, 1),
            by=None,
        )
    assert Member.objects.count() == 3
