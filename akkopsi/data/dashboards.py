"""Dashboards: national, province and member. Public figures are verified data only.

Each ``*_context`` builds the computed part of one page (figures, tables, charts) from
``data.queries``, block by block; the pages are ``data.views.dashboards``. An ``?export=``
returns the page's table as CSV or XLSX instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from akkopsi.accounts.permissions import Permission, can
from akkopsi.core import versions
from akkopsi.core.charts import Marker, Rule, bar_chart, histogram, line_chart, stacked_bar
from akkopsi.core.dates import today
from akkopsi.core.exports import export_table
from akkopsi.core.formatting import format_number
from akkopsi.core.missing import Coverage, Missing, Reason, is_missing, or_missing
from akkopsi.data import queries as q
from akkopsi.data import queues
from akkopsi.data.choices import Direction, FundingSource, Stage, SubmissionStatus, SubSector
from akkopsi.data.models import Indicator, Submission
from akkopsi.data.provincemap import map_context
from akkopsi.data.queries import percent as _percent
from akkopsi.members.growth import membership_counts
from akkopsi.members.models import Member
from akkopsi.regions.models import Province

KEY = ["akses_layak", "akses_aman", "babs"]
FIRST_YEAR = 2010
EXPORTS = {"csv", "xlsx"}

Values = dict[str, dict[tuple[int, int], Decimal]]
Targets = dict[str, list[tuple[int, Decimal, str]]]
Column = tuple[Any, Callable[[Any], object]]  # (label, lazily translated; value of a row)


def _year(request: HttpRequest) -> int:
    return year_asked(request.GET.get("tahun"))


def year_asked(value: str | None) -> int:
    """The year a ``?tahun=`` asks for (kept between 2010 and this year), else the latest
    year with verified data: the year of the dashboards and of the league table."""
    try:
        year = int(value or "")
    except ValueError:
        year = q.latest_verified_year(today().year) or today().year - 1
    return min(max(year, FIRST_YEAR), today().year)


def _scope(request: HttpRequest) -> dict[str, Any]:
    """Verified only, unless a secretariat user asks for unverified data too."""
    include = request.GET.get("semua") == "1" and can(request.user, Permission.VERIFY_DATA)
    return {"include_unverified": include}


def _median_by_year(series: dict[tuple[int, int], Decimal], years: list[int]) -> list[float | None]:
    by_year: dict[int, list[Decimal]] = defaultdict(list)
    for (_m, y), v in series.items():
        by_year[y].append(v)
    return [float(m) if (m := q.median(by_year.get(y, []))) is not None else None for y in years]


def _floats(values: Sequence[Decimal | None]) -> list[float | None]:
    return [float(v) if v is not None else None for v in values]


def _export(request: HttpRequest, name: str, columns: list[Column], rows: list[Any]) -> Any:
    """The table of a page as CSV or XLSX when ``?export=`` asks for it, else None."""
    fmt = request.GET.get("export")
    if fmt not in EXPORTS:
        return None
    table = [[value(r) for _label, value in columns] for r in rows]
    return export_table(name, [str(label) for label, _value in columns], table, fmt)


def cached_page(
    request: HttpRequest, name: str, template: str, build: Callable[[], Any]
) -> HttpResponse:
    """Render a dashboard whose computed part (figures, tables, charts) is cached while the
    data has not changed. The page itself (user, CSRF token) is rendered per request.
    Exports and views that include unverified data are computed afresh."""
    if request.GET.get("export") or request.GET.get("semua"):
        result = build()
        return result if isinstance(result, HttpResponse) else render(request, template, result)
    key = f"dash:{name}:{request.GET.urlencode()}:{get_language()}:{today()}"
    return render(request, template, versions.cached(key, versions.DATA_DOMAINS, build))


# -- national ------------------------------------------------------------------------------


def national_context(request: HttpRequest) -> dict[str, Any] | HttpResponse:
    year = _year(request)
    scope = _scope(request)
    years = list(range(FIRST_YEAR, today().year + 1))
    indicators = list(Indicator.objects.filter(active=True))
    members_count = dict(
        zip(years, membership_counts([date(y, 12, 31) for y in years]), strict=True)
    )
    subs = q.submission_counts(years)
    vals = q.values([i.code for i in indicators], years=[year], **scope)
    trend = q.values(KEY, **scope)
    tgts = q.targets([i.code for i in indicators])
    commitment = q.commitment_by_year(years, Stage.PLANNED, **scope)
    decided = q.decided(q.money(None, [year], Stage.PLANNED, **scope))
    meet_rate = [_percent(*commitment[y]) for y in years]
    rows = [_national_row(i, vals, tgts, year, members_count[year]) for i in indicators]
    export = _export(request, f"dasbor-nasional-{year}", NATIONAL_COLUMNS, rows)
    if export is not None:
        return export
    charts = {
        "reporting": _reporting_chart(years, subs),
        "commitment": _commitment_chart(years, meet_rate),
        "trend": _trend_chart(years, indicators, trend, tgts),
    }
    distribution = _distribution_chart(year, vals, tgts)
    if distribution is not None:
        charts["distribution"] = distribution
    reporting = subs[year].get(SubmissionStatus.VERIFIED, 0)
    return {
        "year": year,
        "years": years,
        "rows": rows,
        "charts": charts,
        "members": members_count[year],
        "reporting": reporting,
        "reporting_rate": _percent(reporting, members_count[year]),
        "meet_rate": or_missing(meet_rate[years.index(year)], Reason.NOT_REPORTED),
        # the counts behind it, each a link to the league table of those members
        "meeting": commitment[year][0],
        "below": commitment[year][1] - commitment[year][0],
        # The 2% share is over the members with both an APBD total and budget lines; the
        # others are the members at the end of the year without them (the league's lists).
        "meet_coverage": Coverage(
            len(decided),
            Member.objects.active_on(date(year, 12, 31)).exclude(pk__in=list(decided)).count(),
        ),
        "scope": scope,
        "provinces": list(Province.objects.all()),
        **map_context(request.GET.get("peta"), year, date(year, 12, 31), f"tahun={year}&"),
    }


def _national_row(
    ind: Indicator, vals: Values, tgts: Targets, year: int, members: int
) -> dict[str, Any]:
    xs = [v for (_m, y), v in vals[ind.code].items() if y == year]
    target = q.target_for(tgts[ind.code], year)
    meeting = None
    if target and xs and ind.direction != Direction.NEUTRAL:
        higher = ind.direction == Direction.HIGHER
        meeting = len([x for x in xs if (x >= target[1] if higher else x <= target[1])])
    return {
        "indicator": ind,
        "n": len(xs),
        # Over the members that reported only; how many did not is said beside it.
        "coverage": Coverage.of(len(xs), members),
        "median": or_missing(q.median(xs), Reason.NOT_REPORTED),
        "min": min(xs) if xs else None,
        "max": max(xs) if xs else None,
        "target": target,
        "meeting": meeting,
    }


NATIONAL_COLUMNS: list[Column] = [
    (gettext_lazy("Indicator"), lambda r: r["indicator"].code),
    (gettext_lazy("Unit"), lambda r: r["indicator"].unit),
    (gettext_lazy("Members reporting"), lambda r: r["n"]),
    (gettext_lazy("Members not reporting"), lambda r: r["coverage"].excluded),
    (gettext_lazy("Median"), lambda r: r["median"]),
    (gettext_lazy("Lowest"), lambda r: r["min"]),
    (gettext_lazy("Highest"), lambda r: r["max"]),
    (gettext_lazy("Target"), lambda r: r["target"][1] if r["target"] else None),
    (gettext_lazy("Target year"), lambda r: r["target"][0] if r["target"] else None),
    (gettext_lazy("Members meeting the target"), lambda r: r["meeting"]),
]


def _reporting_chart(years: list[int], subs: dict[int, dict[str, int]]) -> Any:
    def count(*statuses: str) -> list[int]:
        return [sum(subs[y].get(s, 0) for s in statuses) for y in years]

    S = SubmissionStatus
    return stacked_bar(
        _("Members reporting, by status of their data"),
        [str(y) for y in years],
        {
            _("Verified"): count(S.VERIFIED),
            _("Submitted"): count(S.SUBMITTED),
            _("Draft or returned"): count(S.DRAFT, S.RETURNED),
        },
        y_label=_("members"),
    )


def _commitment_chart(years: list[int], meet_rate: list[Decimal | None]) -> Any:
    return line_chart(
        _("Share of reporting members spending at least %(pct)s of APBD on sanitation")
        % {"pct": "2%"},
        years,
        {_("members meeting %(pct)s") % {"pct": "2%"}: _floats(meet_rate)},
        y_label="%",
        percent=True,
    )


def _trend_chart(
    years: list[int], indicators: list[Indicator], trend: Values, tgts: Targets
) -> Any:
    return line_chart(
        _("Median of members: access to sanitation and open defecation"),
        years,
        {i.name: _median_by_year(trend[i.code], years) for i in indicators if i.code in KEY},
        y_label="%",
        percent=True,
        targets={
            _("national target: %(indicator)s") % {"indicator": i.name}: [
                (y, float(v)) for y, v, _s in tgts[i.code] if FIRST_YEAR <= y <= years[-1]
            ]
            for i in indicators
            if i.code in KEY
        },
    )


def _distribution_chart(year: int, vals: Values, tgts: Targets) -> Any:
    layak = [float(v) for (_m, y), v in vals.get("akses_layak", {}).items() if y == year]
    if not layak:
        return None
    target = q.target_for(tgts.get("akses_layak", []), year)
    return histogram(
        _("Members by access to improved sanitation (layak), %(year)s") % {"year": year},
        layak,
        bins=list(range(0, 101, 10)),
        markers=[Marker(float(target[1]), _("target %(year)s") % {"year": target[0]})]
        if target
        else [],
        x_label=_("%(pct)s of households") % {"pct": "%"},
        y_label=_("members"),
        percent=True,
    )


# -- province ------------------------------------------------------------------------------


def province_context(request: HttpRequest, prov: Province) -> dict[str, Any] | HttpResponse:
    year = _year(request)
    scope = _scope(request)
    in_province = list(Member.objects.filter(regency__province=prov).values_list("pk", flat=True))
    money = q.money(in_province, [year], Stage.PLANNED, **scope)
    members = list(
        q.members_in_year(year, q.decided(money))
        .filter(regency__province=prov)
        .select_related("regency")
        .order_by("regency_id")
    )
    ids = [m.pk for m in members]
    vals = q.values(KEY, members=ids, years=[year], **scope)
    pops = q.population({m.pk: m.code for m in members}, year)
    rows = [_province_row(m, year, vals, money.get((m.pk, year)), pops.get(m.pk)) for m in members]
    export = _export(request, f"dasbor-{prov.code}-{year}", PROVINCE_COLUMNS, rows)
    if export is not None:
        return export
    with_layak = [r for r in rows if not is_missing(r["akses_layak"])]
    with_share = [r for r in rows if not is_missing(r["share"])]
    charts = {}
    if with_layak:
        charts["layak"] = _layak_chart(year, with_layak)
    if with_share:
        charts["share"] = _share_chart(year, with_share)
    return {
        "province": prov,
        "year": year,
        "rows": rows,
        "charts": charts,
        "scope": scope,
        "share_coverage": Coverage.of(len(with_share), len(rows)),
        "commitment": {
            key: sum(1 for r in rows if r["meets"] is decision)
            for key, decision in (("meeting", True), ("below", False), ("undecided", None))
        },
        "layak_coverage": Coverage.of(len(with_layak), len(rows)),
    }


def _province_row(
    m: Member, year: int, vals: Values, mon: q.MoneyYear | None, population: int | None
) -> dict[str, Any]:
    absent = Missing(Reason.NOT_REPORTED)
    per_capita: Decimal | Missing
    if mon is None:
        per_capita = absent
    elif not mon.lines:
        per_capita = Missing(Reason.NO_BUDGET_LINES)
    elif not population:
        per_capita = Missing(Reason.NO_POPULATION)
    else:
        per_capita = (mon.total_sanitation / population).quantize(Decimal("1"))
    return {
        "member": m,
        **{c: or_missing(vals[c].get((m.pk, year)), Reason.NOT_REPORTED) for c in KEY},
        "share": mon.figures()["share"] if mon else absent,
        "meets": mon.meets_commitment if mon else None,
        "per_capita": per_capita,
    }


PROVINCE_COLUMNS: list[Column] = [
    (gettext_lazy("Code"), lambda r: r["member"].code),
    (gettext_lazy("Kabupaten/kota"), lambda r: r["member"].regency.display_name),
    ("akses_layak", lambda r: r["akses_layak"]),
    ("akses_aman", lambda r: r["akses_aman"]),
    ("babs", lambda r: r["babs"]),
    (
        lazy(lambda: _("Sanitation share of APBD (%(pct)s)") % {"pct": "%"}, str)(),
        lambda r: r["share"],
    ),
    (gettext_lazy("Rupiah per person"), lambda r: r["per_capita"]),
]


def _layak_chart(year: int, rows: list[dict[str, Any]]) -> Any:
    return bar_chart(
        _("Access to improved sanitation (layak), %(year)s") % {"year": year},
        [r["member"].regency.display_name for r in rows],
        [float(r["akses_layak"]) for r in rows],
        horizontal=True,
        y_label="%",
        percent=True,
        category=_("Member"),
    )


def _share_chart(year: int, rows: list[dict[str, Any]]) -> Any:
    return stacked_bar(
        _("Sanitation share of APBD, %(year)s") % {"year": year},
        [r["member"].regency.display_name for r in rows],
        {
            _("APBD kabupaten/kota for sanitation (%(pct)s)") % {"pct": "%"}: [
                float(r["share"]) for r in rows
            ]
        },
        line=float(q.COMMITMENT),
        line_label=_("%(pct)s commitment") % {"pct": "2%"},
        y_label="%",
        percent=True,
        category=_("Member"),
    )


# -- member ----------------------------------------------------------------------------------


def member_context(request: HttpRequest, m: Member) -> dict[str, Any] | HttpResponse:
    """A member's data page: its own drafts too for its staff and the secretariat."""
    own_view = can(request.user, Permission.VIEW_UNVERIFIED_DATA, m)
    scope: dict[str, Any] = {"include_unverified": True} if own_view else {}
    years = list(range(FIRST_YEAR, today().year + 1))
    indicators = list(Indicator.objects.filter(active=True))
    vals = q.values([i.code for i in indicators], members=[m.pk], **scope)
    money = q.money([m.pk], years, Stage.PLANNED, **scope)
    subs = {s.year: s for s in Submission.objects.filter(member=m)}
    columns: list[Column] = [
        (gettext_lazy("Indicator"), lambda i: i.code),
        (gettext_lazy("Unit"), lambda i: i.unit),
        *[(str(y), lambda i, y=y: vals[i.code].get((m.pk, y))) for y in years],
    ]
    export = _export(request, f"data-{m.code}", columns, indicators)
    if export is not None:
        return export
    # The charts are cached while the data has not changed.
    charts = versions.cached(
        f"dash:member:{m.pk}:{int(own_view)}:{get_language()}:{today()}",
        versions.DATA_DOMAINS,
        lambda: _member_charts(m, years, indicators, vals, money),
    )
    table_years = [y for y in years if any((m.pk, y) in vals[i.code] for i in indicators)]
    status_rows = [
        (
            y,
            subs.get(y),
            money[(m.pk, y)].figures()["share"]
            if (m.pk, y) in money
            else Missing(Reason.NOT_REPORTED),
        )
        for y in reversed(table_years or [today().year - 1])
    ]
    return {
        "member": m,
        "charts": charts,
        "table": [(i, [vals[i.code].get((m.pk, y)) for y in table_years]) for i in indicators],
        "table_years": table_years,
        "status_rows": status_rows,
        "own_view": own_view,
        "can_submit": can(request.user, Permission.SUBMIT_DATA, m),
        "can_verify": can(request.user, Permission.VERIFY_DATA, m),
        "entry_year": queues.entry_year(today(), queues.open_reporting_year(today())),
        "fmt": format_number,
    }


def _member_charts(
    m: Member,
    years: list[int],
    indicators: list[Indicator],
    vals: Values,
    money: dict[tuple[int, int], q.MoneyYear],
) -> dict[str, Any]:
    peers, peer_label = q.peers(m)
    peer_vals = q.values(KEY, members=peers)
    tgts = q.targets(KEY)
    charts = {}
    for code in KEY:
        ind = next((i for i in indicators if i.code == code), None)
        own = [vals[code].get((m.pk, y)) for y in years]
        if ind is None or not any(v is not None for v in own):
            continue
        charts[code] = line_chart(
            f"{ind.name} ({ind.unit})",
            years,
            {str(m): _floats(own), peer_label: _median_by_year(peer_vals[code], years)},
            y_label=ind.unit,
            percent=ind.unit == "%",
            targets={
                _("national target"): [
                    (y, float(v)) for y, v, _s in tgts[code] if years[0] <= y <= years[-1]
                ]
            },
        )
    money_years = [y for y in years if (m.pk, y) in money]
    if money_years:
        charts.update(_money_charts([money[(m.pk, y)] for y in money_years], money_years))
    return charts


def _money_charts(money: list[q.MoneyYear], years: list[int]) -> dict[str, Any]:
    """A member's spending by sub-sector and by source, and its share of APBD, per year."""

    def millions(part: str, choices: Sequence[tuple[str, Any]]) -> dict[str, Sequence[float]]:
        return {
            str(label): [float(getattr(my, part).get(key, 0)) / 1e6 for my in money]
            for key, label in choices
        }

    labels = [str(y) for y in years]
    return {
        "budget": stacked_bar(
            _("Sanitation spending by sub-sector (planned, million rupiah)"),
            labels,
            millions("by_subsector", SubSector.choices),
            y_label=_("million Rp"),
        ),
        "sources": stacked_bar(
            _("Sanitation spending by funding source (planned, million rupiah)"),
            labels,
            millions("by_source", FundingSource.choices),
            y_label=_("million Rp"),
        ),
        "share": line_chart(
            _("APBD kabupaten/kota spent on sanitation, %(pct)s of APBD") % {"pct": "%"},
            years,
            {_("share of APBD"): _floats([my.share for my in money])},
            y_label="%",
            percent=True,
            rules=[Rule(2.0, _("%(pct)s commitment") % {"pct": "2%"})],
        ),
    }
