"""Data sections: figures from the live services as on the edition's date.

Each builder returns ``(figures, chart)``: JSON-ready figures (numbers as strings, so Decimal
survives) and a chart (``core.charts.Chart`` as JSON text, or ""). A draft shows them live; publishing stores them on
the section (frozen), so a published edition never changes when the data does. Public
figures use verified data only, as it stood on the edition's date: data verified by then,
of members active that day (``data.queries.verified(on=...)``); a year nobody had reported
by then is "not yet reported". All reads are set-based: a few queries per section.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from akkopsi.awards.models import Edition as AwardEdition
from akkopsi.awards.services import latest_run
from akkopsi.bulletin.choices import SectionKind
from akkopsi.coordination.models import Meeting, Summit
from akkopsi.core.charts import bar_chart, line_chart
from akkopsi.core.formatting import format_date
from akkopsi.core.missing import Coverage
from akkopsi.data import queries as q
from akkopsi.data.choices import Direction, Stage
from akkopsi.data.models import Indicator
from akkopsi.dues.reports import year_summary
from akkopsi.members.growth import membership_counts

FIRST_YEAR = 2009  # AKKOPSI was founded in October 2009
ACCESS = ["akses_layak", "akses_aman", "babs"]
HORIZON_DAYS = 366  # "upcoming" meetings: within a year of the edition's date
Built = tuple[dict[str, Any], str]


def _day(value: date | None) -> str:
    return format_date(value) if value else ""


def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def membership(on: date) -> Built:
    years = list(range(FIRST_YEAR, on.year))
    days = [on, on.replace(year=on.year - 1)] + [date(y, 12, 31) for y in years]
    now, year_ago, *ends = membership_counts(days)
    labels = [*years, on.year]
    chart = line_chart(
        _("Member kabupaten/kota at the end of each year (%(year)s: on the edition date)")
        % {"year": on.year},
        labels,
        {_("members"): [*ends, now]},
        y_label=_("members"),
    )
    figures = {"count": now, "year_ago": year_ago, "growth": now - year_ago, "on": _day(on)}
    return figures, chart.to_json()


def commitment(on: date) -> Built:
    years = list(range(2010, on.year + 1))
    by_year = q.commitment_by_year(years, Stage.PLANNED, on=on)
    expected = dict(zip(years, membership_counts([year_end(y, on) for y in years]), strict=True))
    rows: list[dict[str, Any]] = [
        {
            "year": y,
            "meeting": m,
            "reporting": n,
            "percent": _s(percent(m, n)),
            # Members without both an APBD total and budget lines are left out: say how many.
            "coverage": Coverage.of(n, expected[y]).as_json(),
        }
        for y, (m, n) in by_year.items()
        if n
    ]
    last = rows[-1]["year"] if rows else FIRST_YEAR
    pending = [y for y in years if y > last]  # no member had reported these years by then
    svg = ""
    if rows:
        svg = bar_chart(
            _("Reporting members spending at least 2 percent of APBD on sanitation (percent)"),
            [str(r["year"]) for r in rows],
            [float(r["percent"]) for r in rows],
            y_label="%",
            percent=True,
        ).to_json()
    return {"rows": rows[-5:], "latest": rows[-1] if rows else None, "not_reported": pending}, svg


def year_end(year: int, on: date) -> date:
    """The day a year's members are counted on: 31 December, or ``on`` within the year."""
    return min(date(year, 12, 31), on)


def percent(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1")) if whole else None


def access(on: date, years: list[int] | None = None) -> Built:
    """Median of members against the national target, for each access indicator's latest
    year with data verified by ``on`` (among ``years``, else the seven years up to the
    edition's)."""
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=ACCESS)}
    codes = [c for c in ACCESS if c in indicators]
    vals = q.values(codes, years=years or list(range(on.year - 6, on.year + 1)), on=on)
    tgts = q.targets(codes)
    latest = {c: max((y for (_m, y) in vals[c]), default=None) for c in codes}
    row_years = sorted({y for y in latest.values() if y is not None})
    expected = dict(
        zip(row_years, membership_counts([year_end(y, on) for y in row_years]), strict=True)
    )
    rows = []
    for code in codes:
        years = sorted({y for (_m, y) in vals[code]})
        if not years:
            continue
        year = years[-1]
        xs = [v for (_m, y), v in vals[code].items() if y == year]
        target = q.target_for(tgts[code], year)
        ind = indicators[code]
        meeting = None
        if target and ind.direction != Direction.NEUTRAL:
            higher = ind.direction == Direction.HIGHER
            meeting = sum(1 for x in xs if (x >= target[1] if higher else x <= target[1]))
        rows.append(
            {
                "name": ind.name_id,
                "unit": ind.unit,
                "year": year,
                "reporting": len(xs),
                "coverage": Coverage.of(len(xs), expected[year]).as_json(),
                "median": _s(q.median(xs)),
                "target": _s(target[1]) if target else None,
                "target_year": target[0] if target else None,
                "target_source": target[2] if target else "",
                "meeting": meeting,
            }
        )
    return {"rows": rows}, ""


def awards(on: date) -> Built:
    edition = (
        AwardEdition.objects.filter(published=True, announcement__lte=on).order_by("-year").first()
    )
    run = latest_run(edition) if edition else None
    if edition is None or run is None:
        return {"year": None, "winners": []}, ""
    units = run.results["units"]
    winners = []
    for cat in run.results["categories"]:
        best = [u for u in units if u["category_ranks"].get(cat["code"]) == 1]
        winners.append({"category": cat["name"], "names": [u["name"] for u in best]})
    return {"year": edition.year, "winners": winners}, ""


def meetings(on: date) -> Built:
    start = timezone.make_aware(datetime.combine(on, time.min))
    upcoming = (
        Meeting.objects.live()
        .filter(starts_at__gte=start, starts_at__lt=start + timedelta(days=HORIZON_DAYS))
        .select_related("host__regency")
        .order_by("starts_at")[:5]
    )
    rows = [
        {"title": m.title, "day": _day(m.day), "place": m.place, "kind": m.get_kind_display()}
        for m in upcoming
    ]
    summit = (
        Summit.objects.live()
        .filter(year__gte=on.year)
        .select_related("host__regency")
        .order_by("number")
        .first()
    )
    next_summit = None
    if summit is not None:
        next_summit = {
            "numeral": summit.numeral,
            "year": summit.year,
            "host": str(summit.host) if summit.host else "",
            "starts_on": _day(summit.starts_on),
            "ends_on": _day(summit.ends_on),
            "venue": summit.venue,
            "theme": summit.theme,
        }
    return {"meetings": rows, "summit": next_summit}, ""


def dues(on: date) -> Built:
    rows = [r for r in year_summary(on=on) if r.billed]
    svg = ""
    if rows:
        svg = bar_chart(
            _("Dues collected as a percentage of dues billed, by year, as on %(day)s")
            % {"day": _day(on)},
            [str(r.year) for r in rows],
            [None if r.rate is None else float(r.rate) for r in rows],
            y_label="%",
            percent=True,
        ).to_json()
    current = next((r for r in rows if r.year == on.year), rows[-1] if rows else None)
    latest = None
    if current is not None:
        latest = {
            "year": current.year,
            "billed": str(current.billed),
            "collected": str(current.collected),
            "rate": _s(current.rate),
        }
    return {"on": _day(on), "latest": latest}, svg


BUILDERS: dict[str, Callable[[date], Built]] = {
    SectionKind.MEMBERSHIP: membership,
    SectionKind.COMMITMENT: commitment,
    SectionKind.ACCESS: access,
    SectionKind.AWARDS: awards,
    SectionKind.MEETINGS: meetings,
    SectionKind.DUES: dues,
}


def build(kind: str, on: date) -> Built:
    return BUILDERS[kind](on)
