"""FilterSets of the planning API lists (the pages show one member's plans at a time)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from akkopsi.planning.models import Plan, Scenario


class PlanFilter(django_filters.FilterSet):
    code = django_filters.CharFilter(field_name="member__regency_id", label=_("Member code"))

    class Meta:
        model = Plan
        fields = ["code"]


class ScenarioFilter(django_filters.FilterSet):
    plan = django_filters.NumberFilter(field_name="plan_id", min_value=1)

    class Meta:
        model = Scenario
        fields = ["plan"]
