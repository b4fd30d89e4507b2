from __future__ import annotations

from typing import Any

import pytest

from akkopsi.members.models import Member

pytestmark = pytest.mark.django_db


def test_members_api_filters_active_on_a_date(client: Any, members: Any) -> None:
    assert client.get("/api/members/", {"active_on": "2015-05-19"}).json()["count"] == 3
    assert client.get("/api/members/", {"active_on": "2017-01-01"}).json()["count"] == 2
    assert client.get("/api/members/").json()["count"] == 3


def test_members_api_rejects_a_bad_date(client: Any, members: Any) -> None:
    response = client.get("/api/members/", {"active_on": "2015-13-40"})
    assert response.status_code == 400
    assert "active_on" in response.json()


def test_members_api_filters_by_province_and_kind(client: Any, members: Any) -> None:
    data = client.get("/api/members/", {"province": "64", "kind": "kota"}).json()
    assert sorted(m["code"] for m in data["results"]) == ["6471", "6474"]


def test_staff_patch_their_own_profile(client: Any, users: Any) -> None:
    client.force_login(users["bontang"])
    response = client.patch(
        "/api/members/6474/", {"email": "pokja@bontangkota.go.id"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert Member.objects.get(regency_id="6474").email == "pokja@bontangkota.go.id"


def test_staff_of_bontang_cannot_change_balikpapan_by_api(client: Any, users: Any) -> None:
    client.force_login(users["bontang"])
    response = client.patch("/api/members/6471/", {"phone": "666"}, content_type="application/json")
    assert response.status_code == 403
    assert (
        client.put(
            "/api/members/6471/", {"phone": "666"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert Member.objects.get(regency_id="6471").phone == ""


def test_staff_cannot_touch_non_profile_fields(client: Any, users: Any) -> None:
    client.force_login(users["bontang"])
    response = client.patch(
        "/api/members/6474/",
        {"membership_number": "X", "phone": "1"},
        content_type="application/json",
    )
    assert response.status_code == 400
    member = Member.objects.get(regency_id="6474")
    assert member.membership_number == "AKK-0001" and member.phone == ""


def test_anonymous_cannot_write(client: Any, members: Any) -> None:
    assert client.patch(
        "/api/members/6474/", {"phone": "1"}, content_type="application/json"
    ).status_code in {401, 403}
    assert client.post(
        "/api/members/", {"code": "6472", "membership_number": "A", "joined_on": "2020-01-01"}
    ).status_code in {401, 403}


@pytest.mark.parametrize("who", ["bontang", "treasurer", "jury"])
def test_only_secretariat_creates_members_by_api(client: Any, users: Any, who: str) -> None:
    client.force_login(users[who])
    assert (
        client.post(
            "/api/members/", {"code": "6472", "membership_number": "A", "joined_on": "2020-01-01"}
        ).status_code
        == 403
    )
    assert not Member.objects.filter(regency_id="6472").exists()


def test_secretariat_creates_a_member_by_api(client: Any, users: Any) -> None:
    client.force_login(users["secretariat"])
    response = client.post(
        "/api/members/",
        {"code": "6472", "membership_number": "AKK-0042", "joined_on": "2013-09-18"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "Kota Samarinda"
    assert (
        Member.objects.get(regency_id="6472").history.first().history_user == users["secretariat"]
    )


@pytest.mark.parametrize(
    ("payload", "field", "text"),
    [
        (
            {"code": "64x", "membership_number": "A", "joined_on": "2020-01-01"},
            "code",
            "empat angka",
        ),
        (
            {"code": "9999", "membership_number": "A", "joined_on": "2020-01-01"},
            "code",
            "Tidak ada kabupaten/kota",
        ),
        (
            {"code": "6474", "membership_number": "A", "joined_on": "2020-01-01"},
            "regency",
            "sudah terdaftar",
        ),
        ({"code": "6472", "membership_number": "A", "joined_on": "kemarin"}, "joined_on", ""),
    ],
)
def test_member_api_rejects_bad_input(
    client: Any, users: Any, payload: dict[str, str], field: str, text: str
) -> None:
    client.force_login(users["secretariat"])
    response = client.post("/api/members/", payload)
    assert response.status_code == 400
    assert field in response.json()
    assert text in str(response.json()[field])
    assert Member.objects.count() == 3


def test_unknown_member_is_404(client: Any, members: Any) -> None:
    assert client.get("/api/members/9999/").status_code == 404


def test_schema_and_docs_are_served(client: Any, db: Any) -> None:
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/members/" in schema.content and b"active_on" in schema.content
    assert client.get("/api/docs/").status_code == 200
