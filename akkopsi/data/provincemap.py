"""The map of the alliance: one figure per province, drawn as a choropleth (ADR 52).

Each figure is read from the one function that publishes it, never recomputed another way:

* members per province: ``members.growth.members_by_province`` (the portal's chart);
* the share meeting the 2 % commitment: ``queries.decided`` over ``queries.money`` (the
  league, the Rapor, the province dashboard's counts), in percent by ``queries.percent``;
* the median access to improved sanitation (layak): ``queries.median`` of the verified
  values of the members a province dashboard lists (``queries.members_in_year``);
* the share with verified data: ``queries.members_of_year`` (the reporting cycle's statuses).

A province whose figure has nothing behind it (no member, none decided, none reporting)
is missing, never 0 %. The map is cached per indicator, year, day, language and data.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from akkopsi.core import versions
from akkopsi.core.choropleth import Area, Choropleth, choropleth
from akkopsi.core.formatting import format_date, format_number, format_percent
from akkopsi.data import queries as q
from akkopsi.data.choices import Stage, SubmissionStatus
from akkopsi.engines.maps.classes import count_breaks, fixed_breaks
from akkopsi.members.growth import members_by_province
from akkopsi.members.models import Member
from akkopsi.regions.maps import LICENCE, LICENCE_URL, SOURCE, province_shapes
from akkopsi.regions.models import Province

Value = Decimal | int | None


@dataclass(frozen=True)
class Figure:
    """A province's figure and what it is over: ``part`` of ``whole`` members (the members
    deciding, reporting, or counted), None for ``part`` when the figure is not a share."""

    value: Value
    whole: int
    part: int | None = None


@dataclass(frozen=True)
class MapIndicator:
    key: str  # the ?peta= value
    label: str | Promise  # lazily translated
    percent: bool  # a percentage (fixed classes of 20 points), else a count


INDICATORS = [
    MapIndicator("anggota", gettext_lazy("Members"), False),
    MapIndicator("komitmen", gettext_lazy("Members meeting the 2% commitment"), True),
    MapIndicator("layak", gettext_lazy("Median access to improved sanitation (layak)"), True),
    MapIndicator("lapor", gettext_lazy("Members with verified data"), True),
]
BY_KEY = {i.key: i for i in INDICATORS}


def indicator_asked(value: str | None) -> MapIndicator:
    """The indicator a ``?peta=`` asks for, else the first (members)."""
    return BY_KEY.get(value or "", INDICATORS[0])


def members(year: int, day: date) -> dict[str, Figure]:
    return {code: Figure(n, n) for code, _name, n in members_by_province(day)}


def _province_of(ids: object) -> dict[int, str]:
    return dict(Member.objects.filter(pk__in=ids).values_list("pk", "regency__province_id"))


def commitment(year: int, day: date) -> dict[str, Figure]:
    decided = q.decided(q.money(None, [year], Stage.PLANNED))
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for member_id, province in _province_of(list(decided)).items():
        counts[province][0] += int(decided[member_id])
        counts[province][1] += 1
    return {code: Figure(q.percent(a, b), b, a) for code, (a, b) in counts.items()}


def layak(year: int, day: date) -> dict[str, Figure]:
    listed = q.members_in_year(year, q.decided(q.money(None, [year], Stage.PLANNED)))
    province_of = dict(listed.values_list("pk", "regency__province_id"))
    values = q.values(["akses_layak"], members=list(province_of), years=[year])["akses_layak"]
    pooled: dict[str, list[Decimal]] = defaultdict(list)
    for (member_id, _year), value in values.items():
        pooled[province_of[member_id]].append(value)
    return {code: Figure(q.median(xs), len(xs)) for code, xs in pooled.items()}


def reporting(year: int, day: date) -> dict[str, Figure]:
    statuses = q.members_of_year(year).values_list(  # type: ignore[misc]
        "regency__province_id", "submission_status"
    )
    whole: Counter[str] = Counter()
    verified: Counter[str] = Counter()
    for province, status in statuses:
        whole[province] += 1
        verified[province] += int(status == SubmissionStatus.VERIFIED)
    return {
        code: Figure(q.percent(verified[code], n), n, verified[code]) for code, n in whole.items()
    }


FIGURES: dict[str, Callable[[int, date], dict[str, Figure]]] = {
    "anggota": members,
    "komitmen": commitment,
    "layak": layak,
    "lapor": reporting,
}


def province_figures(
    key: str, year: int, day: date, codes: list[str] | None = None
) -> dict[str, Figure]:
    """Province code -> figure for every province of the registry (``codes``, else read)
    (members: 0 where there are none, a true count; the shares: missing, value None, where
    nothing is behind them)."""
    found = FIGURES[key](year, day)
    empty = Figure(0, 0) if key == "anggota" else Figure(None, 0)
    if codes is None:
        codes = list(Province.objects.values_list("code", flat=True))
    return {code: found.get(code, empty) for code in codes}


def _text(indicator: MapIndicator, figure: Figure) -> str:
    if figure.value is None:
        return _("no data")
    if indicator.percent:
        return format_percent(figure.value)
    n = int(figure.value)
    return ngettext("%(n)s member", "%(n)s members", n) % {"n": format_number(n)}


def _basis(indicator: MapIndicator, figure: Figure) -> str:
    if indicator.key == "anggota":
        return ""
    if figure.part is None:
        return ngettext("of %(n)s member", "of %(n)s members", figure.whole) % {
            "n": format_number(figure.whole)
        }
    return _("%(part)s of %(whole)s") % {
        "part": format_number(figure.part),
        "whole": format_number(figure.whole),
    }


def _class_label(percent: bool) -> Callable[[Decimal, Decimal, bool], str]:
    def label(low: Decimal, high: Decimal, last: bool) -> str:
        if percent:
            lo, hi = format_number(low), format_number(high)
            return f"{lo}–{hi}%" if last else f"{lo}–<{hi}%"
        top = high if last else high - 1
        return format_number(low) if top <= low else f"{format_number(low)}–{format_number(top)}"

    return label


def province_link(key: str, code: str, year: int) -> str:
    """A province's page with the figure behind it: its members (portal) or its data."""
    if key == "anggota":
        return reverse("portal:province_detail", args=[code])
    return reverse("data:province", args=[code]) + f"?tahun={year}"


def province_map(key: str, year: int, day: date) -> Choropleth:
    """The map of indicator ``key`` for ``year`` (members on ``day``), cached while neither
    the data nor the membership has changed."""
    indicator = indicator_asked(key)
    return versions.cached(
        f"map:provinces:{indicator.key}:{year}:{day}:{get_language()}",
        versions.DATA_DOMAINS,
        lambda: _draw(indicator, year, day),
    )


def _draw(indicator: MapIndicator, year: int, day: date) -> Choropleth:
    names = dict(Province.objects.values_list("code", "name"))
    figures = province_figures(indicator.key, year, day, list(names))
    shapes = province_shapes()
    areas = [
        Area(
            code=code,
            name=names[code],
            path=shapes.provinces[code].path if code in shapes.provinces else "",
            value=figure.value,
            text=_text(indicator, figure),
            href=province_link(indicator.key, code, year),
            basis=_basis(indicator, figure),
        )
        for code, figure in figures.items()
    ]
    if indicator.percent:
        breaks = fixed_breaks(0, 100, 5)
    else:
        breaks = count_breaks([a.value for a in areas], 5)
    when = format_date(day) if indicator.key == "anggota" else str(year)
    title = _("%(figure)s by province, %(when)s") % {"figure": indicator.label, "when": when}
    return choropleth(
        title,
        areas,
        breaks,
        _class_label(indicator.percent),
        size=(shapes.width, shapes.height),
    )


def map_context(key: str | None, year: int, day: date, query: str = "") -> dict[str, Any]:
    """What ``core/_choropleth.html`` needs: the map, the indicator switcher (links, so it
    works without JavaScript; ``query`` is kept in them, e.g. ``tahun=2024&``) and the
    credit of the boundaries (CC BY 4.0 asks for it wherever they are shown)."""
    indicator = indicator_asked(key)
    return {
        "map": province_map(indicator.key, year, day),
        "map_switch": [
            {"label": i.label, "href": f"?{query}peta={i.key}", "current": i == indicator}
            for i in INDICATORS
        ],
        "map_credit": {
            "source": SOURCE,
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "changes": _("projected and simplified for this map"),
        },
    }
