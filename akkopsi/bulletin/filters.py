"""The FilterSets of the bulletin: the same parameters on the archive page and in the API.

Both start from the rows the caller may see (:mod:`akkopsi.bulletin.access`), so a filter
never reveals a draft.
"""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from akkopsi.bulletin.choices import EditionStatus
from akkopsi.bulletin.models import Article, Edition


class EditionFilter(django_filters.FilterSet):
    """Editions by status (only the secretariat sees more than the published ones)."""

    status = django_filters.ChoiceFilter(choices=EditionStatus.choices, label=_("status"))

    class Meta:
        model = Edition
        fields = ["status"]


class ArticleFilter(django_filters.FilterSet):
    """Articles of one edition: ``?edition=<number>`` (anything but digits finds nothing)."""

    edition = django_filters.CharFilter(label=_("edition"), method="filter_edition")

    class Meta:
        model = Article
        fields = ["edition"]

    def filter_edition(
        self, queryset: QuerySet[Article], name: str, value: str
    ) -> QuerySet[Article]:
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(edition__number=int(value))
