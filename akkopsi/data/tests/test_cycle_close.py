"""Closing a reporting year is asked for first: who has not submitted, what still waits;
GET closes nothing; a stale confirmation is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from akkopsi.conftest import only
from akkopsi.core.tests.confirming import confirm
from akkopsi.data.choices import SubmissionStatus
from akkopsi.data.models import ReportingYear, Submission

URL = reverse("data:cycle_close", args=[2024])


def test_closing_says_who_has_not_submitted(
    client: Any, users: dict[str, Any], members: dict[str, Any], open_year: ReportingYear
) -> None:
    Submission.objects.create(member=members["6474"], year=2024, status=SubmissionStatus.SUBMITTED)
    Submission.objects.create(member=members["6471"], year=2024, status=SubmissionStatus.VERIFIED)
    client.force_login(users["secretariat"])
    page = client.get(URL)
    body = page.content.decode()
    assert "Tahun pelaporan 2024 ditutup: staf anggota tidak dapat lagi" in body
    assert "Anggota yang belum mengirim: 1." in body
    assert "Sudah dikirim, belum diverifikasi: 1." in body
    open_year.refresh_from_db()
    assert open_year.is_open  # GET closes nothing
    Submission.objects.create(member=members["5108"], year=2024, status=SubmissionStatus.SUBMITTED)
    stale = client.post(URL, {"token": page.context["plan"].token})
    assert (
        stale.status_code == 409
        and "Sudah dikirim, belum diverifikasi: 2." in stale.content.decode()
    )
    open_year.refresh_from_db()
    assert open_year.is_open
    assert confirm(client, URL).status_code == 302
    open_year.refresh_from_db()
    assert not open_year.is_open
    assert open_year.history.first().history_user == users["secretariat"]
    cycle = client.get(reverse("data:cycle_year", args=[2024])).content.decode()
    assert URL not in cycle  # closed: no button any more


@pytest.mark.parametrize(
    ("who", "status"),
    only("secretariat", "admin"),
)
def test_only_the_secretariat_closes(
    client: Any, users: dict[str, Any], open_year: ReportingYear, who: str | None, status: int
) -> None:
    if who:
        client.force_login(users[who])
    assert client.get(URL).status_code == status
    client.post(URL, {"token": "x"})
    open_year.refresh_from_db()
    assert open_year.is_open
