"""The provinces and their kabupaten/kota with the members among them on a day: the region
registry (regions) read together with the membership periods (members)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery

from akkopsi.members.models import MembershipPeriod
from akkopsi.regions.models import Population, Province, Regency


def provinces_with_members(day: date) -> QuerySet[Province]:
    """Every province with its number of kabupaten/kota and of members active on ``day``."""
    active = MembershipPeriod.objects.covering(day).values("member__regency__province")
    return Province.objects.annotate(
        regency_count=Count("regencies", distinct=True),
        member_count=Subquery(
            active.filter(member__regency__province=OuterRef("pk"))
            .annotate(n=Count("member", distinct=True))
            .values("n")[:1]
        ),
    )


def regencies_with_members(province: Province, day: date) -> QuerySet[Regency]:
    """The province's kabupaten/kota: member on ``day`` or not, kecamatan, latest population."""
    latest = Population.objects.filter(regency=OuterRef("pk")).order_by("-year")
    is_member = Exists(
        MembershipPeriod.objects.covering(day).filter(member__regency=OuterRef("pk"))
    )
    return (
        Regency.objects.filter(province=province)
        .annotate(
            is_member=is_member,
            district_count=Count("districts"),
            population=Subquery(latest.values("population")[:1]),
            population_year=Subquery(latest.values("year")[:1]),
        )
        .order_by("code")
    )
