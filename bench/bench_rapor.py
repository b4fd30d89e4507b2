"""Rapor Sanitasi benchmark (issue 9): the national league table for 514 members.

The league table (``rapor.league.rows``, as the public sees it, then sorted) is timed against
its floor measured in the same run: the raw queries that read the same rows (members,
verified values, budgets, APBD totals, population) with nothing computed. The query count
at 20 and at 514 members shows that it does not grow with the number of members.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from bench import _django
from bench._django import queries, row, timed
from bench.bench_data import _members  # members with a membership period since 2010

ON = date(2024, 6, 1)
YEARS = list(range(2019, 2024))


def _load(n: int) -> list[Any]:
    """``n`` members with five verified years of access and budget data and a population."""
    from akkopsi.data.choices import FundingSource, Stage, SubSector
    from akkopsi.data.models import ApbdTotal, BudgetLine, Indicator, IndicatorValue, Submission
    from akkopsi.members.models import Member
    from akkopsi.rapor.services import ACCESS
    from akkopsi.regions.models import Population

    done = set(Submission.objects.values_list("member_id", flat=True))
    members = [m for m in _members(n) if m.pk not in done]
    indicators = list(Indicator.objects.filter(code__in=ACCESS))
    Submission.objects.bulk_create(
        [Submission(member=m, year=y, status="verified") for m in members for y in YEARS]
    )
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(
                member=m, indicator=i, year=y, value=Decimal((m.pk * 7 + y + i.pk) % 100)
            )
            for m in members
            for i in indicators
            for y in YEARS
        ]
    )
    ApbdTotal.objects.bulk_create(
        [
            ApbdTotal(member=m, year=y, stage=Stage.PLANNED, amount=Decimal(10) ** 12)
            for m in members
            for y in YEARS
        ]
    )
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(
                member=m,
                year=y,
                subsector=sub,
                source=FundingSource.APBD_KABKOTA,
                stage=Stage.PLANNED,
                amount=Decimal(5_000_000_000 + m.pk),
            )
            for m in members
            for y in YEARS
            for sub in (SubSector.AIR_LIMBAH, SubSector.PERSAMPAHAN, SubSector.DRAINASE)
        ]
    )
    Population.objects.bulk_create(
        [
            Population(regency_id=m.regency_id, year=y, population=100_000 + m.pk * 1000)
            for m in members
            for y in YEARS
        ]
    )
    return list(Member.objects.all())


def _floor() -> int:
    """The same rows read raw: no verification filter, no aggregation, no sorting."""
    from akkopsi.data.models import ApbdTotal, BudgetLine, IndicatorValue
    from akkopsi.members.models import Member
    from akkopsi.rapor.services import ACCESS
    from akkopsi.regions.models import Population

    n = len(list(Member.objects.values_list("pk", "regency_id", "regency__name")))
    n += len(
        list(
            IndicatorValue.objects.filter(indicator__code__in=ACCESS, year__in=YEARS).values_list(
                "member_id", "year", "value"
            )
        )
    )
    n += len(list(BudgetLine.objects.filter(year__in=YEARS).values_list("member_id", "amount")))
    n += len(list(ApbdTotal.objects.filter(year__in=YEARS).values_list("member_id", "amount")))
    n += len(list(Population.objects.values_list("regency_id", "year", "population")))
    return n


def run() -> list[dict[str, Any]]:
    _django.setup()
    from django.contrib.auth.models import AnonymousUser

    from akkopsi.rapor import league

    public = AnonymousUser()

    def table() -> int:
        # what the league page does for the last data year before ON (views.LeagueView)
        season = league.Season.of(ON.year - 1)
        found = league.rows(public, season, league.members_of(season))
        rows, _sort = league.sort_rows(found, league.columns(public), "-akses_layak")
        return len(rows)

    _load(20)
    q_small, n_small = queries(table)
    _load(514)
    q_large, n_large = queries(table)
    assert n_large == 514, n_large
    floor, _ = timed(_floor, repeat=3)
    seconds, _ = timed(table, repeat=3)
    return [
        row(
            "rapor: national league table (514 members x 5 years)",
            seconds,
            "raw queries of the same rows",
            floor,
            f"SQL queries {q_small} for {n_small} members vs {q_large} for {n_large}",
        )
    ]
