"""The FilterSets of the award's lists (the nominations and jury scores of the API), so
that a list page added later takes the same parameters and gives the same rows."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from akkopsi.awards.models import JuryScore, Nomination


class NominationFilter(django_filters.FilterSet):
    edition = django_filters.NumberFilter(field_name="edition__year", label=_("Edition"))
    member = django_filters.CharFilter(field_name="member__regency_id", label=_("Member code"))
    eligible = django_filters.BooleanFilter(field_name="eligible", label=_("Eligible"))

    class Meta:
        model = Nomination
        fields = ["edition", "member", "eligible"]


class JuryScoreFilter(django_filters.FilterSet):
    edition = django_filters.NumberFilter(
        field_name="nomination__edition__year", label=_("Edition")
    )
    nomination = django_filters.NumberFilter(field_name="nomination_id", label=_("nomination"))
    criterion = django_filters.NumberFilter(field_name="criterion_id", label=_("Criterion"))

    class Meta:
        model = JuryScore
        fields = ["edition", "nomination", "criterion"]
