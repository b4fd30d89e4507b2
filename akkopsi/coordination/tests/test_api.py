"""API: the same rules as the pages, Kota Bontang's staff against Kota Balikpapan."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from rest_framework.test import APIClient

from akkopsi.coordination import services
from akkopsi.coordination.models import ActionItem, ActionStatus, Delegate
from akkopsi.coordination.tests.factories import make_meeting, make_summit

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_public_reads_meetings_summits_and_board(api: APIClient, members: Any) -> None:
    make_meeting(attending=[members["6474"]])
    make_meeting(title="Tertutup", published=False, day=date(2015, 6, 2))
    make_summit(number=13)
    meetings = api.get("/api/meetings/").json()
    assert meetings["count"] == 1 and meetings["results"][0]["attending"] == ["6474"]
    assert api.get("/api/summits/").json()["results"][0]["numeral"] == "XIII"
    assert api.get("/api/board/", {"on": "2015-05-19"}).status_code == 200
    assert api.post("/api/meetings/", {}).status_code in (401, 403)
    assert api.get("/api/actions/").status_code in (401, 403)


def test_secretariat_creates_a_meeting_and_bad_input_is_refused(
    api: APIClient, users: Any, members: Any
) -> None:
    api.force_authenticate(users["secretariat"])
    body = {
        "kind": "rakor",
        "title": "Rakor",
        "starts_at": "2015-05-19T16:00:00+08:00",
        "ends_at": "2015-05-19T09:00:00+08:00",
    }
    response = api.post("/api/meetings/", body, format="json")
    assert response.status_code == 400
    assert response.json()["ends_at"] == ["Rapat harus berakhir setelah dimulai."]
    body["ends_at"] = "2015-05-19T17:00:00+08:00"
    body["attending"] = ["6474", "6471"]
    assert api.post("/api/meetings/", body, format="json").status_code == 201


def test_staff_change_only_their_own_members_actions_by_api(
    api: APIClient, users: Any, members: Any
) -> None:
    meeting = make_meeting()
    own = services.add_action(
        what="a", due_on=date(2015, 6, 1), owner_member=members["6474"], meeting=meeting, by=None
    )
    other = services.add_action(
        what="b", due_on=date(2015, 6, 1), owner_member=members["6471"], meeting=meeting, by=None
    )
    api.force_authenticate(users["bontang"])
    assert [a["id"] for a in api.get("/api/actions/").json()["results"]] == [own.pk]
    response = api.patch(f"/api/actions/{other.pk}/", {"status": "done"}, format="json")
    assert response.status_code == 403
    assert ActionItem.objects.get(pk=other.pk).status == ActionStatus.OPEN
    response = api.patch(f"/api/actions/{own.pk}/", {"what": "lain"}, format="json")
    assert response.status_code == 400
    response = api.patch(f"/api/actions/{own.pk}/", {"status": "done"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "done"
    response = api.post(
        "/api/actions/", {"what": "c", "due_on": "2015-06-01", "owner_person": "x"}, format="json"
    )
    assert response.status_code == 403


def test_action_without_owner_is_refused_by_api(api: APIClient, users: Any, members: Any) -> None:
    meeting = make_meeting()
    api.force_authenticate(users["secretariat"])
    response = api.post(
        "/api/actions/", {"what": "c", "due_on": "2015-06-01", "meeting": meeting.pk}, format="json"
    )
    assert response.status_code == 400
    assert "owner_member" in response.json()
    assert not ActionItem.objects.exists()


def test_staff_register_delegates_only_for_their_own_member_by_api(
    api: APIClient, users: Any, members: Any
) -> None:
    make_summit(number=15)
    api.force_authenticate(users["bontang"])
    body = {"summit": 15, "member": "6471", "name": "Pak Budi"}
    assert api.post("/api/summit-delegates/", body, format="json").status_code == 403
    assert not Delegate.objects.exists()
    body["member"] = "6474"
    response = api.post("/api/summit-delegates/", body, format="json")
    assert response.status_code == 201 and response.json()["status"] == "registered"
    delegate = Delegate.objects.get()
    api.force_authenticate(users["balikpapan"])
    response = api.patch(
        f"/api/summit-delegates/{delegate.pk}/", {"status": "cancelled"}, format="json"
    )
    assert response.status_code == 403
    api.force_authenticate(users["bontang"])
    response = api.patch(
        f"/api/summit-delegates/{delegate.pk}/", {"status": "attended"}, format="json"
    )
    assert response.status_code == 400  # attendance is the secretariat's
