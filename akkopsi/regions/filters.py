"""FilterSets of the region registry (the API lists; the portal's province pages read whole
provinces)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from akkopsi.regions.models import Regency, RegencyKind


class RegencyFilter(django_filters.FilterSet):
    province = django_filters.CharFilter(field_name="province_id")
    kind = django_filters.ChoiceFilter(choices=RegencyKind.choices)
    q = django_filters.CharFilter(method="search", label=_("Search by name or code"))

    class Meta:
        model = Regency
        fields = ["province", "kind", "q"]

    def search(self, queryset: Any, name: str, value: str) -> Any:
        return queryset.search(value)
