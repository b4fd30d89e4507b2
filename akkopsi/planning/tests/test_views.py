"""Pages of the planner: anonymous, other member, secretariat, happy paths, invalid input."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from akkopsi.core.formatting import format_rupiah
from akkopsi.planning import services
from akkopsi.planning.models import FundingEnvelope, Plan, Scenario, SolveResult
from akkopsi.planning.tests.conftest import editor_post, make_plan

pytestmark = pytest.mark.django_db


def login(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client


def _urls(plan: Any, saved: Any) -> list[str]:
    scenario = plan.scenarios.get()
    return [
        reverse("planning:plan_list", args=[plan.member.code]),
        reverse("planning:plan_create", args=[plan.member.code]),
        reverse("planning:plan_detail", args=[plan.pk]),
        reverse("planning:plan_edit", args=[plan.pk]),
        reverse("planning:scenario_edit", args=[scenario.pk]),
        reverse("planning:result_detail", args=[saved.pk]),
        reverse("planning:result_detail", args=[saved.pk]) + "?export=xlsx",
    ]


@pytest.fixture
def saved(plan: Any) -> SolveResult:
    return services.solve_scenario(scenario=plan.scenarios.get(), by=None)


def test_anonymous_is_sent_to_login_everywhere(
    client: Any, plan: Any, saved: Any, users: Any
) -> None:
    for url in [reverse("planning:home"), *_urls(plan, saved)]:
        response = client.get(url)
        assert response.status_code == 302 and "/akun/" in response["Location"], url


def test_bontang_staff_cannot_see_or_change_a_balikpapan_plan(
    client: Any, plan: Any, saved: Any, users: Any
) -> None:
    login(client, users["bontang"])
    for url in _urls(plan, saved):
        assert client.get(url).status_code == 403, url
    scenario = plan.scenarios.get()
    before = list(FundingEnvelope.objects.values_list("source", "year", "amount"))
    posts = [
        (reverse("planning:scenario_edit", args=[scenario.pk]), {"name": "dibajak", "solve": "1"}),
        (reverse("planning:scenario_solve", args=[scenario.pk]), {}),
        (reverse("planning:scenario_create", args=[plan.pk]), {"name": "baru"}),
        (reverse("planning:plan_edit", args=[plan.pk]), {"name": "dibajak"}),
        (reverse("planning:plan_create", args=[plan.member.code]), {"name": "dibajak"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert list(FundingEnvelope.objects.values_list("source", "year", "amount")) == before
    assert Scenario.objects.get().name == scenario.name
    assert Plan.objects.get().name == plan.name
    assert SolveResult.objects.count() == 1
    # their own member: allowed; the roll-up of all members: not
    assert client.get(reverse("planning:plan_list", args=["6474"])).status_code == 200
    assert client.get(reverse("planning:home")).status_code == 302


@pytest.mark.parametrize("role", ["treasurer", "jury"])
def test_other_roles_cannot_plan(client: Any, plan: Any, saved: Any, users: Any, role: str) -> None:
    login(client, users[role])
    assert client.get(reverse("planning:home")).status_code == 403
    assert client.get(reverse("planning:plan_detail", args=[plan.pk])).status_code == 403


def test_secretariat_sees_every_plan_and_the_rollup(
    client: Any, plan: Any, saved: Any, users: Any
) -> None:
    login(client, users["secretariat"])
    for url in _urls(plan, saved):
        assert client.get(url).status_code == 200, url
    response = client.get(reverse("planning:home"))
    assert response.status_code == 200
    assert "Kalimantan Timur" in response.content.decode()
    province = client.get(reverse("planning:home") + "?provinsi=64").content.decode()
    assert plan.name in province


def test_nav_entry_only_for_users_who_may_plan(client: Any, users: Any) -> None:
    url = reverse("planning:home")
    assert url not in client.get(reverse("portal:home")).content.decode()
    login(client, users["bontang"])
    assert url in client.get(reverse("portal:home")).content.decode()
    client.logout()
    login(client, users["jury"])
    assert url not in client.get(reverse("portal:home")).content.decode()


def test_staff_create_a_plan_with_defaults_and_solve_it(client: Any, users: Any) -> None:
    login(client, users["bontang"])
    url = reverse("planning:plan_create", args=["6474"])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data |= {
        "households": 5000,
        "household_size": "3.8",
        "growth_percent": "1",
        "discount_percent": "5",
        "iplt_spare_households": 0,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    plan = Plan.objects.get(member__regency_id="6474")
    scenario = plan.scenarios.get()
    assert scenario.targets.count() == 5
    edit = client.get(response["Location"])
    assert edit.status_code == 200
    post = editor_post(edit.context["editor"], solve="1")
    post |= {f"money-0-y{y}": "2000000000" for y in plan.years}  # row 0: APBD kab/kota
    response = client.post(reverse("planning:scenario_edit", args=[scenario.pk]), post)
    assert response.status_code == 302, response.context["form"].errors
    saved = SolveResult.objects.get()
    assert response["Location"] == reverse("planning:result_detail", args=[saved.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200 and b"<script" not in page.content.split(b"</head>")[1]
    assert b' style="' not in page.content


def test_plan_form_with_a_ladder_not_adding_up_re_renders_with_the_message(
    client: Any, plan: Any, users: Any
) -> None:
    login(client, users["balikpapan"])
    url = reverse("planning:plan_edit", args=[plan.pk])
    data = {k: v for k, v in client.get(url).context["form"].initial.items() if v is not None}
    data["b_air_limbah_babs"] = "50"
    response = client.post(url, data)
    assert response.status_code == 200
    assert (
        "harus berjumlah 100" in response.content.decode()
        or "must add up to 100" in response.content.decode()
    )


def test_an_inconsistent_plan_shows_the_engine_message_not_a_stack_trace(
    client: Any, plan: Any, users: Any
) -> None:
    """Households from the registry's series, but the registry has no population: refused."""
    Plan.objects.filter(pk=plan.pk).update(use_population_series=True, population=None)
    login(client, users["balikpapan"])
    scenario = plan.scenarios.get()
    url = reverse("planning:scenario_edit", args=[scenario.pk])
    data = editor_post(client.get(url).context["editor"], solve="1")
    response = client.post(url, data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "household_series" in text and "penduduk" in text and "Traceback" not in text
    assert SolveResult.objects.count() == 0


def test_scenario_form_with_a_negative_envelope_re_renders(
    client: Any, plan: Any, users: Any
) -> None:
    login(client, users["balikpapan"])
    scenario = plan.scenarios.get()
    url = reverse("planning:scenario_edit", args=[scenario.pk])
    data = editor_post(client.get(url).context["editor"], **{"money-2-y2025": "-5"})  # DAK
    response = client.post(url, data)
    assert response.status_code == 400
    assert response.context["editor"].money.forms[2].errors["y2025"]
    errors = response.context["editor"].errors()
    assert len(errors) == 1 and errors[0].startswith("DAK"), errors
    assert "2025" in errors[0] and errors[0] in response.content.decode()
    assert FundingEnvelope.objects.get(
        scenario=scenario, source="dak", year=2025
    ).amount == Decimal("500000000.00")


def test_new_scenario_copies_the_inputs_of_another(client: Any, plan: Any, users: Any) -> None:
    login(client, users["balikpapan"])
    first = plan.scenarios.get()
    response = client.post(
        reverse("planning:scenario_create", args=[plan.pk]),
        {"name": "Salinan", "copy_from": first.pk},
    )
    copy = Scenario.objects.get(name="Salinan")
    assert response["Location"] == reverse("planning:scenario_edit", args=[copy.pk])
    assert services.current_inputs(copy) == services.current_inputs(first)


def test_result_page_shows_the_saved_numbers_and_exports(
    client: Any, plan: Any, saved: Any, users: Any
) -> None:
    login(client, users["balikpapan"])
    url = reverse("planning:result_detail", args=[saved.pk])
    page = client.get(url).content.decode()
    assert format_rupiah(saved.planned_total) in page
    assert format_rupiah(saved.gap_total) in page
    assert page.count('class="chart" role="img"') >= 2
    xlsx = client.get(url + "?export=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_plan_detail_compares_scenarios_side_by_side(
    client: Any, plan: Any, saved: Any, users: Any
) -> None:
    services.create_scenario(plan=plan, name="Tanpa DAK", by=None)
    login(client, users["balikpapan"])
    page = client.get(reverse("planning:plan_detail", args=[plan.pk])).content.decode()
    assert "Tanpa DAK" in page and format_rupiah(saved.planned_total) in page


def test_plan_list_query_count_does_not_grow_with_plans(
    client: Any, members: Any, users: Any, django_assert_max_num_queries: Any
) -> None:
    login(client, users["balikpapan"])
    url = reverse("planning:plan_list", args=["6471"])
    make_plan(members["6471"])
    with django_assert_max_num_queries(12):
        client.get(url)
    for i in range(4):
        p = make_plan(members["6471"], name=f"R{i}")
        services.create_scenario(plan=p, name="b", by=None)
        services.solve_scenario(scenario=p.scenarios.first(), by=None)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_rollup_query_count_does_not_grow_with_members(
    client: Any, members: Any, users: Any, django_assert_max_num_queries: Any
) -> None:
    login(client, users["secretariat"])
    url = reverse("planning:home")
    p = make_plan(members["6471"])
    services.solve_scenario(scenario=p.scenarios.get(), by=None)
    with django_assert_max_num_queries(10):
        client.get(url)
    for code in ("6474", "5108"):
        p = make_plan(members[code])
        services.solve_scenario(scenario=p.scenarios.get(), by=None)
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.context["rollup"]["total"]["members"] == 3


def test_result_exports_the_program_as_pdf(client: Any, plan: Any, saved: Any, users: Any) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    login(client, users["balikpapan"])
    response = client.get(reverse("planning:result_detail", args=[saved.pk]) + "?export=pdf")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert plan.name in text
