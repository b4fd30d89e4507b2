"""E-mailing the reminders of a reporting year is asked for first: which year, how many
members, how many addresses; GET sends nothing; a stale confirmation is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from akkopsi.conftest import only, sending
from akkopsi.core.tests.confirming import confirm
from akkopsi.data.choices import SubmissionStatus
from akkopsi.data.models import ReminderLog, ReportingYear, Submission
from akkopsi.members.models import Contact

pytestmark = pytest.mark.django_db
URL = reverse("data:remind", args=[2024])


def test_the_page_says_to_how_many_and_for_which_year(
    client: Any, users: dict[str, Any], members: dict[str, Any], open_year: ReportingYear
) -> None:
    client.force_login(users["secretariat"])
    cycle = client.get(reverse("data:cycle_year", args=[2024])).content.decode()
    assert URL in cycle  # the button leads to the confirmation
    page = client.get(URL)
    body = page.content.decode()
    # Bontang and Balikpapan have staff with an address; Buleleng has nobody to write to
    assert "Pengingat tentang data 2024 (batas waktu 31 Maret 2025)" in body
    assert "kepada staf dan kontak 2 anggota yang belum mengirimnya" in body
    assert "Alamat e-mail yang dikirimi: 2." in body
    assert not mail.outbox and not ReminderLog.objects.exists()  # GET sends nothing
    # Bontang submits meanwhile: the confirmation seen no longer holds
    Submission.objects.create(member=members["6474"], year=2024, status=SubmissionStatus.SUBMITTED)
    stale = client.post(URL, {"token": page.context["plan"].token})
    assert stale.status_code == 409
    assert "kepada staf dan kontak 1 anggota" in stale.content.decode()
    assert not ReminderLog.objects.exists()
    with sending():
        done = confirm(client, URL)
    assert done.status_code == 302 and done["Location"] == reverse("data:cycle_year", args=[2024])
    assert [m.to for m in mail.outbox] == [["staf-6471@contoh.go.id"]]
    assert list(ReminderLog.objects.values_list("member__regency__code", flat=True)) == ["6471"]
    again = client.get(URL).content.decode()  # once a day
    assert "Anggota yang sudah diingatkan hari ini, tidak diingatkan lagi: 1." in again
    assert 'id="nothing-to-do"' in again


def test_contacts_count_as_addresses(
    client: Any, users: dict[str, Any], members: dict[str, Any], open_year: ReportingYear
) -> None:
    Contact.objects.create(
        member=members["5108"], name="Kepala Bappeda", email="bappeda@buleleng.go.id"
    )
    client.force_login(users["secretariat"])
    body = client.get(URL).content.decode()
    assert "3 anggota" in body and "Alamat e-mail yang dikirimi: 3." in body


@pytest.mark.parametrize(
    ("who", "status"),
    only("secretariat", "admin"),
)
def test_only_the_secretariat_reminds(
    client: Any, users: dict[str, Any], open_year: ReportingYear, who: str | None, status: int
) -> None:
    if who:
        client.force_login(users[who])
    assert client.get(URL).status_code == status
    client.post(URL, {"token": "x"})
    assert not ReminderLog.objects.exists() and not mail.outbox


def test_a_closed_year_is_not_reminded(
    client: Any, users: dict[str, Any], open_year: ReportingYear
) -> None:
    open_year.is_open = False
    open_year.save()
    client.force_login(users["secretariat"])
    assert client.get(URL).status_code == 404
    assert URL not in client.get(reverse("data:cycle_year", args=[2024])).content.decode()
