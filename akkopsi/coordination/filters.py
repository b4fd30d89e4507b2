"""FilterSets of coordination: each serves a list page and the API list of the same records."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from akkopsi.coordination.models import (
    ActionItem,
    AdvocacyVisit,
    Meeting,
    MeetingKind,
    ProgrammeActivity,
    Summit,
    WorkingGroup,
    WorkingGroupScope,
)
from akkopsi.coordination.models.meetings import OPEN_STATUSES
from akkopsi.core.dates import today


class YearFilter(django_filters.NumberFilter):
    """A calendar year (whole number, at most four digits)."""

    field_class = forms.IntegerField


class MeetingFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=MeetingKind.choices, label=_("Kind"), empty_label=_("all")
    )

    class Meta:
        model = Meeting
        fields = ["kind"]


class ActionFilter(django_filters.FilterSet):
    """``?overdue=1``: open and past due today; ``?open=1``: open (any non-empty value)."""

    overdue = django_filters.CharFilter(label=_("Overdue only"), method="filter_overdue")
    open = django_filters.CharFilter(label=_("Open actions"), method="filter_open")

    class Meta:
        model = ActionItem
        fields = ["overdue", "open"]

    def filter_overdue(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(status__in=OPEN_STATUSES, due_on__lt=today())

    def filter_open(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(status__in=OPEN_STATUSES)


class ActivityFilter(django_filters.FilterSet):
    year = YearFilter(field_name="year", label=_("Year"), min_value=1, max_value=9999)

    class Meta:
        model = ProgrammeActivity
        fields = ["year", "division"]


class SummitFilter(django_filters.FilterSet):
    year = YearFilter(field_name="year", label=_("Year"), min_value=1, max_value=9999)

    class Meta:
        model = Summit
        fields = ["year"]


class WorkingGroupFilter(django_filters.FilterSet):
    scope = django_filters.ChoiceFilter(choices=WorkingGroupScope.choices, empty_label=_("all"))

    class Meta:
        model = WorkingGroup
        fields = ["scope"]


class AdvocacyFilter(django_filters.FilterSet):
    institution = django_filters.CharFilter(lookup_expr="icontains")
    year = YearFilter(field_name="visited_on__year", label=_("Year"), min_value=1, max_value=9999)

    class Meta:
        model = AdvocacyVisit
        fields = ["institution", "year"]
