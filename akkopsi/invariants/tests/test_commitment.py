"""The 2% decision is the same on every page that publishes it, for every member and year.

Four demo members are first put exactly at the boundary (1.995 %, 1.9999999999995 %, exactly
2 %, and no APBD total) in their latest verified year. Then the sets of member-years decided
"meets" and "below" are compared, set-based, between the member-level figure (what the Rapor,
the league and the province dashboard read), the national count (national dashboard,
bulletin, portal), the league table, its API, and the Rapor and its API of the boundary members.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from akkopsi.bulletin import sections
from akkopsi.core.dates import today
from akkopsi.data import dashboards
from akkopsi.data import queries as q
from akkopsi.data.choices import FundingSource, Stage
from akkopsi.data.models import ApbdTotal, BudgetLine
from akkopsi.engines.rules import meets_commitment
from akkopsi.members.models import Member
from akkopsi.rapor import league, services

pytestmark = pytest.mark.django_db

#: How many years back the boundary members' latest year may be.
WINDOW = 5

#: (APBD total, APBD kab/kota spending) put on a member's latest verified year.
BOUNDARY = [
    (Decimal("1000000000000"), Decimal("19950000000"), False),  # 1.995 %
    (Decimal("10000000000000"), Decimal("199999999999.95"), False),  # 1.9999999999995 %
    (Decimal("1000000000000"), Decimal("20000000000"), True),  # exactly 2 %
    (None, Decimal("20000000000"), None),  # no APBD total: undecided
]


def _put_on_the_boundary(on: Any) -> dict[int, tuple[int, bool | None]]:
    """member id -> (year, decision) of four members with APBD kab/kota lines in their latest
    verified year within the league's window."""
    money = q.money(None, list(range(on.year - WINDOW + 1, on.year + 1)))
    latest: dict[int, int] = {}
    for m, y in money:
        if y <= on.year and y > latest.get(m, 0):
            latest[m] = y
    active = set(Member.objects.active_on(on).values_list("pk", flat=True))
    chosen = [
        m
        for m, y in sorted(latest.items())
        if m in active
        and money[(m, y)].apbd
        and FundingSource.APBD_KABKOTA in money[(m, y)].by_source
    ][: len(BOUNDARY)]
    assert len(chosen) == len(BOUNDARY)
    out = {}
    for m, (apbd, spent, decision) in zip(chosen, BOUNDARY, strict=True):
        y = latest[m]
        lines = BudgetLine.objects.filter(
            member_id=m, year=y, stage=Stage.PLANNED, source=FundingSource.APBD_KABKOTA
        ).order_by("pk")
        first = lines[0]
        lines.exclude(pk=first.pk).update(amount=0)
        BudgetLine.objects.filter(pk=first.pk).update(amount=spent)
        totals = ApbdTotal.objects.filter(member_id=m, year=y, stage=Stage.PLANNED)
        if apbd is None:
            totals.delete()
        else:
            totals.update(amount=apbd)
        out[m] = (y, decision)
    return out


def _check_the_rule_on_the_stored_figures(
    decided: dict[tuple[int, int], bool | None], years: list[int]
) -> None:
    # ... and it is the rule on the exact stored figures, summed independently here
    spent: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for m, y, amount in BudgetLine.objects.filter(
        stage=Stage.PLANNED, source=FundingSource.APBD_KABKOTA, year__in=years
    ).values_list("member_id", "year", "amount"):
        spent[(m, y)] += amount
    apbd = dict(
        ((m, y), a)
        for m, y, a in ApbdTotal.objects.filter(stage=Stage.PLANNED, year__in=years).values_list(
            "member_id", "year", "amount"
        )
    )
    for k, d in decided.items():
        assert d is meets_commitment(spent.get(k), apbd.get(k)), k


def test_the_two_percent_decision_is_identical_everywhere(demo: None, client: Any) -> None:
    on = today()
    boundary = _put_on_the_boundary(on)
    years = list(range(dashboards.FIRST_YEAR, on.year + 1))

    # member level: what the Rapor, the league and the province dashboard read
    decided = {k: mon.meets_commitment for k, mon in q.money(None, years).items()}
    for m, (y, decision) in boundary.items():
        assert decided.get((m, y)) is decision, (m, y)
    _check_the_rule_on_the_stored_figures(decided, years)

    meets = {k for k, d in decided.items() if d is True}
    below = {k for k, d in decided.items() if d is False}
    by_year = {
        y: (sum(1 for k in meets if k[1] == y), sum(1 for k in meets | below if k[1] == y))
        for y in years
    }

    # national count (national dashboard, bulletin, portal)
    assert q.commitment_by_year(years) == by_year
    request = RequestFactory().get("/", {"tahun": str(max(y for y, _d in boundary.values()))})
    request.user = AnonymousUser()
    context = dashboards.national_context(request)
    assert isinstance(context, dict)
    assert context["meet_rate"] == dashboards._percent(*by_year[context["year"]])
    bulletin, _svg = sections.commitment(on)
    reported = [y for y, c in by_year.items() if c[1]][-5:]  # the section's last five years
    assert {r["year"]: (r["meeting"], r["reporting"]) for r in bulletin["rows"]} == {
        y: by_year[y] for y in reported
    }

    # the league table and its API, one year at a time: the years of the boundary members
    code_of = dict(Member.objects.values_list("regency_id", "pk"))
    for year in sorted({y for y, _d in boundary.values()}):
        season = league.Season.of(year)
        rows = league.rows(AnonymousUser(), season, league.members_of(season))
        table = {(r["member"].pk, year): r["meets"] for r in rows if r["money_year"]}
        assert table == {k: d for k, d in decided.items() if k[1] == year}
        for m, (y, decision) in boundary.items():
            if y == year:
                assert table[(m, y)] is decision, (m, y)
        api = client.get(reverse("rapor-api-league"), {"tahun": year}).json()["rows"]
        assert {
            (code_of[r["code"]], r["money_year"]): r["meets_commitment"]
            for r in api
            if r["money_year"]
        } == table

    # the Rapor and its API, for the members on the boundary
    for m, (y, decision) in boundary.items():
        member = Member.objects.select_related("regency__province").get(pk=m)
        report = services.build(member, AnonymousUser(), public=True, on=on)
        assert (report.money["year"], report.money["meets"]) == (y, decision)
        data = client.get(reverse("rapor-api-report", args=[member.code])).json()["money"]
        assert (data["year"], data["meets_commitment"]) == (y, decision)
