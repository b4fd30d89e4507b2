"""Charts of the Rapor Sanitasi, drawn by the one chart helper (core.charts) as SVG."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from akkopsi.core.charts import bar_chart, line_chart, stacked_bar
from akkopsi.core.missing import is_missing
from akkopsi.data import queries as q
from akkopsi.data.choices import FundingSource, SubSector
from akkopsi.rapor.services import Report

MILLION = 1_000_000


def _f(x: object) -> float | None:
    return None if is_missing(x) else float(x)  # type: ignore[arg-type]


def report_charts(report: Report) -> dict[str, Any]:
    """{"access": {indicator code: svg}, "money": [svg, ...]}."""
    out: dict[str, Any] = {"access": {}, "money": []}
    member = str(report.member)
    for row in report.access["rows"]:
        series = row["series"]
        if not series:
            continue
        years = list(range(min(series), report.on.year + 1))
        lines = {member: [_f(series.get(y)) for y in years]}
        if row["peer_medians"]:
            lines[_("median of %(peers)s") % {"peers": row["peer_label"]}] = [
                _f(row["peer_medians"].get(y)) for y in years
            ]
        targets = [
            (y, float(v))
            for y, v, _s in report.access["targets"].get(row["code"], [])
            if years[0] <= y <= years[-1] + 5
        ]
        out["access"][row["code"]] = line_chart(
            f"{row['name']} ({row['unit']})",
            years,
            lines,
            y_label=row["unit"],
            percent=row["unit"] == "%",
            targets={_("national target"): targets},
            height=2.8,
        )
    money = report.money
    if money.get("year"):
        years = money["years"]
        series = money["series"]
        out["money"].append(
            line_chart(
                _("APBD kabupaten/kota spent on sanitation, %(pct)s of APBD") % {"pct": "%"},
                years,
                {_("share of APBD"): [_f(series[y].share) for y in years]},
                y_label="%",
                percent=True,
                targets={_("%(pct)s commitment") % {"pct": "2%"}: [(y, 2.0) for y in years]},
                height=2.8,
            )
        )
        for title, part, choices in (
            (
                _("Sanitation spending by sub-sector (planned, million rupiah)"),
                "by_subsector",
                SubSector.choices,
            ),
            (
                _("Sanitation spending by funding source (planned, million rupiah)"),
                "by_source",
                FundingSource.choices,
            ),
        ):
            # Only years with budget lines: a year without them has no bar, not a 0 bar.
            with_lines = [y for y in years if series[y].lines]
            stacks = {
                label: [float(getattr(series[y], part).get(code, 0)) / MILLION for y in with_lines]
                for code, label in choices
            }
            if with_lines:
                out["money"].append(
                    stacked_bar(
                        title,
                        [str(y) for y in with_lines],
                        stacks,
                        y_label=_("million Rp"),
                        height=3.0,
                    )
                )
        if not is_missing(money["per_capita"]) and money["peer_per_capita"] is not None:
            out["money"].append(
                bar_chart(
                    _("Sanitation spending per person, %(year)s (rupiah)")
                    % {"year": money["year"]},
                    [member, _("median of %(peers)s") % {"peers": money["peer_label"]}],
                    [float(money["per_capita"]), float(money["peer_per_capita"])],
                    horizontal=True,
                    y_label="Rp",
                    height=1.6,
                )
            )
    return out


def attach_charts(report: Report) -> None:
    """Draw the charts, or take them from the cache while the data has not changed (the
    charts are most of the time a report takes)."""
    key = ":".join(
        [
            "rapor-charts",
            str(report.member.pk),
            str(int(report.audience.unverified)),
            report.on.isoformat(),
            get_language() or "id",
            q.data_version(),
        ]
    )
    charts = cache.get(key)
    if charts is None:
        charts = report_charts(report)
        cache.set(key, charts, 3600)
    for row in report.access["rows"]:
        row["chart"] = charts["access"].get(row["code"], "")
    charts["gap"] = report.plan["gap"]["chart"] if report.plan.get("saved") else ""
    report.charts = charts
