"""The Rapor Sanitasi: who sees what, constant queries, numbered PDFs, the league table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from akkopsi.dues import services as dues
from akkopsi.dues.tests.conftest import make_schedule
from akkopsi.rapor import services
from akkopsi.rapor.models import IssuedReport
from akkopsi.rapor.tests.conftest import DRAFT_LAYAK, add_year, history

pytestmark = pytest.mark.django_db

SECRET_ACTION = "Rahasia tindak lanjut Bontang"


def _get(client: Any, user: Any, url: str) -> Any:
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.fixture
def bontang_dues(data: Any, users: Any) -> Any:
    make_schedule(2024, users["treasurer"])
    dues.generate_invoices(year=2024, by=users["treasurer"], issued_on=date(2024, 1, 15))


# ---------------------------------------------------------------- who sees what


@pytest.mark.parametrize("role", [None, "balikpapan", "jury", "treasurer"])
def test_public_and_other_members_see_verified_figures_only(
    client: Any, users: Any, data: Any, action: Any, role: str | None
) -> None:
    response = _get(client, users.get(role), reverse("rapor:report", args=["6474"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "62,0%" in html  # Bontang's latest verified akses layak (2022)
    assert "77,8%" not in html  # its 2023 draft
    assert SECRET_ACTION not in html
    assert 'id="aliansi-tindak-lanjut"' not in html
    assert 'id="rencana-gap"' not in html
    api = _get(client, users.get(role), reverse("rapor-api-report", args=["6474"])).json()
    layak = next(r for r in api["access"] if r["code"] == "akses_layak")
    assert (layak["year"], layak["value"]) == (2022, "62.0000")
    assert "2023" not in layak["series"]
    assert "actions" not in api["alliance"] and "plan" not in api


@pytest.mark.parametrize("role", ["bontang", "secretariat", "admin"])
def test_own_staff_and_secretariat_see_the_full_report(
    client: Any, users: Any, data: Any, action: Any, role: str
) -> None:
    html = _get(client, users[role], reverse("rapor:report", args=["6474"])).content.decode()
    assert "77,8%" in html
    assert SECRET_ACTION in html
    api = client.get(reverse("rapor-api-report", args=["6474"])).json()
    layak = next(r for r in api["access"] if r["code"] == "akses_layak")
    assert (layak["year"], layak["value"], layak["verified"]) == (2023, "77.7700", False)
    assert api["alliance"]["actions"][0]["what"] == SECRET_ACTION
    assert api["public"] is False


def test_public_version_of_the_own_report_hides_drafts(client: Any, users: Any, data: Any) -> None:
    client.force_login(users["bontang"])
    api = client.get(reverse("rapor-api-report", args=["6474"]) + "?publik=1").json()
    assert api["public"] is True
    layak = next(r for r in api["access"] if r["code"] == "akses_layak")
    assert layak["value"] == "62.0000"
    html = client.get(reverse("rapor:report", args=["6474"]) + "?publik=1").content.decode()
    assert "77,8%" not in html


def test_peer_medians_never_use_another_members_draft(client: Any, users: Any, data: Any) -> None:
    add_year(data["6471"], 2023, "draft", Decimal("11.11"))
    client.force_login(users["balikpapan"])
    api = client.get(reverse("rapor-api-report", args=["6474"])).json()
    assert "11.11" not in str(api)
    own = client.get(reverse("rapor-api-report", args=["6471"])).json()
    layak = next(r for r in own["access"] if r["code"] == "akses_layak")
    assert layak["value"] == "11.1100"  # its own draft, for its own staff


def test_dues_only_for_own_staff_treasurer_and_secretariat(
    client: Any, users: Any, bontang_dues: Any
) -> None:
    url = reverse("rapor-api-report", args=["6474"])
    for role in ("bontang", "treasurer", "secretariat"):
        client.force_login(users[role])
        got = client.get(url).json()["alliance"]["dues"]
        assert got["invoice"].startswith("INV/2024/")
        assert got["status"] == "overdue"  # due 31 March, unpaid on 1 June
        assert Decimal(got["outstanding_this_year"]) == Decimal("1500000.00")
    client.logout()
    assert "dues" not in client.get(url).json()["alliance"]
    client.force_login(users["balikpapan"])
    assert "dues" not in client.get(url).json()["alliance"]
    assert (
        'id="aliansi-iuran"'
        not in client.get(reverse("rapor:report", args=["6474"])).content.decode()
    )


def test_gap_to_target_in_households(data: Any, users: Any) -> None:
    from akkopsi.members.models import Member

    member = Member.objects.select_related("regency__province").get(regency_id="6474")
    report = services.build(member, users["secretariat"])
    layak = next(r for r in report.access["rows"] if r["code"] == "akses_layak")
    # 77.77 (draft 2023) against the 2024 RPJMN target; households = 190,000 / 3.8 = 50,000
    assert report.access["households"] == 50_000
    target = layak["target"]["value"]
    assert layak["gap_households"] == int(((target - DRAFT_LAYAK) * 500).to_integral_value())


def test_missing_blocks_say_what_is_missing(client: Any, users: Any, members: Any) -> None:
    client.force_login(users["bontang"])
    html = client.get(reverse("rapor:report", args=["6474"])).content.decode()
    for block in (
        "blok-akses",
        "blok-anggaran",
        "blok-rencana",
        "blok-penghargaan",
        "blok-aliansi",
    ):
        assert f'id="{block}"' in html
    assert html.count('class="missing"') >= 4 + 3  # four indicators, money, plan, award


def test_unknown_member_is_404(client: Any, members: Any) -> None:
    assert client.get(reverse("rapor:report", args=["9999"])).status_code == 404
    assert client.get(reverse("rapor-api-report", args=["9999"])).status_code == 404


# ---------------------------------------------------------------- constant queries


def _count(client: Any, url: str, django_assert_max_num_queries: Any, n: int) -> None:
    with django_assert_max_num_queries(n):
        assert client.get(url).status_code == 200


def test_page_pdf_and_api_use_a_constant_number_of_queries(
    client: Any, users: Any, members: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(users["bontang"])
    urls = [
        reverse("rapor:report", args=["6474"]),
        reverse("rapor-api-report", args=["6474"]),
        reverse("rapor:report_pdf", args=["6474"]),
    ]

    def counts() -> list[int]:
        out = []
        for url in urls:
            from django.core.cache import cache

            cache.clear()
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            out.append(len(ctx.captured_queries))
        return out

    history(members, range(2020, 2022))
    client.get(urls[-1])  # the first PDF of the year creates the year's counter row
    short = counts()
    history_more = range(2010, 2019)
    for i, year in enumerate(history_more):
        add_year(members["6474"], year, "verified", Decimal(40 + i))
    long = counts()
    assert short == long
    assert max(long) <= 45  # the as-of reading asks the history of each table read once


def test_league_table_uses_a_constant_number_of_queries(
    client: Any, users: Any, data: Any, regions: Any, django_assert_max_num_queries: Any
) -> None:
    from akkopsi.members import services as members

    client.force_login(users["secretariat"])
    _count(client, reverse("rapor:league"), django_assert_max_num_queries, 20)
    members.create_member(
        regency=regions["6472"], membership_number="AKK-0009", joined_on=date(2011, 1, 1), by=None
    )
    _count(client, reverse("rapor:league"), django_assert_max_num_queries, 20)


# ---------------------------------------------------------------- PDF


def test_pdf_is_numbered_per_year_and_recorded(client: Any, users: Any, data: Any) -> None:
    url = reverse("rapor:report_pdf", args=["6474"])
    assert client.get(url).status_code == 302  # the public prints from the page
    client.force_login(users["bontang"])
    first = client.get(url)
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert first.content.startswith(b"%PDF")
    client.get(url + "?publik=1")
    numbers = list(
        IssuedReport.objects.order_by("sequence_no").values_list("number", "public_version")
    )
    assert numbers == [("RAPOR/2024/0001", False), ("RAPOR/2024/0002", True)]
    issued = IssuedReport.objects.get(sequence_no=1)
    assert issued.issued_by == users["bontang"] and issued.history.count() == 1
    assert "rapor-sanitasi-6474-2024-0001" in first["Content-Disposition"]


def test_other_members_staff_print_only_the_public_version(
    client: Any, users: Any, data: Any
) -> None:
    client.force_login(users["balikpapan"])
    assert client.get(reverse("rapor:report_pdf", args=["6474"])).status_code == 200
    assert IssuedReport.objects.get().public_version is True


# ---------------------------------------------------------------- league table


def test_league_sorts_on_the_server_and_puts_empty_figures_last(
    client: Any, users: Any, data: Any
) -> None:
    api = client.get(reverse("rapor-api-league") + "?sort=-akses_layak").json()
    codes = [r["code"] for r in api["rows"]]
    assert codes[:2] == ["6471", "6474"]  # 72 before 62 (Bontang's draft does not count)
    assert api["rows"][1]["akses_layak"] == "62.0000"
    assert api["rows"][-1]["akses_layak"] is None  # Buleleng has no data
    asc = client.get(reverse("rapor-api-league") + "?sort=akses_layak").json()
    assert [r["code"] for r in asc["rows"]][:2] == ["6474", "6471"]
    html = client.get(reverse("rapor:league") + "?sort=-akses_layak").content.decode()
    assert html.index("Kota Balikpapan") < html.index("Kota Bontang")


def test_league_exports_csv_and_xlsx(client: Any, data: Any) -> None:
    csv = client.get(reverse("rapor:league") + "?sort=code&export=csv")
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "6474" in text and "62.0000" in text
    xlsx = client.get(reverse("rapor:league") + "?export=xlsx")
    assert xlsx.content[:2] == b"PK"


def test_league_private_columns_follow_permissions(
    client: Any, users: Any, bontang_dues: Any
) -> None:
    url = reverse("rapor-api-league")
    assert {"plan_gap", "arrears"}.isdisjoint(client.get(url).json()["columns"])
    for role, expected in [
        ("bontang", set()),
        ("treasurer", {"arrears"}),
        ("secretariat", {"plan_gap", "arrears"}),
    ]:
        client.force_login(users[role])
        cols = set(client.get(url).json()["columns"])
        assert cols & {"plan_gap", "arrears"} == expected, role


# ---------------------------------------------------------------- plan and award blocks


def test_plan_block_shows_the_latest_solved_scenario(client: Any, users: Any, data: Any) -> None:
    from akkopsi.planning import services as planning
    from akkopsi.planning.tests.conftest import make_plan

    plan = make_plan(data["6474"], money=1)
    client.force_login(users["bontang"])
    # not solved yet: the plan is named, with the way to solve it
    api = client.get(reverse("rapor-api-report", args=["6474"])).json()
    assert api["plan"] == {"plan": plan.name, "solved": False}
    html = client.get(reverse("rapor:report", args=["6474"])).content.decode()
    assert 'id="rencana-belum-dihitung"' in html
    assert reverse("planning:plan_detail", args=[plan.pk]) in html
    saved = planning.solve_scenario(scenario=plan.scenarios.get(), by=None)
    assert saved.gap_total > 0
    api = client.get(reverse("rapor-api-report", args=["6474"])).json()
    assert api["plan"]["solved"] is True
    assert Decimal(api["plan"]["gap_total"]) == saved.gap_total
    assert api["plan"]["best_extra_funding"]["value"] > 0
    html = client.get(reverse("rapor:report", args=["6474"])).content.decode()
    assert 'id="rencana-gap"' in html
    client.force_login(users["balikpapan"])
    assert "plan" not in client.get(reverse("rapor-api-report", args=["6474"])).json()


def test_population_classes() -> None:
    assert [services.population_class(p) for p in (None, 99_999, 100_000, 600_000, 2_000_000)] == [
        None,
        0,
        1,
        2,
        3,
    ]


def test_navigation_and_member_page_link(client: Any, users: Any, members: Any) -> None:
    client.force_login(users["bontang"])
    home = client.get(reverse("rapor:home"))
    assert home.url == reverse("rapor:report", args=["6474"])
    page = client.get(reverse("members:member_detail", args=["6471"])).content.decode()
    assert reverse("rapor:report", args=["6471"]) in page
    client.logout()
    assert client.get(reverse("rapor:home")).url == reverse("rapor:league")
