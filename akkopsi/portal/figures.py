"""The public portal's home page figures: a fixed, small number of queries whatever the size
of the alliance. The map of the provinces (``data.provincemap``) is cached under the data and
the membership it draws, so it is redrawn only when they change."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import get_language

from akkopsi.bulletin import sections
from akkopsi.bulletin.models import Article, Edition
from akkopsi.core import versions
from akkopsi.core.missing import Coverage
from akkopsi.data import queries as q
from akkopsi.data.choices import Stage
from akkopsi.data.dashboards import year_asked
from akkopsi.data.provincemap import map_context
from akkopsi.members.growth import membership_counts
from akkopsi.members.models import MembershipPeriod


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


def portal_context(day: date, peta: str | None = None) -> dict[str, Any]:
    """The home page's panels; ``peta`` is the figure the map shows (``?peta=``)."""
    awards, _svg = sections.awards(day)
    upcoming, _svg = sections.meetings(day)
    national = national_headlines(day)
    # the map's year is the headlines' (the latest year with data verified by ``day``)
    return {
        **map_context(peta, national["year"] or year_asked(None), day),
        "edition": latest_edition(),
        "awards": awards,
        "summit": upcoming["summit"],
        "national": national,
    }
