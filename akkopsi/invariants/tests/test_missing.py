"""Missing is not zero, over the whole demo (issue 15, point 3).

- Every figure of the league table and of the Rapor Sanitasi that has no verified data behind
  it is a ``Missing`` (with a reason), never 0, 0 % or an empty value; every present figure
  has data behind it.
- Every published share, median and count (national dashboard, bulletin sections, portal)
  says how many members it excludes, and its denominator is the number of members that
  reported, counted here independently with set-based queries.

The demo reports budgets as a whole (an APBD total and budget lines every year it reports),
so the tests punch holes into it first, inside their savepoint: verified years with an APBD
total and no budget line, and with budget lines and no APBD total.

The Rapor, the bulletin and the portal read the data as it stood on their date (verified by
then, of members active then); the national dashboard reads the data verified now. The
expectations here follow the same rule, counted independently: a member-year counts on day D
when its submission is verified with a verification time on D or before, and the member is
active on D (the demo reopens nothing, so the current state tells).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef
from django.test import RequestFactory
from django.utils import timezone

from akkopsi.core.missing import Missing, Reason, is_missing
from akkopsi.data.choices import Stage, SubmissionStatus
from akkopsi.data.models import ApbdTotal, BudgetLine, IndicatorValue, Submission
from akkopsi.members.growth import membership_counts
from akkopsi.members.models import Member
from akkopsi.rapor import league, services

pytestmark = pytest.mark.django_db

ON = date(2015, 5, 19)  # the demo's date (AKKOPSI_DEMO_DATE in the README)
REASONS = set(Reason.values)


@pytest.fixture
def _on(settings: Any) -> None:
    """The demo date for the tests that ask for it (not autouse: the national-scale module
    collects these tests with those of other modules, which must keep their own date)."""
    settings.AKKOPSI_DEMO_DATE = ON.isoformat()


def _verified(model: Any, on: date | None = None) -> Any:
    """Rows of verified member-years: verified now, or (``on``) verified on that day or
    before, of members active that day."""
    ok = Submission.objects.filter(
        member_id=OuterRef("member_id"), year=OuterRef("year"), status=SubmissionStatus.VERIFIED
    )
    if on is None:
        return model.objects.filter(Exists(ok))
    return model.objects.filter(
        Exists(ok.filter(verified_at__date__lte=on)),
        member__in=Member.objects.active_on(on),
    )


def _keys(qs: Any) -> set[tuple[int, int]]:
    return set(qs.values_list("member_id", "year").distinct())


def punch_holes() -> dict[str, list[int]]:
    """Six active members whose data for ON's year is not verified get it verified a week
    before ON (submitted three weeks before, history rows dated so), three without their
    budget lines (an APBD total only), three without their APBD total (budget lines only).
    The rows are removed inside the test's savepoint only."""
    year = ON.year
    free = list(
        Member.objects.active_on(ON)
        .filter(submissions__year=year)
        .exclude(
            pk__in=Submission.objects.filter(year=year, status=SubmissionStatus.VERIFIED).values(
                "member_id"
            )
        )
        .filter(apbd_totals__year=year, budget_lines__year=year)
        .distinct()
        .order_by("regency_id")
        .values_list("pk", flat=True)[:6]
    )
    assert len(free) == 6, "the demo should leave some members' data unverified this year"
    day = timezone.make_aware(datetime.combine(ON, datetime.min.time()).replace(hour=10))
    for sub in Submission.objects.filter(member_id__in=free, year=year):
        sub.status = SubmissionStatus.VERIFIED
        sub.submitted_at = day - timedelta(days=21)
        sub.verified_at = day - timedelta(days=7)
        sub._history_date = sub.verified_at
        sub.save()
    BudgetLine.objects.filter(member_id__in=free[:3], year=year).delete()
    ApbdTotal.objects.filter(member_id__in=free[3:], year=year).delete()
    return {"apbd_only": free[:3], "lines_only": free[3:]}


def _money_facts(
    years: list[int], on: date | None = None
) -> tuple[dict[int, int], set[tuple[int, int]], set[Any]]:
    """member -> latest year with a verified planned APBD total or budget line; the (member,
    year) with a verified APBD total above 0; those with a verified budget line (verified by
    ``on`` if given)."""
    totals = _keys(
        _verified(ApbdTotal, on).filter(stage=Stage.PLANNED, year__in=years, amount__gt=0)
    )
    all_totals = _keys(_verified(ApbdTotal, on).filter(stage=Stage.PLANNED, year__in=years))
    lines = _keys(_verified(BudgetLine, on).filter(stage=Stage.PLANNED, year__in=years))
    latest: dict[int, int] = {}
    for m, y in all_totals | lines:
        latest[m] = max(latest.get(m, y), y)
    return latest, totals, lines


def _assert_missing(value: Any, where: str) -> None:
    assert isinstance(value, Missing), f"{where}: {value!r} where there is no data"
    assert value.reason in REASONS, where


@pytest.mark.usefixtures("_on")
def test_league_rows_report_missing_never_zero(demo: None) -> None:
    holes = punch_holes()
    season = league.Season.of(ON.year)  # the league of the year with the holes
    rows = league.rows(AnonymousUser(), season, league.members_of(season))
    years = [ON.year]
    latest, totals, lines = _money_facts(years)
    values = {
        code: {
            m
            for m, _y in _keys(
                _verified(IndicatorValue).filter(indicator__code=code, year__in=years)
            )
        }
        for code in services.ACCESS
    }
    at_end = set(Member.objects.active_on(date(ON.year, 12, 31)).values_list("pk", flat=True))
    assert at_end <= {r["member"].pk for r in rows}
    missing_share = 0
    for row in rows:
        m = row["member"].pk
        for code in services.ACCESS:
            if m in values[code]:
                assert not is_missing(row[code]), (row["code"], code)
            else:
                _assert_missing(row[code], f"{row['code']} {code}")
        year = latest.get(m)
        has_share = year is not None and (m, year) in totals and (m, year) in lines
        if has_share:
            assert isinstance(row["share"], Decimal), row["code"]
        else:
            missing_share += 1
            _assert_missing(row["share"], f"{row['code']} share")
        if year is None or (m, year) not in lines:
            _assert_missing(row["per_capita"], f"{row['code']} per capita")
        if row["rank"] is None or isinstance(row["rank"], Missing):
            _assert_missing(row["rank"], f"{row['code']} rank")
    by_code = {r["member"].pk: r for r in rows}
    for m in holes["apbd_only"]:
        assert by_code[m]["share"] == Missing(Reason.NO_BUDGET_LINES)
    for m in holes["lines_only"]:
        assert by_code[m]["share"] == Missing(Reason.NO_APBD_TOTAL)
    assert missing_share >= 6


@pytest.mark.usefixtures("_on")
def test_rapor_data_reports_missing_never_zero(demo: None) -> None:
    """The Rapor's money and access figures, for the members with holes, every member with
    no budget at all and every tenth of the others (a full report is ~30 queries)."""
    holes = punch_holes()
    years = list(range(services.FIRST_YEAR, ON.year + 1))
    latest, totals, lines = _money_facts(years, on=ON)  # the Rapor as of ON
    active = list(Member.objects.active_on(ON).select_related("regency__province"))
    sample = [
        m
        for i, m in enumerate(active)
        if m.pk in holes["apbd_only"] + holes["lines_only"] or m.pk not in latest or i % 10 == 0
    ]
    for member in sample:
        report = services.build(member, AnonymousUser(), on=ON)
        money = report.money
        year = latest.get(member.pk)
        assert money["year"] == year, member.code
        if year is None:
            _assert_missing(money["share"], f"{member.code} share")
            continue
        figures = money["figures"]
        if (member.pk, year) in totals and (member.pk, year) in lines:
            assert isinstance(money["share"], Decimal), member.code
        else:
            _assert_missing(money["share"], f"{member.code} share")
            assert money["meets"] is None, member.code
        if (member.pk, year) not in lines:
            for key in ("apbd_sanitation", "total_sanitation"):
                _assert_missing(figures[key], f"{member.code} {key}")
            _assert_missing(money["per_capita"], f"{member.code} per capita")
        for row in report.access["rows"]:
            if not row["series"]:
                _assert_missing(row["value"], f"{member.code} {row['code']}")
        for cov in ("peer_share_coverage", "peer_per_capita_coverage"):
            c = money[cov]
            assert c.reporting >= 0 and c.excluded >= 0


def _reporting_both(year: int, on: date | None = None, *, at_end: bool = False) -> int:
    """Members with a verified planned APBD total above 0 and a verified budget line
    (verified by ``on`` if given; ``at_end``: of the members at the end of the year)."""
    lines = _verified(BudgetLine, on).filter(
        stage=Stage.PLANNED, year=year, member_id=OuterRef("member_id")
    )
    totals = _verified(ApbdTotal, on)
    if at_end:
        totals = totals.filter(member__in=Member.objects.active_on(date(year, 12, 31)))
    return (
        totals.filter(stage=Stage.PLANNED, year=year, amount__gt=0)
        .filter(Exists(lines))
        .values("member_id")
        .distinct()
        .count()
    )


def _reporting_indicator(code: str, year: int) -> int:
    return (
        _verified(IndicatorValue)
        .filter(indicator__code=code, year=year)
        .values("member_id")
        .distinct()
        .count()
    )


@pytest.mark.usefixtures("_on")
def test_published_aggregates_state_what_they_exclude(demo: None) -> None:
    from akkopsi.bulletin import sections
    from akkopsi.data import dashboards
    from akkopsi.data import queries as q
    from akkopsi.portal import figures as portal

    punch_holes()
    year = ON.year - 1
    members = membership_counts([date(year, 12, 31)])[0]
    both = _reporting_both(year)
    assert 0 < both < members  # the demo has members that did not report: exclusion shows

    # The national dashboard: the 2 % share and every indicator's median.
    request = RequestFactory().get("/data/", {"tahun": str(year)})
    request.user = AnonymousUser()
    context = dashboards.national_context(request)
    assert q.commitment_by_year([year])[year][1] == both
    assert context["meet_coverage"].reporting == both
    # not reporting: the members at the end of the year without both (ADR 49)
    assert context["meet_coverage"].excluded == members - _reporting_both(year, at_end=True)
    for r in context["rows"]:
        n = _reporting_indicator(r["indicator"].code, year)
        assert r["n"] == r["coverage"].reporting == n, r["indicator"].code
        assert r["coverage"].excluded == members - n
        if n == 0:
            _assert_missing(r["median"], r["indicator"].code)

    # The bulletin's data sections, as on the demo date.
    figures, _svg = sections.commitment(ON)
    for row in figures["rows"]:
        expected = _reporting_both(row["year"], on=ON)
        assert row["reporting"] == row["coverage"]["reporting"] == expected, row["year"]
        day = min(date(row["year"], 12, 31), ON)
        excluded = membership_counts([day])[0] - expected
        assert row["coverage"]["excluded"] == max(excluded, 0), row["year"]
    access, _svg = sections.access(ON)
    for row in access["rows"]:
        day = min(date(row["year"], 12, 31), ON)
        assert row["coverage"]["reporting"] == row["reporting"], row["name"]
        assert row["coverage"]["excluded"] == max(membership_counts([day])[0] - row["reporting"], 0)

    # The portal's headline figures (the latest verified year up to the demo date).
    national = portal._national(ON)
    assert national["budget_reporting"] == national["budget_coverage"]["reporting"]
    assert national["budget_reporting"] == _reporting_both(national["year"], on=ON)
