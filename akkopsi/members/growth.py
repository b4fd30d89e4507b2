"""Membership counts at many dates, in one query (set-based, not a query per date), and by
province on one day."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date

from django.db.models import Count

from akkopsi.core.dates import today
from akkopsi.members.models import MembershipPeriod


def membership_counts(days: Sequence[date]) -> list[int]:
    """Number of members at each day: periods started on or before it and not yet left."""
    periods = list(MembershipPeriod.objects.live().values_list("joined_on", "left_on"))
    starts = sorted(p[0] for p in periods)
    ends = sorted(p[1] for p in periods if p[1] is not None)
    return [bisect_right(starts, d) - bisect_right(ends, d) for d in days]


def yearly_counts(until: date) -> tuple[list[int], list[int]]:
    """The years from 2009 (the alliance's founding) to ``until`` and the members at the end
    of each (never stopping before the current year)."""
    years = list(range(2009, max(until.year, today().year) + 1))
    return years, membership_counts([date(y, 12, 31) for y in years])


def members_by_province(day: date) -> list[tuple[str, str, int]]:
    """(province code, name, members on ``day``) of each province with members, most first
    (one query): the one count of members per province (portal chart, map)."""
    rows = (
        MembershipPeriod.objects.covering(day)
        .values("member__regency__province", "member__regency__province__name")
        .annotate(n=Count("member", distinct=True))
        .order_by("-n", "member__regency__province__name")
    )
    return [
        (r["member__regency__province"], r["member__regency__province__name"], r["n"]) for r in rows
    ]
