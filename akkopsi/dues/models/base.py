"""Money fields and helpers shared by the dues models."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Subquery, Sum, Value
from django.db.models.functions import Coalesce, Round

MONEY: dict[str, Any] = {"max_digits": 20, "decimal_places": 2}
ZERO = Decimal("0.00")
#: SQLite keeps sen amounts as REAL, so SQL comparisons of sums allow half a sen.
HALF_SEN = Decimal("0.005")


def money_field(verbose_name: Any, **kwargs: Any) -> models.DecimalField:
    return models.DecimalField(verbose_name, **MONEY, **kwargs)


def money_sum(queryset: models.QuerySet, group: str) -> Round:
    """SUM(amount) of ``queryset`` grouped by ``group`` (0 when none) as a correlated
    subquery, rounded to the sen: on SQLite sums of sen amounts are floats, and Django
    does not quantize computed decimals there (PostgreSQL sums exact numerics)."""
    money = models.DecimalField(**MONEY)
    total = Coalesce(
        Subquery(
            queryset.order_by().values(group).annotate(total=Sum("amount")).values("total")[:1]
        ),
        Value(ZERO),
        output_field=money,
    )
    return Round(total, 2, output_field=money)


def document_number(kind: str, year: int, number: int) -> str:
    """INV/2015/0001, KWT/2015/0001."""
    return f"{kind}/{year}/{number:04d}"
