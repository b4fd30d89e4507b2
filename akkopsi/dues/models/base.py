"""Money fields and helpers shared by the dues models."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from akkopsi.core.fields import MONEY_DIGITS, MONEY_PLACES, MoneyField

MONEY: dict[str, Any] = {"max_digits": MONEY_DIGITS, "decimal_places": MONEY_PLACES}
ZERO = Decimal("0.00")
#: Amounts and their sums are exact on every database (ADR 0021); comparisons of a balance
#: with "less than half a sen" read as "zero or less" and keep working if sen ever split.
HALF_SEN = Decimal("0.005")


def money_field(verbose_name: Any, **kwargs: Any) -> MoneyField:
    return MoneyField(verbose_name, **kwargs)


def money_sum(queryset: models.QuerySet, group: str) -> Coalesce:
    """SUM(amount) of ``queryset`` grouped by ``group`` (0 when none) as a correlated
    subquery: exact on every database (integer sen on SQLite, NUMERIC on PostgreSQL)."""
    money = MoneyField()
    return Coalesce(
        Subquery(
            queryset.order_by().values(group).annotate(total=Sum("amount")).values("total")[:1],
            output_field=money,
        ),
        Value(ZERO, output_field=money),
        output_field=money,
    )


def document_number(kind: str, year: int, number: int) -> str:
    """INV/2015/0001, KWT/2015/0001 (``akkopsi.core.numbering.formatted``)."""
    from akkopsi.core.numbering import formatted

    return formatted(kind, year, number)


def amount_positive() -> models.CheckConstraint:
    """The constraint every dues document with an ``amount`` carries."""
    return models.CheckConstraint(
        condition=Q(amount__gt=0),
        name="%(app_label)s_%(class)s_amount_positive",
        violation_error_message=_("The amount must be more than zero."),
    )
