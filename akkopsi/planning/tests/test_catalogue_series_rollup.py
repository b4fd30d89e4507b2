"""The member's catalogue, households from the registry, targets per year, the roll-up by
sub-sector, and the links from the member's pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from akkopsi.planning import report, services, solve
from akkopsi.planning.models import CatalogueOverride, Plan, ScenarioTarget
from akkopsi.planning.tests.conftest import editor_post, make_plan
from akkopsi.regions.models import Population

pytestmark = pytest.mark.django_db

# rows of the catalogue grid: the ten options, then the facilities (IPLT is row 10)
SEPTIC, IPLT = 0, 10


def _catalogue_url(code: str = "6471") -> str:
    return reverse("planning:catalogue", args=[code])


def _post_catalogue(client: Any, code: str = "6471", **cells: Any) -> Any:
    url = _catalogue_url(code)
    return client.post(url, editor_post(client.get(url).context["editor"], **cells))


def test_catalogue_permissions(client: Any, members: Any, users: Any) -> None:
    url = _catalogue_url()
    response = client.get(url)
    assert response.status_code == 302 and "/akun/" in response["Location"]
    for role in ("bontang", "treasurer", "jury"):
        client.force_login(users[role])
        assert client.get(url).status_code == 403, role
        assert client.post(url, {"items-0-capital_cost": "1"}).status_code == 403, role
    assert not CatalogueOverride.objects.exists()
    client.force_login(users["bontang"])
    assert client.get(_catalogue_url("6474")).status_code == 200
    for role in ("balikpapan", "secretariat", "admin"):
        client.force_login(users[role])
        assert client.get(url).status_code == 200, role


def test_member_figures_apply_to_every_scenario_under_the_scenario_overrides(
    client: Any, plan: Any, users: Any
) -> None:
    client.force_login(users["balikpapan"])
    response = _post_catalogue(
        client,
        **{
            f"items-{SEPTIC}-capital_cost": "8000000",
            f"items-{SEPTIC}-lifetime_years": "25",
            f"items-{SEPTIC}-source": "RAB DPUPR 2024",
            f"items-{IPLT}-capacity_households": "9000",
        },
    )
    assert response.status_code == 302
    rows = {r.item: r for r in CatalogueOverride.objects.all()}
    assert set(rows) == {"tangki_septik_individual", "iplt"}
    assert rows["iplt"].capacity_households == 9000 and rows["iplt"].capital_cost is None
    history = CatalogueOverride.history.filter(item="tangki_septik_individual")
    assert history.count() == 1 and history.get().history_user == users["balikpapan"]

    first = plan.scenarios.get()
    second = services.create_scenario(plan=plan, name="Kedua", by=None)
    for scenario in (first, second):
        problem = solve.build_problem(scenario)
        septic = next(o for o in problem.options if o.id == "tangki_septik_individual")
        assert septic.capital_cost_per_household == Decimal(8_000_000)
        assert septic.lifetime_years == 25
        iplt = next(f for f in problem.facilities if f.id == "iplt")
        assert iplt.capacity_households == 9000
    # a scenario's own figure goes on top of the member's
    inputs = services.current_inputs(second)
    inputs["overrides"] = {"tangki_septik_individual": (True, Decimal(9_000_000), None, None)}
    services.set_inputs(scenario=second, by=None, **inputs)
    problem = solve.build_problem(second)
    septic = next(o for o in problem.options if o.id == "tangki_septik_individual")
    assert septic.capital_cost_per_household == Decimal(9_000_000)
    assert septic.lifetime_years == 25
    # another member keeps the defaults
    other = make_plan(plan.member.__class__.objects.get(regency_id="6474"))
    problem = solve.build_problem(other.scenarios.get())
    septic = next(o for o in problem.options if o.id == "tangki_septik_individual")
    assert septic.capital_cost_per_household == Decimal(10_000_000)

    # emptying a row goes back to the default, with history
    data = editor_post(client.get(_catalogue_url()).context["editor"])
    data = {k: v for k, v in data.items() if not k.startswith(f"items-{SEPTIC}-")}
    assert client.post(_catalogue_url(), data).status_code == 302
    assert not CatalogueOverride.objects.filter(item="tangki_septik_individual").exists()
    assert history.count() == 2
    page = client.get(_catalogue_url()).content.decode()
    assert "RAB DPUPR 2024" in page  # the change history keeps the old figures


def test_a_bad_catalogue_cell_is_named_and_nothing_is_written(
    client: Any, members: Any, users: Any
) -> None:
    client.force_login(users["balikpapan"])
    response = _post_catalogue(
        client,
        **{f"items-{SEPTIC}-capital_cost": "-1", f"items-{IPLT}-capacity_households": "500"},
    )
    assert response.status_code == 400
    errors = response.context["editor"].errors()
    assert len(errors) == 1 and errors[0].startswith("Tangki septik individual, "), errors
    assert errors[0] in response.content.decode()
    assert not CatalogueOverride.objects.exists()


def test_households_follow_the_registry_population_series(plan: Any, regions: Any) -> None:
    for year, pop in ((2023, 98_000), (2024, 100_000), (2025, 102_000), (2026, 101_000)):
        Population.objects.create(regency=regions["6471"], year=year, population=pop)
    Plan.objects.filter(pk=plan.pk).update(use_population_series=True)
    plan.refresh_from_db()
    # 2025: 2,000 x 1.02; 2026: the population falls, households stay; 2027: not in the
    # registry, continues from 2026 at the series' growth up to the base year (2%/year)
    assert solve.registry_household_series(plan) == (2040, 2040, 2061)
    problem = solve.build_problem(plan.scenarios.get())
    assert problem.household_series == (2040, 2040, 2061)
    Plan.objects.filter(pk=plan.pk).update(use_population_series=False)
    plan.refresh_from_db()
    assert solve.build_problem(plan.scenarios.get()).household_series is None


def test_new_plan_uses_the_registry_series_when_it_has_the_base_year(
    client: Any, members: Any, regions: Any, users: Any
) -> None:
    client.force_login(users["bontang"])
    url = reverse("planning:plan_create", args=["6474"])
    assert client.get(url).context["form"].initial["use_population_series"] is False
    year = client.get(url).context["situation"].base_year
    for y, pop in ((year - 1, 170_000), (year, 172_000)):
        Population.objects.create(regency=regions["6474"], year=y, population=pop)
    initial = client.get(url).context["form"].initial
    assert initial["use_population_series"] is True and initial["population"] == 172_000


def test_targets_are_edited_per_year_in_the_grid(client: Any, plan: Any, users: Any) -> None:
    client.force_login(users["balikpapan"])
    scenario = plan.scenarios.get()
    url = reverse("planning:scenario_edit", args=[scenario.pk])
    editor = client.get(url).context["editor"]
    row = editor.target_keys.index(("air_limbah", "layak", "at_least"))
    # empty cells show the interim targets: 60% layak in 2024 -> 90% in 2027
    cells = editor.targets.forms[row].fields
    assert [cells[f"y{y}"].widget.attrs.get("placeholder") for y in (2025, 2026)] == [
        "70.0",
        "80.0",
    ]
    response = client.post(url, editor_post(editor, **{f"targets-{row}-y2025": "70"}))
    assert response.status_code == 302
    years = ScenarioTarget.objects.filter(
        scenario=scenario, sub_sector="air_limbah", step="layak"
    ).values_list("year", "percent")
    assert sorted(years) == [(2025, Decimal(70)), (2027, Decimal(90))]
    # interim: 2026 on the line from 70% (2025) to 90% (2027)
    problem = solve.build_problem(scenario)
    shares = {
        t.year: t.share
        for t in problem.targets
        if (t.sub_sector, t.step) == ("air_limbah", "layak")
    }
    assert shares == {2025: Decimal("0.7"), 2026: Decimal("0.8"), 2027: Decimal("0.9")}


def test_rollup_shows_the_gap_by_sub_sector_with_charts_and_exports(
    client: Any, members: Any, users: Any
) -> None:
    saved = []
    for code in ("6471", "6474"):
        p = make_plan(members[code], money=50)
        saved.append(services.solve_scenario(scenario=p.scenarios.get(), by=None))
    gap = sum((s.gap_total for s in saved), Decimal(0))
    assert gap > 0
    data = report.rollup()
    assert sum((r["gap"] for r in data["by_sub_sector"]), Decimal(0)) == gap
    assert sum((r["gap"] for r in data["by_source"]), Decimal(0)) == gap
    assert all(r["needs"] == r["planned"] + r["gap"] for r in data["by_sub_sector"])
    client.force_login(users["secretariat"])
    detail = client.get(reverse("planning:result_detail", args=[saved[0].pk])).content.decode()
    assert 'id="gap-sub-sectors"' in detail
    page = client.get(reverse("planning:home"))
    assert page.content.decode().count('class="chart" role="img"') == 2
    assert "rollup-sub-sectors" in page.content.decode()
    csv = client.get(reverse("planning:home") + "?export=csv")
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "Air limbah domestik" in text and "Persampahan" in text
    xlsx = client.get(reverse("planning:home") + "?provinsi=64&export=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(users["bontang"])
    assert client.get(reverse("planning:home") + "?export=csv").status_code == 302


@pytest.mark.parametrize("page", ["members:member_detail", "data:member_data"])
def test_the_member_pages_link_to_the_plans_for_those_who_may_plan(
    client: Any, members: Any, users: Any, page: str
) -> None:
    link = reverse("planning:plan_list", args=["6471"])
    url = reverse(page, args=["6471"])
    assert link not in client.get(url).content.decode()
    client.force_login(users["bontang"])
    assert link not in client.get(url).content.decode()
    for role in ("balikpapan", "secretariat"):
        client.force_login(users[role])
        assert link in client.get(url).content.decode(), role


# -- the member catalogue through the API ---------------------------------------------------


def test_catalogue_api_permissions(client: Any, members: Any, users: Any) -> None:
    url = reverse("plan-catalogue", args=["6471"])
    assert client.get(url).status_code in (401, 403)
    for role in ("bontang", "treasurer", "jury"):
        client.force_login(users[role])
        assert client.get(url).status_code == 403, role
        body = {"items": {"tangki_septik_individual": {"capital_cost": "1"}}}
        assert client.patch(url, body, content_type="application/json").status_code == 403, role
    assert not CatalogueOverride.objects.exists()
    for role in ("balikpapan", "secretariat", "admin"):
        client.force_login(users[role])
        items = client.get(url).json()["items"]
        assert items[0]["id"] == "tangki_septik_individual" and len(items) == 13, role
    assert client.get(reverse("plan-catalogue", args=["9999"])).status_code == 404


def test_catalogue_api_changes_the_given_items_with_history(
    client: Any, members: Any, users: Any
) -> None:
    url = reverse("plan-catalogue", args=["6471"])
    client.force_login(users["balikpapan"])
    body = {
        "items": {
            "tangki_septik_individual": {"capital_cost": "8000000.50", "source": "RAB 2024"},
            "iplt": {"capacity_households": 9000},
        }
    }
    response = client.patch(url, body, content_type="application/json")
    assert response.status_code == 200, response.json()
    data = response.json()
    assert sorted(data["changed"]) == ["iplt", "tangki_septik_individual"]
    own = {i["id"]: i["own"] for i in data["items"]}
    assert Decimal(own["tangki_septik_individual"]["capital_cost"]) == Decimal("8000000.50")
    assert own["iplt"]["capacity_households"] == 9000 and own["jamban_stbm"] is None
    row = CatalogueOverride.objects.get(member=members["6471"], item="tangki_septik_individual")
    assert row.history.first().history_user == users["balikpapan"]
    # the other item is left as it is; all figures empty: back to the catalogue's default
    body = {"items": {"iplt": dict.fromkeys(("capacity_households", "source"))}}
    data = client.patch(url, body, content_type="application/json").json()
    assert data["changed"] == ["iplt"]
    assert set(CatalogueOverride.objects.values_list("item", flat=True)) == {
        "tangki_septik_individual"
    }


def test_catalogue_api_bad_input_is_named_and_nothing_is_written(
    client: Any, members: Any, users: Any
) -> None:
    url = reverse("plan-catalogue", args=["6471"])
    client.force_login(users["secretariat"])
    for body, says in (
        ({"items": {"tangki_septik_individual": {"capital_cost": "-1"}}}, "Tangki septik"),
        ({"items": {"tangki_septik_individual": {"lifetime_years": "abc"}}}, "Tangki septik"),
        ({"items": {"kolam_ajaib": {"capital_cost": "1"}}}, "kolam_ajaib"),
        ({"items": {"iplt": {"harga": "1"}}}, "iplt"),
        ({"items": []}, "items"),
    ):
        response = client.patch(url, body, content_type="application/json")
        assert response.status_code == 400, body
        assert says in str(response.json()), response.json()
    assert not CatalogueOverride.objects.exists()
