"""FilterSets of the planning API lists (the pages show one member's plans at a time)."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from akkopsi.planning.models import Plan, Scenario


class IdFilter(django_filters.NumberFilter):
    """A record id: a whole number a database column can hold (else a 400, never a 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**31 - 1)
        super().__init__(*args, **kwargs)


class PlanFilter(django_filters.FilterSet):
    code = django_filters.CharFilter(field_name="member__regency_id", label=_("Member code"))

    class Meta:
        model = Plan
        fields = ["code"]


class ScenarioFilter(django_filters.FilterSet):
    plan = IdFilter(field_name="plan_id")

    class Meta:
        model = Scenario
        fields = ["plan"]
