"""Charts of the Rapor Sanitasi, drawn by the one chart helper (core.charts) as SVG."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from akkopsi.core import versions
from akkopsi.core.charts import (
    Chart,
    Marker,
    Rule,
    bar_chart,
    histogram,
    line_chart,
    nice_bins,
    stacked_bar,
)
from akkopsi.core.missing import is_missing
from akkopsi.data import queries as q
from akkopsi.data.choices import FundingSource, SubSector
from akkopsi.rapor.readmodel import AccessRow, MoneyBlock, Report

MILLION = 1_000_000


def _f(x: object) -> float | None:
    return None if is_missing(x) else float(x)  # type: ignore[arg-type]


def _access_chart(row: AccessRow, member: str, on: date, targets: list[Any]) -> Chart:
    series = row.series
    years = list(range(min(series), on.year + 1))
    lines: dict[str, Sequence[float | None]] = {member: [_f(series.get(y)) for y in years]}
    if row.peer_medians:
        lines[_("median of %(peers)s") % {"peers": row.peer_label}] = [
            _f(row.peer_medians.get(y)) for y in years
        ]
    in_view = [(y, float(v)) for y, v, _s in targets if years[0] <= y <= years[-1] + 5]
    return line_chart(
        f"{row.name} ({row.unit})",
        years,
        lines,
        y_label=row.unit,
        percent=row.unit == "%",
        targets={_("national target"): in_view},
    )


def _stacked_money(money: MoneyBlock) -> list[Chart]:
    """Spending by sub-sector and by funding source, million rupiah, one bar per year."""
    series = money.series
    # Only years with budget lines: a year without them has no bar, not a 0 bar.
    with_lines = [y for y in money.years if series[y].lines]
    if not with_lines:
        return []
    out = []
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
        stacks: dict[str, Sequence[float]] = {
            str(label): [float(getattr(series[y], part).get(code, 0)) / MILLION for y in with_lines]
            for code, label in choices
        }
        out.append(
            stacked_bar(title, [str(y) for y in with_lines], stacks, y_label=_("million Rp"))
        )
    return out


def _money_charts(money: MoneyBlock, member: str) -> list[Chart]:
    years, series = money.years, money.series
    out = [
        line_chart(
            _("APBD kabupaten/kota spent on sanitation, %(pct)s of APBD") % {"pct": "%"},
            years,
            {_("share of APBD"): [_f(series[y].share) for y in years]},
            y_label="%",
            percent=True,
            rules=[Rule(2.0, _("%(pct)s commitment") % {"pct": "2%"})],
        ),
        *_stacked_money(money),
    ]
    if not is_missing(money.per_capita) and money.peer_per_capita is not None:
        out.append(
            bar_chart(
                _("Sanitation spending per person, %(year)s (rupiah)") % {"year": money.year},
                [member, _("median of %(peers)s") % {"peers": money.peer_label}],
                [float(money.per_capita), float(money.peer_per_capita)],  # type: ignore[arg-type]
                horizontal=True,
                y_label="Rp",
            )
        )
    return out


def league_share_chart(rows: list[dict[str, Any]], year: int) -> Chart | None:
    """How the members of the league's rows spread by their share of APBD for sanitation,
    with the 2 % commitment marked (members without the figure are left out, and said)."""
    shares = [float(r["share"]) for r in rows if not is_missing(r["share"])]
    if not shares:
        return None
    line = float(q.COMMITMENT)
    return histogram(
        _("Members by share of APBD spent on sanitation, %(year)s") % {"year": year},
        shares,
        bins=nice_bins([0.0, *shares, line]),
        markers=[Marker(line, _("%(pct)s commitment") % {"pct": "2%"})],
        x_label=_("share of APBD"),
        y_label=_("members"),
        percent=True,
        note=_("%(n)s of %(total)s members shown have the figure.")
        % {"n": len(shares), "total": len(rows)},
    )


def report_charts(report: Report) -> dict[str, Any]:
    """{"access": {indicator code: chart}, "money": [chart, ...]}."""
    member = str(report.member)
    targets = report.access.targets
    access = {
        row.code: _access_chart(row, member, report.on, targets.get(row.code, []))
        for row in report.access.rows
        if row.series
    }
    money = _money_charts(report.money, member) if report.money.year else []
    return {"access": access, "money": money}


def attach_charts(report: Report) -> Report:
    """The report with its charts, drawn or taken from the cache while the data has not
    changed (the charts are most of the time a report takes)."""
    key = ":".join(
        [
            "rapor-charts-svg",
            str(report.member.pk),
            str(int(report.audience.unverified)),
            report.on.isoformat(),
            get_language() or "id",
        ]
    )
    charts = versions.cached(key, versions.DATA_DOMAINS, lambda: report_charts(report))
    rows = tuple(replace(row, chart=charts["access"].get(row.code)) for row in report.access.rows)
    charts = charts | {"gap": report.plan.gap["chart"] if report.plan.saved else None}
    return replace(report, access=replace(report.access, rows=rows), charts=charts)
