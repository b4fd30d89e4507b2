"""One FilterSet for the league table page and its API (same parameters, same rows).

The year (``tahun``) chooses the season, not rows: the queryset given is the members of that
year (``league.members_of``). ``memenuhi`` reads the 2 % decision of the season (``ya``,
``tidak``, ``belum``: not decided, missing is not "no").
"""

from __future__ import annotations

import copy
from functools import cached_property
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from akkopsi.data.dashboards import FIRST_YEAR, year_asked
from akkopsi.members.filters import MemberFilter
from akkopsi.members.models import Member
from akkopsi.rapor.league import Season, members_of

MEETS = "ya"
BELOW = "tidak"
UNDECIDED = "belum"


def _by_code(province: Any) -> Any:
    found = copy.deepcopy(province)
    found.extra["to_field_name"] = "code"
    return found


class LeagueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search name or code"), method="filter_q")
    # the member list's filters, the province chosen by its code (shareable: ?provinsi=64)
    provinsi = _by_code(MemberFilter.declared_filters["province"])
    jenis = MemberFilter.declared_filters["kind"]
    tahun = django_filters.NumberFilter(
        label=_("Year"),
        method="filter_year",
        widget=forms.NumberInput(attrs={"min": FIRST_YEAR, "step": 1}),
    )
    memenuhi = django_filters.ChoiceFilter(
        label=_("Meets 2%"),
        method="filter_meets",
        empty_label=_("All"),
        choices=[
            (MEETS, _("Yes")),
            (BELOW, _("No")),
            (UNDECIDED, _("Not reported")),
        ],
    )

    class Meta:
        model = Member
        fields = ["q", "provinsi", "jenis", "tahun", "memenuhi"]

    filter_q = MemberFilter.filter_q

    def __init__(
        self,
        data: Any = None,
        queryset: QuerySet | None = None,
        *,
        request: Any = None,
        prefix: str | None = None,
    ) -> None:
        super().__init__(data, queryset, request=request, prefix=prefix)
        if queryset is None:  # the members of the season's year
            self.queryset = members_of(self.season)

    @cached_property
    def season(self) -> Season:
        """The year asked for (else the latest year with verified data) and its money."""
        return Season.of(year_asked(self.data.get("tahun")))

    def filter_year(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset  # the year is the season: the queryset is already its members

    def filter_meets(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        decisions = self.season.decisions()
        if value == UNDECIDED:
            return queryset.exclude(pk__in=list(decisions))
        wanted = value == MEETS
        return queryset.filter(pk__in=[m for m, d in decisions.items() if d is wanted])
