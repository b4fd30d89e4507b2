"""FilterSets of the data cycle: one per list, serving its page and its API endpoint."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from akkopsi.data.models import ApbdTotal, BudgetLine, ImportBatch, IndicatorValue
from akkopsi.members.models import Member


class ScopedFilter(django_filters.FilterSet):
    member = django_filters.CharFilter(field_name="member__regency_id", label=_("Member code"))
    province = django_filters.CharFilter(field_name="member__regency__province_id")
    year = django_filters.NumberFilter()


class ValueFilter(ScopedFilter):
    indicator = django_filters.CharFilter(field_name="indicator__code")

    class Meta:
        model = IndicatorValue
        fields = ["member", "province", "year", "indicator"]


class BudgetFilter(ScopedFilter):
    class Meta:
        model = BudgetLine
        fields = ["member", "province", "year", "subsector", "source", "stage"]


class ApbdFilter(ScopedFilter):
    class Meta:
        model = ApbdTotal
        fields = ["member", "province", "year", "stage"]


class BatchFilter(django_filters.FilterSet):
    """The import records (already scoped by ``access.batches_for``)."""

    member = django_filters.CharFilter(field_name="member__regency_id", label=_("Member code"))

    class Meta:
        model = ImportBatch
        fields = ["member"]


class CycleMemberFilter(django_filters.FilterSet):
    """The members of one reporting year by the status of their data; ``none`` is "nothing
    entered". The queryset carries ``submission_status`` (``queries.members_of_year``)."""

    status = django_filters.CharFilter(method="filter_status", label=_("Status"))

    class Meta:
        model = Member
        fields = ["status"]

    def filter_status(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value == "none":
            return queryset.filter(submission_status__isnull=True)
        return queryset.filter(submission_status=value)
