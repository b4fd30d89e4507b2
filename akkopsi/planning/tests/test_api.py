"""API of the planner: same permissions as the pages; create, change, solve, fetch."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from akkopsi.core.formatting import format_rupiah
from akkopsi.planning import services
from akkopsi.planning.models import FundingEnvelope, Plan, Scenario, SolveResult

pytestmark = pytest.mark.django_db


def api(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_the_public_sees_no_plan(plan: Any) -> None:
    client = api()
    assert client.get(reverse("plan-list")).status_code in (401, 403)
    assert client.get(reverse("plan-detail", args=[plan.pk])).status_code in (401, 403)
    scenario = plan.scenarios.get()
    assert client.post(reverse("plan-scenario-solve", args=[scenario.pk])).status_code in (401, 403)
    assert SolveResult.objects.count() == 0


def test_bontang_staff_cannot_see_or_change_a_balikpapan_plan(plan: Any, users: Any) -> None:
    client = api(users["bontang"])
    scenario = plan.scenarios.get()
    assert (
        client.get(reverse("plan-list")).json()["results"] == []
        if "results" in client.get(reverse("plan-list")).json()
        else client.get(reverse("plan-list")).json() == []
    )
    assert client.get(reverse("plan-detail", args=[plan.pk])).status_code == 404
    assert (
        client.patch(
            reverse("plan-detail", args=[plan.pk]), {"name": "x"}, format="json"
        ).status_code
        == 404
    )
    assert client.get(reverse("plan-scenario-detail", args=[scenario.pk])).status_code == 404
    assert (
        client.patch(
            reverse("plan-scenario-detail", args=[scenario.pk]),
            {"envelopes": [{"source": "dak", "year": 2025, "amount": "1"}]},
            format="json",
        ).status_code
        == 404
    )
    assert client.post(reverse("plan-scenario-solve", args=[scenario.pk])).status_code == 404
    assert client.get(reverse("plan-scenario-result", args=[scenario.pk])).status_code == 404
    created = client.post(
        reverse("plan-list"), {"code": "6471", "name": "x", "households": 10}, format="json"
    )
    assert created.status_code == 403
    added = client.post(
        reverse("plan-scenario-list"), {"plan": plan.pk, "name": "x"}, format="json"
    )
    assert added.status_code == 403
    assert Plan.objects.count() == 1 and Scenario.objects.count() == 1
    assert SolveResult.objects.count() == 0
    assert FundingEnvelope.objects.get(
        scenario=scenario, source="dak", year=2025
    ).amount == Decimal("500000000.00")


def test_staff_create_a_plan_for_their_member_change_money_solve_and_fetch(users: Any) -> None:
    client = api(users["bontang"])
    response = client.post(
        reverse("plan-list"),
        {
            "code": "6474",
            "name": "SSK Bontang",
            "base_year": 2024,
            "horizon": 3,
            "households": 3000,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["member"] == "6474" and len(body["scenarios"]) == 1
    assert Decimal(sum(Decimal(v) for v in body["baseline"]["air_limbah"].values())) == 100
    scenario_id = body["scenarios"][0]["id"]
    envelopes = [
        {"source": "apbd_kabkota", "year": y, "amount": "800000000"} for y in (2025, 2026, 2027)
    ]
    patched = client.patch(
        reverse("plan-scenario-detail", args=[scenario_id]), {"envelopes": envelopes}, format="json"
    )
    assert patched.status_code == 200, patched.json()
    assert len(patched.json()["envelopes"]) == 3
    solved = client.post(reverse("plan-scenario-solve", args=[scenario_id]))
    assert solved.status_code == 201, solved.json()
    fetched = client.get(reverse("plan-scenario-result", args=[scenario_id])).json()
    assert fetched["id"] == solved.json()["id"]
    assert fetched["result"]["years"] == [2025, 2026, 2027]


def test_a_bad_plan_answers_400_with_the_engines_message(plan: Any, users: Any) -> None:
    client = api(users["balikpapan"])
    scenario = plan.scenarios.get()
    targets = [{"sub_sector": "air_limbah", "step": "layak", "year": 2040, "percent": "90"}]
    client.patch(
        reverse("plan-scenario-detail", args=[scenario.pk]), {"targets": targets}, format="json"
    )
    response = client.post(reverse("plan-scenario-solve", args=[scenario.pk]))
    assert response.status_code == 400
    assert response.json()["where"].startswith("targets")
    assert response.json()["detail"]


def test_secretariat_sees_and_solves_every_plan(plan: Any, users: Any) -> None:
    client = api(users["secretariat"])
    assert client.get(reverse("plan-detail", args=[plan.pk])).status_code == 200
    scenario = plan.scenarios.get()
    assert client.post(reverse("plan-scenario-solve", args=[scenario.pk])).status_code == 201


def test_result_page_shows_the_same_numbers_as_the_api(client: Any, plan: Any, users: Any) -> None:
    scenario = plan.scenarios.get()
    saved = services.solve_scenario(scenario=scenario, by=None)
    data = api(users["balikpapan"]).get(reverse("plan-scenario-result", args=[scenario.pk])).json()
    client.force_login(users["balikpapan"])
    page = client.get(reverse("planning:result_detail", args=[saved.pk])).content.decode()
    for key in ("planned_total", "gap_total", "needs_total", "program_total"):
        assert format_rupiah(Decimal(data[key])) in page, key
    for line in data["result"]["extra_funding"]:
        assert format_rupiah(Decimal(line["rupiah"])) in page
    for t in data["result"]["targets"]:
        assert f"{round(t['required_households']):,}".replace(",", ".") in page


def test_an_unknown_funding_source_is_refused_with_the_known_ones(plan: Any, users: Any) -> None:
    scenario = plan.scenarios.get()
    response = api(users["balikpapan"]).patch(
        reverse("plan-scenario-detail", args=[scenario.pk]),
        {"envelopes": [{"source": "bank_dunia", "year": 2025, "amount": "1"}]},
        format="json",
    )
    assert response.status_code == 400
    assert "apbd_kabkota" in str(response.json())
