"""One FilterSet for the member list page and the members API (same parameters, same results)."""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from akkopsi.core.dates import today
from akkopsi.members.models import Member, MemberQuerySet
from akkopsi.regions.models import Province, RegencyKind


def name_words(text: str) -> list[str]:
    """The words of a kabupaten/kota name typed in a search, without "kabupaten", "kab."
    and "kota" (the kind is not part of the registered name)."""
    return text.lower().replace("kabupaten", "").replace("kab.", "").replace("kota", "").split()


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search name or code"), method="filter_q")
    province = django_filters.ModelChoiceFilter(
        field_name="regency__province",
        queryset=Province.objects.all(),
        label=_("Province"),
        empty_label=_("All provinces"),
    )
    kind = django_filters.ChoiceFilter(
        field_name="regency__kind",
        choices=RegencyKind.choices,
        label=_("Kind"),
        empty_label=_("Kabupaten and kota"),
    )
    active_on = django_filters.DateFilter(
        label=_("Status on date"),
        method="filter_noop",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        method="filter_noop",
        empty_label=None,
        choices=[
            ("active", _("Members on that date")),
            ("inactive", _("Not members on that date")),
            ("all", _("All ever registered")),
        ],
    )

    class Meta:
        model = Member
        fields = ["q", "province", "kind", "active_on", "status"]

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        if value.isdigit():
            return queryset.filter(
                Q(regency__code__startswith=value) | Q(membership_number__icontains=value)
            )
        for word in name_words(value):
            queryset = queryset.filter(regency__name__icontains=word)
        lowered = value.lower()
        if lowered.startswith("kota"):
            queryset = queryset.filter(regency__kind=RegencyKind.KOTA)
        elif lowered.startswith("kab"):
            queryset = queryset.filter(regency__kind=RegencyKind.KABUPATEN)
        return queryset

    def filter_noop(self, queryset: QuerySet, name: str, value: Any) -> QuerySet:
        return queryset  # applied together in filter_queryset

    @property
    def day(self) -> date:
        cleaned = getattr(self.form, "cleaned_data", {}) or {}
        return cleaned.get("active_on") or today()

    @property
    def status_value(self) -> str:
        cleaned = getattr(self.form, "cleaned_data", {}) or {}
        return cleaned.get("status") or ("active" if cleaned.get("active_on") else "all")

    def filter_queryset(self, queryset: MemberQuerySet) -> MemberQuerySet:
        queryset = super().filter_queryset(queryset)
        day = self.day
        status = self.status_value
        if status == "active":
            queryset = queryset.active_on(day)
        elif status == "inactive":
            queryset = queryset.inactive_on(day)
        return queryset.with_status(day)
