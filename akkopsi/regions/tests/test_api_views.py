from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from akkopsi.regions.models import Population

pytestmark = pytest.mark.django_db


def test_regencies_api_filters_by_province_and_kind(client: Any, regions: Any) -> None:
    data = client.get("/api/regencies/", {"province": "64", "kind": "kota"}).json()
    assert [r["code"] for r in data["results"]] == ["6471", "6472", "6474"]
    assert data["results"][2]["display_name"] == "Kota Bontang"


def test_regency_search_understands_the_prefix(client: Any, regions: Any) -> None:
    data = client.get("/api/regencies/", {"q": "Kabupaten Buleleng"}).json()
    assert [r["code"] for r in data["results"]] == ["5108"]


def test_only_the_secretariat_records_population(client: Any, users: Any) -> None:
    url = reverse("regions:population_edit", args=["6474"])
    client.force_login(users["bontang"])
    assert client.post(url, {"year": 2024, "population": 190000}).status_code == 403
    client.force_login(users["secretariat"])
    assert (
        client.post(url, {"year": 2024, "population": 190000, "source": "Dukcapil"}).status_code
        == 302
    )
    record = Population.objects.get(regency_id="6474", year=2024)
    assert record.population == 190000
    assert record.history.first().history_user == users["secretariat"]


def test_population_api_refuses_member_staff_and_bad_values(client: Any, users: Any) -> None:
    client.force_login(users["bontang"])
    assert (
        client.post(
            "/api/population/", {"regency": "6474", "year": 2024, "population": 5}
        ).status_code
        == 403
    )
    client.force_login(users["secretariat"])
    bad = client.post("/api/population/", {"regency": "9999", "year": 2024, "population": -5})
    assert bad.status_code == 400
    assert set(bad.json()) == {"regency", "population"}
    assert not Population.objects.exists()
