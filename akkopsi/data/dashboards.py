"""Dashboards: national, province and member. Public figures are verified data only."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from akkopsi.accounts.permissions import Permission, can, require
from akkopsi.core.charts import bar_chart, histogram, line_chart, stacked_bar
from akkopsi.core.dates import today
from akkopsi.core.exports import export_table
from akkopsi.core.formatting import format_number
from akkopsi.core.missing import Coverage, Missing, Reason, is_missing, or_missing
from akkopsi.data import queries as q
from akkopsi.data.choices import Direction, FundingSource, Stage, SubmissionStatus, SubSector
from akkopsi.data.models import Indicator, Submission
from akkopsi.members.access import member_for_user
from akkopsi.members.growth import membership_counts
from akkopsi.members.models import Member
from akkopsi.regions.models import Province

KEY = ["akses_layak", "akses_aman", "babs"]
FIRST_YEAR = 2010


def _year(request: HttpRequest) -> int:
    """The year asked for, else the latest year with verified data."""
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        latest = (
            Submission.objects.filter(status=SubmissionStatus.VERIFIED, year__lte=today().year)
            .order_by("-year")
            .values_list("year", flat=True)
            .first()
        )
        year = latest or today().year - 1
    return min(max(year, FIRST_YEAR), today().year)


def _scope(request: HttpRequest) -> dict[str, Any]:
    """Verified only, unless a secretariat user asks for unverified data too."""
    include = request.GET.get("semua") == "1" and can(request.user, Permission.VERIFY_DATA)
    return {"include_unverified": include}


def _percent(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1")) if whole else None


def _medians(series: dict[tuple[int, int], Decimal], years: list[int]) -> list[float | None]:
    by_year: dict[int, list[Decimal]] = defaultdict(list)
    for (_m, y), v in series.items():
        by_year[y].append(v)
    return [float(m) if (m := q.median(by_year.get(y, []))) is not None else None for y in years]


def _cached(request: HttpRequest, name: str, template: str, build: Any) -> HttpResponse:
    """Render a dashboard whose computed part (figures, tables, charts) is cached while the
    data has not changed. The page itself (user, CSRF token) is rendered per request.
    Exports and views that include unverified data are computed afresh."""
    if request.GET.get("export") or request.GET.get("semua"):
        result = build()
        return result if isinstance(result, HttpResponse) else render(request, template, result)
    key = f"dash:{name}:{request.GET.urlencode()}:{get_language()}:{q.data_version()}"
    context = cache.get(key)
    if context is None:
        context = build()
        cache.set(key, context, 3600)
    return render(request, template, context)


def national(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_PUBLIC)
    return _cached(
        request, "national", "data/dashboard_national.html", lambda: national_context(request)
    )


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
    meet_rate = [_percent(*commitment[y]) for y in years]

    rows = []
    for ind in indicators:
        xs = [v for (_m, y), v in vals[ind.code].items() if y == year]
        target = q.target_for(tgts[ind.code], year)
        meeting = None
        if target and xs and ind.direction != Direction.NEUTRAL:
            ok = [
                x
                for x in xs
                if (x >= target[1] if ind.direction == Direction.HIGHER else x <= target[1])
            ]
            meeting = len(ok)
        rows.append(
            {
                "indicator": ind,
                "n": len(xs),
                # Over the members that reported only; how many did not is said beside it.
                "coverage": Coverage.of(len(xs), members_count[year]),
                "median": or_missing(q.median(xs), Reason.NOT_REPORTED),
                "min": min(xs) if xs else None,
                "max": max(xs) if xs else None,
                "target": target,
                "meeting": meeting,
            }
        )
    if request.GET.get("export") in {"csv", "xlsx"}:
        header = [
            _("Indicator"),
            _("Unit"),
            _("Members reporting"),
            _("Members not reporting"),
            _("Median"),
            _("Lowest"),
            _("Highest"),
            _("Target"),
            _("Target year"),
            _("Members meeting the target"),
        ]
        table = [
            [
                r["indicator"].code,
                r["indicator"].unit,
                r["n"],
                r["coverage"].excluded,
                r["median"],
                r["min"],
                r["max"],
                r["target"][1] if r["target"] else None,
                r["target"][0] if r["target"] else None,
                r["meeting"],
            ]
            for r in rows
        ]
        return export_table(f"dasbor-nasional-{year}", header, table, request.GET["export"])

    verified = [subs[y].get(SubmissionStatus.VERIFIED, 0) for y in years]
    submitted = [subs[y].get(SubmissionStatus.SUBMITTED, 0) for y in years]
    drafts = [
        subs[y].get(SubmissionStatus.DRAFT, 0) + subs[y].get(SubmissionStatus.RETURNED, 0)
        for y in years
    ]
    charts = {
        "reporting": stacked_bar(
            _("Members reporting, by status of their data"),
            [str(y) for y in years],
            {_("Verified"): verified, _("Submitted"): submitted, _("Draft or returned"): drafts},
            y_label=_("members"),
        ),
        "commitment": line_chart(
            _("Share of reporting members spending at least %(pct)s of APBD on sanitation")
            % {"pct": "2%"},
            years,
            {
                _("members meeting %(pct)s") % {"pct": "2%"}: [
                    float(x) if x is not None else None for x in meet_rate
                ]
            },
            y_label="%",
            percent=True,
        ),
        "trend": line_chart(
            _("Median of members: access to sanitation and open defecation"),
            years,
            {i.name: _medians(trend[i.code], years) for i in indicators if i.code in KEY},
            y_label="%",
            percent=True,
            targets={
                _("national target") + f" ({code})": [
                    (y, float(v)) for y, v, _s in tgts[code] if FIRST_YEAR <= y <= years[-1]
                ]
                for code in KEY
            },
        ),
    }
    layak = [float(v) for (_m, y), v in vals.get("akses_layak", {}).items() if y == year]
    if layak:
        target = q.target_for(tgts.get("akses_layak", []), year)
        charts["distribution"] = histogram(
            _("Members by access to improved sanitation (layak), %(year)s") % {"year": year},
            layak,
            bins=list(range(0, 101, 10)),
            target=float(target[1]) if target else None,
            target_label=(_("target %(year)s") % {"year": target[0]}) if target else "",
            x_label=_("%(pct)s of households") % {"pct": "%"},
            y_label=_("members"),
        )
    reporting = subs[year].get(SubmissionStatus.VERIFIED, 0)
    context = {
        "year": year,
        "years": years,
        "rows": rows,
        "charts": charts,
        "members": members_count[year],
        "reporting": reporting,
        "reporting_rate": _percent(reporting, members_count[year]),
        "meet_rate": or_missing(meet_rate[years.index(year)], Reason.NOT_REPORTED),
        # The 2% share is over the members with both an APBD total and budget lines.
        "meet_coverage": Coverage.of(commitment[year][1], members_count[year]),
        "scope": scope,
        "provinces": list(Province.objects.all()),
    }
    return context


def province(request: HttpRequest, code: str) -> HttpResponse:
    require(request.user, Permission.VIEW_PUBLIC)
    prov = get_object_or_404(Province, code=code)
    return _cached(
        request,
        f"province-{code}",
        "data/dashboard_province.html",
        lambda: province_context(request, prov),
    )


def province_context(request: HttpRequest, prov: Province) -> dict[str, Any] | HttpResponse:
    year = _year(request)
    scope = _scope(request)
    members = list(
        Member.objects.active_on(date(year, 12, 31))
        .filter(regency__province=prov)
        .select_related("regency")
        .order_by("regency_id")
    )
    ids = [m.pk for m in members]
    vals = q.values(KEY, members=ids, years=[year], **scope)
    money = q.money(ids, [year], Stage.PLANNED, **scope)
    pops = q.population({m.pk: m.code for m in members}, year)
    rows = []
    for m in members:
        mon = money.get((m.pk, year))
        absent = Missing(Reason.NOT_REPORTED)
        per_capita: Decimal | Missing
        if mon is None:
            per_capita = absent
        elif not mon.lines:
            per_capita = Missing(Reason.NO_BUDGET_LINES)
        elif not pops.get(m.pk):
            per_capita = Missing(Reason.NO_POPULATION)
        else:
            per_capita = (mon.total_sanitation / pops[m.pk]).quantize(Decimal("1"))
        rows.append(
            {
                "member": m,
                **{c: or_missing(vals[c].get((m.pk, year)), Reason.NOT_REPORTED) for c in KEY},
                "share": mon.figures()["share"] if mon else absent,
                "meets": mon.meets_commitment if mon else None,
                "per_capita": per_capita,
            }
        )
    if request.GET.get("export") in {"csv", "xlsx"}:
        header = [
            _("Code"),
            _("Kabupaten/kota"),
            "akses_layak",
            "akses_aman",
            "babs",
            _("Sanitation share of APBD (%(pct)s)") % {"pct": "%"},
            _("Rupiah per person"),
        ]
        table = [
            [
                r["member"].code,
                r["member"].regency.display_name,
                r["akses_layak"],
                r["akses_aman"],
                r["babs"],
                r["share"],
                r["per_capita"],
            ]
            for r in rows
        ]
        return export_table(f"dasbor-{prov.code}-{year}", header, table, request.GET["export"])
    charts = {}
    with_layak = [r for r in rows if not is_missing(r["akses_layak"])]
    if with_layak:
        charts["layak"] = bar_chart(
            _("Access to improved sanitation (layak), %(year)s") % {"year": year},
            [r["member"].regency.display_name for r in with_layak],
            [float(r["akses_layak"]) for r in with_layak],
            horizontal=True,
            y_label="%",
            height=max(2.5, 0.3 * len(with_layak)),
        )
    with_share = [r for r in rows if not is_missing(r["share"])]
    if with_share:
        charts["share"] = stacked_bar(
            _("Sanitation share of APBD, %(year)s") % {"year": year},
            [r["member"].code for r in with_share],
            {
                _("APBD kabupaten/kota for sanitation (%(pct)s)") % {"pct": "%"}: [
                    float(r["share"]) for r in with_share
                ]
            },
            line=float(q.COMMITMENT),
            line_label=_("%(pct)s commitment") % {"pct": "2%"},
            y_label="%",
        )
    return {
        "province": prov,
        "year": year,
        "rows": rows,
        "charts": charts,
        "scope": scope,
        "share_coverage": Coverage.of(len(with_share), len(rows)),
        "layak_coverage": Coverage.of(len(with_layak), len(rows)),
    }


def member(request: HttpRequest, code: str) -> HttpResponse:
    m = member_for_user(request.user, code)
    own_view = can(request.user, Permission.VIEW_UNVERIFIED_DATA, m)
    scope = {"include_unverified": True} if own_view else {}
    years = list(range(FIRST_YEAR, today().year + 1))
    indicators = list(Indicator.objects.filter(active=True))
    vals = q.values([i.code for i in indicators], members=[m.pk], **scope)
    tgts = q.targets(KEY)
    peers = list(
        Member.objects.filter(regency__kind=m.regency.kind, regency__province=m.regency.province_id)
        .exclude(pk=m.pk)
        .values_list("pk", flat=True)
    )
    peer_label = _("median of other %(kind)s in the province") % {
        "kind": m.regency.get_kind_display().lower()
    }
    if len(peers) < 3:
        peers = list(
            Member.objects.filter(regency__kind=m.regency.kind)
            .exclude(pk=m.pk)
            .values_list("pk", flat=True)
        )
        peer_label = _("median of all member %(kind)s") % {
            "kind": m.regency.get_kind_display().lower()
        }
    money = q.money([m.pk], years, Stage.PLANNED, **scope)
    subs = {s.year: s for s in Submission.objects.filter(member=m)}
    if request.GET.get("export") in {"csv", "xlsx"}:
        header = [_("Indicator"), _("Unit"), *[str(y) for y in years]]
        table = [
            [i.code, i.unit, *[vals[i.code].get((m.pk, y)) for y in years]] for i in indicators
        ]
        return export_table(f"data-{m.code}", header, table, request.GET["export"])
    # The charts are the slow part (matplotlib): cached while the data has not changed.
    charts_key = f"dash:member:{m.pk}:{int(own_view)}:{get_language()}:{q.data_version()}"
    charts = cache.get(charts_key)
    if charts is None:
        peer_vals = q.values(KEY, members=peers)
        charts = {}
        for code in KEY:
            ind = next((i for i in indicators if i.code == code), None)
            own = [vals[code].get((m.pk, y)) for y in years]
            if ind is None or not any(v is not None for v in own):
                continue
            by_year: dict[int, list[Decimal]] = defaultdict(list)
            for (_p, y), v in peer_vals[code].items():
                by_year[y].append(v)
            charts[code] = line_chart(
                f"{ind.name} ({ind.unit})",
                years,
                {
                    str(m): [float(v) if v is not None else None for v in own],
                    peer_label: [
                        float(x) if (x := q.median(by_year.get(y, []))) is not None else None
                        for y in years
                    ],
                },
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
            charts["budget"] = stacked_bar(
                _("Sanitation spending by sub-sector (planned, million rupiah)"),
                [str(y) for y in money_years],
                {
                    label: [
                        float(money[(m.pk, y)].by_subsector.get(sub, 0)) / 1e6 for y in money_years
                    ]
                    for sub, label in SubSector.choices
                },
                y_label=_("million Rp"),
            )
            charts["sources"] = stacked_bar(
                _("Sanitation spending by funding source (planned, million rupiah)"),
                [str(y) for y in money_years],
                {
                    label: [
                        float(money[(m.pk, y)].by_source.get(src, 0)) / 1e6 for y in money_years
                    ]
                    for src, label in FundingSource.choices
                },
                y_label=_("million Rp"),
            )
            charts["share"] = line_chart(
                _("APBD kabupaten/kota spent on sanitation, %(pct)s of APBD") % {"pct": "%"},
                money_years,
                {
                    _("share of APBD"): [
                        float(s) if (s := money[(m.pk, y)].share) is not None else None
                        for y in money_years
                    ]
                },
                y_label="%",
                percent=True,
                targets={_("%(pct)s commitment") % {"pct": "2%"}: [(y, 2.0) for y in money_years]},
            )
        cache.set(charts_key, charts, 3600)
    table_years = [y for y in years if any((m.pk, y) in vals[i.code] for i in indicators)]
    table = [(i, [vals[i.code].get((m.pk, y)) for y in table_years]) for i in indicators]
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
    context = {
        "member": m,
        "charts": charts,
        "table": table,
        "table_years": table_years,
        "status_rows": status_rows,
        "own_view": own_view,
        "can_submit": can(request.user, Permission.SUBMIT_DATA, m),
        "can_verify": can(request.user, Permission.VERIFY_DATA, m),
        "entry_year": today().year - 1,
        "fmt": format_number,
    }
    return render(request, "data/dashboard_member.html", context)
