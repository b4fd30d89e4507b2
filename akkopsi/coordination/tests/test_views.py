"""Pages: who may do what, by URL; the member page lists the member's open actions."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from akkopsi.conftest import sending
from akkopsi.coordination import services
from akkopsi.coordination.models import ActionItem, ActionStatus, Delegate, Meeting
from akkopsi.coordination.tests.factories import make_meeting, make_summit

pytestmark = pytest.mark.django_db


@pytest.fixture
def rakor(members: Any) -> Meeting:
    return make_meeting(attending=[members["6474"], members["6471"]])


def _action(meeting: Meeting, member: Any, what: str = "Siapkan CSS di Padang") -> ActionItem:
    return services.add_action(
        what=what, due_on=date(2015, 10, 31), owner_member=member, meeting=meeting, by=None
    )


def test_public_sees_published_meetings_summits_and_board(
    client: Any, rakor: Meeting, members: Any
) -> None:
    hidden = make_meeting(title="Rapat tertutup", published=False, day=date(2015, 6, 2))
    make_summit(number=24)
    page = client.get(reverse("coordination:meeting_list")).content.decode()
    assert rakor.title in page and "Rapat tertutup" not in page
    assert client.get(reverse("coordination:meeting_detail", args=[rakor.pk])).status_code == 200
    assert client.get(reverse("coordination:meeting_detail", args=[hidden.pk])).status_code == 404
    assert "CSS XXIV" in client.get(reverse("coordination:summit_list")).content.decode()
    assert client.get(reverse("coordination:board")).status_code == 200


def test_anonymous_is_sent_to_login_for_recording_a_meeting(client: Any, members: Any) -> None:
    response = client.get(reverse("coordination:meeting_create"))
    assert response.status_code == 302 and "/akun/masuk/" in response["Location"]


def test_member_staff_cannot_record_meetings(client: Any, users: Any) -> None:
    client.force_login(users["bontang"])
    assert client.get(reverse("coordination:meeting_create")).status_code == 403
    assert client.get(reverse("coordination:programme")).status_code == 403


def test_secretariat_records_a_meeting_with_attendance(client: Any, users: Any) -> None:
    client.force_login(users["secretariat"])
    response = client.post(
        reverse("coordination:meeting_create"),
        {
            "kind": "rakor",
            "title": "Rakor 2016",
            "starts_at": "2016-06-24T09:00",
            "ends_at": "2016-06-24T16:00",
            "attending_members": [users["bontang"].member_id],
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert list(meeting.attending.values_list("regency_id", flat=True)) == ["6474"]


def test_meeting_form_rerenders_with_errors_and_writes_nothing(
    client: Any, users: Any, members: Any
) -> None:
    client.force_login(users["secretariat"])
    response = client.post(
        reverse("coordination:meeting_create"),
        {
            "kind": "rakor",
            "title": "Rakor 2017",
            "starts_at": "2017-03-01T16:00",
            "ends_at": "2017-03-01T09:00",
        },
    )
    assert response.status_code == 200
    assert "Rapat harus berakhir setelah dimulai." in response.content.decode()
    response = client.post(
        reverse("coordination:meeting_create"),
        {
            "kind": "rakor",
            "title": "Rakor 2017",
            "starts_at": "2017-03-01T09:00",
            "ends_at": "2017-03-01T16:00",
            "attending_members": [members["5108"].pk],
        },
    )
    assert "Bukan anggota pada hari rapat: Kabupaten Buleleng." in response.content.decode()
    assert not Meeting.objects.exists()


def test_action_form_refuses_missing_owner_and_early_due_date(
    client: Any, users: Any, rakor: Meeting
) -> None:
    client.force_login(users["secretariat"])
    url = reverse("coordination:action_add", args=[rakor.pk])
    page = client.post(url, {"what": "Siapkan CSS", "due_on": "2015-06-01"}).content.decode()
    assert "Tindak lanjut memerlukan penanggung jawab" in page
    page = client.post(
        url, {"what": "Siapkan CSS", "due_on": "2015-05-01", "owner_person": "Seknas"}
    ).content.decode()
    assert "Batas waktu tidak boleh sebelum tanggal rapat." in page
    assert not ActionItem.objects.exists()


def test_staff_update_their_own_members_action_only(
    client: Any, users: Any, rakor: Meeting, members: Any
) -> None:
    own = _action(rakor, members["6474"])
    other = _action(rakor, members["6471"], "Tempat rapat")
    client.force_login(users["bontang"])
    response = client.post(
        reverse("coordination:action_status", args=[other.pk]), {"status": "done"}
    )
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.status == ActionStatus.OPEN
    response = client.post(reverse("coordination:action_status", args=[own.pk]), {"status": "done"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.status == ActionStatus.DONE


def test_staff_register_delegates_for_their_own_member_only(
    client: Any, users: Any, members: Any
) -> None:
    summit = make_summit()
    client.force_login(users["bontang"])
    other = reverse("coordination:delegate_register", args=[summit.number, "6471"])
    assert client.post(other, {"name": "Pak Budi"}).status_code == 403
    assert not Delegate.objects.exists()
    own = reverse("coordination:delegate_register", args=[summit.number, "6474"])
    assert client.post(own, {"name": "Ibu Rina"}).status_code == 302
    assert Delegate.objects.get().member == members["6474"]
    page = client.get(reverse("coordination:summit_detail", args=[summit.number])).content.decode()
    assert "Ibu Rina" in page


def test_member_page_lists_open_actions_for_its_staff_only(
    client: Any, users: Any, rakor: Meeting, members: Any
) -> None:
    _action(rakor, members["6474"])
    url = reverse("members:member_detail", args=["6474"])
    assert "Siapkan CSS di Padang" not in client.get(url).content.decode()
    client.force_login(users["balikpapan"])
    assert "Siapkan CSS di Padang" not in client.get(url).content.decode()
    client.force_login(users["bontang"])
    assert "Siapkan CSS di Padang" in client.get(url).content.decode()


def test_overdue_list_and_programme_for_the_secretariat(
    client: Any, users: Any, rakor: Meeting, members: Any, django_assert_max_num_queries: Any
) -> None:
    _action(rakor, members["6474"])
    client.force_login(users["secretariat"])
    with django_assert_max_num_queries(12):
        page = client.get(reverse("coordination:action_list"), {"overdue": "1"}).content.decode()
    assert "Siapkan CSS di Padang" in page
    assert client.get(reverse("coordination:programme")).status_code == 200
    assert client.get(reverse("coordination:working_group_list")).status_code == 200
    assert client.get(reverse("coordination:advocacy_list")).status_code == 200


def test_remind_actions_emails_the_owner_members_staff(
    users: Any, rakor: Meeting, members: Any, settings: Any
) -> None:
    settings.AKKOPSI_DEMO_DATE = "2015-11-01"
    _action(rakor, members["6474"])
    with sending():
        call_command("remind_actions", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["staf-6474@contoh.go.id"]
    assert "TERLAMBAT" in mail.outbox[0].body


def test_secretariat_records_the_forming_of_a_working_group(
    client: Any, users: Any, rakor: Meeting, members: Any
) -> None:
    client.force_login(users["secretariat"])
    response = client.post(
        reverse("coordination:working_group_add"),
        {
            "name": "Pokja Regional Kalimantan",
            "scope": "regional",
            "region": "Kalimantan",
            "mandate": "Koordinasi anggota di Kalimantan",
            "formed_on": "2015-05-19",
            "formed_at": rakor.pk,
            "group_members": [members["6474"].pk, members["6471"].pk],
        },
    )
    assert response.status_code == 302
    group = rakor.groups_formed.get()
    assert group.members.count() == 2
    client.force_login(users["bontang"])
    assert client.get(reverse("coordination:working_group_add")).status_code == 403
