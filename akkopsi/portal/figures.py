"""The public portal's home page figures: a fixed, small number of queries whatever the size
of the alliance. The province chart (matplotlib) is cached under the counts it draws, so it
is redrawn only when membership changes."""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from akkopsi.bulletin import sections
from akkopsi.bulletin.models import Article, Edition
from akkopsi.core import versions
from akkopsi.core.charts import bar_chart
from akkopsi.core.missing import Coverage
from akkopsi.data import queries as q
from akkopsi.data.choices import Stage
from akkopsi.members.growth import membership_counts
from akkopsi.members.models import MembershipPeriod


def members_by_province(day: date) -> list[tuple[str, int]]:
    rows = (
        MembershipPeriod.objects.covering(day)
        .values("member__regency__province__name")
        .annotate(n=Count("member", distinct=True))
        .order_by("-n", "member__regency__province__name")
    )
    return [(r["member__regency__province__name"], r["n"]) for r in rows]


def province_chart(day: date, counts: list[tuple[str, int]]) -> str:
    if not counts:
        return ""
    digest = hashlib.sha1(repr(counts).encode(), usedforsecurity=False).hexdigest()
    key = f"portal:provinces:{get_language()}:{day.year}:{digest}"
    svg: str | None = cache.get(key)
    if svg is None:
        svg = bar_chart(
            _("Member kabupaten/kota by province, %(year)s") % {"year": day.year},
            [name for name, _n in counts],
            [n for _name, n in counts],
            y_label=_("members"),
            horizontal=True,
            height=max(2.5, 0.24 * len(counts)),
        )
        cache.set(key, svg, 24 * 3600)
    return svg


def latest_edition() -> Edition | None:
    return (
        Edition.objects.published()
        .prefetch_related(Prefetch("articles", Article.objects.live(), to_attr="live_articles"))
        .first()
    )


def national_headlines(day: date) -> dict[str, Any]:
    """The national dashboard's headline figures, from verified data only (cached while the
    data has not changed, as the dashboards are)."""
    key = f"portal:national:{day}:{get_language()}"
    return versions.cached(key, versions.DATA_DOMAINS, lambda: _national(day))


def _national(day: date) -> dict[str, Any]:
    """As the data stood on ``day``: data verified by then, of members active that day."""
    verified_then = q.verified_as_of(day).filter(
        Exists(MembershipPeriod.objects.covering(day).filter(member_id=OuterRef("member_id")))
    )
    year = (
        verified_then.filter(year__lte=day.year)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if year is None:
        return {"year": None}
    meeting, reporting = q.commitment_by_year([year], Stage.PLANNED, on=day)[year]
    verified = verified_then.filter(year=year).count()
    access, _svg = sections.access(day, years=[year])
    return {
        "year": year,
        "reporting": verified,
        "meeting": meeting,
        "below": reporting - meeting,
        "budget_reporting": reporting,
        "meeting_percent": sections.percent(meeting, reporting),
        "budget_coverage": Coverage.of(
            reporting, membership_counts([sections.year_end(year, day)])[0]
        ).as_json(),
        "access": [r for r in access["rows"] if r["year"] == year],
    }


def portal_context(day: date) -> dict[str, Any]:
    counts = members_by_province(day)
    awards, _svg = sections.awards(day)
    upcoming, _svg = sections.meetings(day)
    return {
        "province_count": len(counts),
        "province_chart": province_chart(day, counts),
        "edition": latest_edition(),
        "awards": awards,
        "summit": upcoming["summit"],
        "national": national_headlines(day),
    }
