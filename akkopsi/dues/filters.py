"""The dues FilterSets: invoices (the invoice list page and the invoices API: same parameters,
same rows) and payments (the payments API)."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from akkopsi.dues.choices import InvoiceKind, InvoiceStatus
from akkopsi.dues.models import Invoice, Payment
from akkopsi.members.filters import name_words

MAX_ID = 2**63 - 1  # the largest primary key a database stores


class InvoiceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search member or number"), method="filter_q")
    member = django_filters.CharFilter(
        field_name="member__regency_id", label=_("Member code"), lookup_expr="exact"
    )
    year = django_filters.NumberFilter(field_name="year", label=_("Year"))
    status = django_filters.ChoiceFilter(
        field_name="status",
        choices=InvoiceStatus.choices,
        label=_("Status"),
        empty_label=_("Any status"),
    )
    kind = django_filters.ChoiceFilter(
        field_name="kind", choices=InvoiceKind.choices, label=_("Kind"), empty_label=_("Any kind")
    )

    class Meta:
        model = Invoice
        fields = ["q", "member", "year", "status", "kind"]

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        if value.upper().startswith("INV"):
            return queryset.filter(number__icontains=value)
        if value.isdigit():
            return queryset.filter(member__regency_id__startswith=value)
        for word in name_words(value):
            queryset = queryset.filter(
                Q(member__regency__name__icontains=word) | Q(description__icontains=word)
            )
        return queryset


class PaymentFilter(django_filters.FilterSet):
    invoice = django_filters.CharFilter(label=_("Invoice"), method="filter_invoice")

    class Meta:
        model = Payment
        fields = ["invoice"]

    def filter_invoice(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """The payments of one invoice (a value that is not an id filters nothing)."""
        if not (value.isascii() and value.isdigit()):
            return queryset
        pk = int(value)
        return queryset.filter(invoice_id=pk) if pk <= MAX_ID else queryset.none()
