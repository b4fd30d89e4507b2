"""API: the same rules as the pages, Kota Bontang's staff against Kota Balikpapan."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from rest_framework.test import APIClient

from akkopsi.coordination import services
from akkopsi.coordination.models import (
    ActionItem,
    ActionStatus,
    AdvocacyVisit,
    Delegate,
    Division,
    Meeting,
    ProgrammeActivity,
    WorkingGroup,
)
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


RECORD_ENDPOINTS = ["/api/divisions/", "/api/programme/", "/api/working-groups/", "/api/advocacy/"]


@pytest.mark.parametrize("url", RECORD_ENDPOINTS)
def test_programme_groups_and_advocacy_are_the_secretariats(
    api: APIClient, users: Any, url: str
) -> None:
    assert api.get(url).status_code in (401, 403)
    assert api.post(url, {}, format="json").status_code in (401, 403)
    for who in ["bontang", "treasurer", "jury"]:
        api.force_authenticate(users[who])
        assert api.get(url).status_code == 403, who
        assert api.post(url, {}, format="json").status_code == 403, who
    api.force_authenticate(users["secretariat"])
    assert api.get(url).status_code == 200


def test_secretariat_writes_the_work_programme_by_api(api: APIClient, users: Any) -> None:
    api.force_authenticate(users["secretariat"])
    response = api.post("/api/divisions/", {"name": "Bidang Monev"}, format="json")
    assert response.status_code == 201
    division = response.json()["id"]
    body = {
        "division": division,
        "year": 2015,
        "title": "Audiensi Bappenas",
        "budget": "15000000.00",
        "progress": 101,
    }
    response = api.post("/api/programme/", body, format="json")
    assert response.status_code == 400 and "progress" in response.json()
    body["progress"] = 40
    response = api.post("/api/programme/", body, format="json")
    assert response.status_code == 201 and response.json()["budget"] == "15000000.00"
    activity = ProgrammeActivity.objects.get()
    assert activity.history.get().history_user == users["secretariat"]
    response = api.patch(f"/api/programme/{activity.pk}/", {"progress": 90}, format="json")
    assert response.status_code == 200 and ProgrammeActivity.objects.get().progress == 90
    assert api.get("/api/programme/", {"year": 2016}).json()["count"] == 0
    assert api.get("/api/programme/", {"year": "x"}).status_code == 400
    response = api.post(f"/api/divisions/{division}/void/", {"reason": "x"}, format="json")
    assert response.status_code == 400 and not Division.objects.get().is_void
    response = api.post(f"/api/programme/{activity.pk}/void/", {}, format="json")
    assert response.status_code == 400
    response = api.post(f"/api/programme/{activity.pk}/void/", {"reason": "Dobel"}, format="json")
    assert response.status_code == 200 and ProgrammeActivity.objects.get().is_void
    assert api.get("/api/programme/").json()["count"] == 0


def test_secretariat_forms_working_groups_and_logs_advocacy_by_api(
    api: APIClient, users: Any, members: Any
) -> None:
    rakor = make_meeting()
    api.force_authenticate(users["secretariat"])
    body = {
        "name": "Pokja Regional Kalimantan",
        "scope": "regional",
        "mandate": "Koordinasi",
        "formed_on": "2015-05-19",
        "formed_at": rakor.pk,
        "members": ["6474", "6471"],
    }
    response = api.post("/api/working-groups/", {**body, "region": ""}, format="json")
    assert response.status_code == 400 and "region" in response.json()
    response = api.post("/api/working-groups/", {**body, "region": "Kalimantan"}, format="json")
    assert response.status_code == 201 and sorted(response.json()["members"]) == ["6471", "6474"]
    group = WorkingGroup.objects.get()
    assert group.formed_at == rakor
    response = api.patch(f"/api/working-groups/{group.pk}/", {"people": "Ir. A"}, format="json")
    assert response.status_code == 200 and group.members.count() == 2
    visit = {
        "institution": "Bappenas",
        "visited_on": "2015-04-10",
        "delegation": "Wali Kota Bontang",
        "topics": "Alokasi APBD sanitasi",
        "reported_at": rakor.pk,
    }
    response = api.post("/api/advocacy/", visit, format="json")
    assert response.status_code == 201
    assert AdvocacyVisit.objects.get().reported_at == rakor


def test_bad_meeting_and_action_input_is_refused_by_api(
    api: APIClient, users: Any, members: Any
) -> None:
    """Attendance of a non-member and a due date before the meeting."""
    api.force_authenticate(users["secretariat"])
    body = {
        "kind": "rakor",
        "title": "Rakor",
        "starts_at": "2017-03-01T09:00:00+08:00",
        "ends_at": "2017-03-01T16:00:00+08:00",
        "attending": ["6474", "5108"],
    }
    response = api.post("/api/meetings/", body, format="json")
    assert response.status_code == 400 and "Kabupaten Buleleng" in response.json()["attending"][0]
    assert not Meeting.objects.exists()
    meeting = make_meeting()
    action = {"what": "c", "due_on": "2015-05-01", "meeting": meeting.pk, "owner_member": "6474"}
    response = api.post("/api/actions/", action, format="json")
    assert response.status_code == 400 and "due_on" in response.json()
    assert not ActionItem.objects.exists()
