"""Domain rules: bad input is refused with a clear Indonesian message and nothing is written."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from akkopsi.coordination import services
from akkopsi.coordination.models import (
    ActionItem,
    ActionStatus,
    Delegate,
    DelegateStatus,
    Meeting,
    roman,
)
from akkopsi.coordination.tests.factories import at, make_meeting, make_summit

pytestmark = pytest.mark.django_db


def test_roman_numerals_as_the_alliance_writes_them() -> None:
    assert [roman(n) for n in (13, 14, 19, 20, 24, 4, 9, 40)] == [
        "XIII",
        "XIV",
        "XIX",
        "XX",
        "XXIV",
        "IV",
        "IX",
        "XL",
    ]


def test_save_meeting_rejects_end_before_start(members: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        make_meeting(starts_at=at(date(2015, 5, 19), 16), ends_at=at(date(2015, 5, 19), 9))
    assert "Rapat harus berakhir setelah dimulai." in exc.value.message_dict["ends_at"]
    assert not Meeting.objects.exists()


def test_database_refuses_end_before_start_too(members: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(
            kind="rakor",
            title="x",
            starts_at=at(date(2015, 5, 19), 16),
            ends_at=at(date(2015, 5, 19), 9),
        )


def test_save_meeting_rejects_attendance_of_a_non_member(members: Any) -> None:
    """Kabupaten Buleleng was not a member between 2016 and 2018."""
    with pytest.raises(ValidationError) as exc:
        make_meeting(day=date(2017, 3, 1), attending=[members["6474"], members["5108"]])
    message = exc.value.message_dict["attending"][0]
    assert message == "Bukan anggota pada hari rapat: Kabupaten Buleleng."
    assert not Meeting.objects.exists()


def test_save_meeting_records_attendance_of_members(members: Any) -> None:
    meeting = make_meeting(attending=[members["6474"], members["6471"]])
    assert set(meeting.attending.values_list("regency_id", flat=True)) == {"6474", "6471"}


def test_add_action_rejects_an_action_without_owner(members: Any) -> None:
    meeting = make_meeting()
    with pytest.raises(ValidationError) as exc:
        services.add_action(what="Siapkan CSS", due_on=date(2015, 6, 1), meeting=meeting, by=None)
    assert exc.value.message_dict["owner_member"] == [
        "Tindak lanjut memerlukan penanggung jawab: anggota atau orang."
    ]
    assert not ActionItem.objects.exists()


def test_database_refuses_an_action_without_owner(members: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionItem.objects.create(what="x", due_on=date(2015, 6, 1))


def test_add_action_rejects_a_due_date_before_the_meeting(members: Any) -> None:
    meeting = make_meeting()
    with pytest.raises(ValidationError) as exc:
        services.add_action(
            what="Siapkan CSS",
            due_on=date(2015, 5, 1),
            owner_member=members["6474"],
            meeting=meeting,
            by=None,
        )
    assert exc.value.message_dict["due_on"] == ["Batas waktu tidak boleh sebelum tanggal rapat."]
    assert not ActionItem.objects.exists()


def test_action_followed_to_completion_and_overdue_list(members: Any) -> None:
    meeting = make_meeting()
    action = services.add_action(
        what="Siapkan CSS di Padang",
        due_on=date(2015, 10, 31),
        owner_member=members["6474"],
        meeting=meeting,
        by=None,
    )
    assert list(ActionItem.objects.overdue(date(2015, 11, 1))) == [action]
    services.set_action_status(
        action=action, status=ActionStatus.DONE, on=date(2015, 11, 2), by=None
    )
    action.refresh_from_db()
    assert action.done_on == date(2015, 11, 2)
    assert not ActionItem.objects.overdue(date(2015, 11, 3)).exists()


def test_delegates_follow_only_allowed_transitions(members: Any) -> None:
    summit = make_summit(capacity=1)
    first = services.register_delegate(
        summit=summit, member=members["6474"], name="Ibu Rina", by=None
    )
    second = services.register_delegate(
        summit=summit, member=members["6471"], name="Pak Budi", by=None
    )
    assert (first.status, second.status) == (DelegateStatus.REGISTERED, DelegateStatus.WAITLISTED)
    with pytest.raises(ValidationError):  # waitlisted cannot jump to attended
        services.change_delegate_status(
            delegate=second, status=DelegateStatus.ATTENDED, by=None, by_secretariat=True
        )
    with pytest.raises(ValidationError):  # staff do not take attendance
        services.change_delegate_status(
            delegate=first, status=DelegateStatus.ATTENDED, by=None, by_secretariat=False
        )
    services.change_delegate_status(
        delegate=first, status=DelegateStatus.CANCELLED, by=None, by_secretariat=False
    )
    with pytest.raises(ValidationError):  # cancelled is final
        services.change_delegate_status(
            delegate=first, status=DelegateStatus.REGISTERED, by=None, by_secretariat=True
        )
    services.change_delegate_status(
        delegate=second, status=DelegateStatus.REGISTERED, by=None, by_secretariat=True
    )
    services.change_delegate_status(
        delegate=second, status=DelegateStatus.ATTENDED, by=None, by_secretariat=True
    )
    assert Delegate.objects.get(pk=second.pk).status == DelegateStatus.ATTENDED


def test_register_delegate_refuses_when_registration_is_closed(members: Any) -> None:
    summit = make_summit(open_=False)
    with pytest.raises(ValidationError):
        services.register_delegate(summit=summit, member=members["6474"], name="x", by=None)
    assert not Delegate.objects.exists()
