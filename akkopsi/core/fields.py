"""MoneyField: rupiah with sen, stored exactly on every supported database (ADR 0021).

PostgreSQL keeps money as NUMERIC(18, 2), exact in columns and in SUM. SQLite has no exact
decimal type: a DecimalField column there has NUMERIC affinity, which stores
12345678901234.56 as a float (Django reads it back to 15 significant digits: ...234,60),
and SUM adds floats. So on SQLite a MoneyField is an INTEGER column of sen: values, SUM, MIN,
MAX, money + money, money - money and money x integer stay 64-bit integers, exact up to
about Rp92 kuadriliun, and SQLite raises "integer overflow" rather than round beyond that.

The unit differs between the two (rupiah on PostgreSQL, sen on SQLite), so a constant mixed
into a money expression in SQL must be money too: ``F("amount") - Decimal("0.005")`` would
subtract 0.005 sen on SQLite. Such mixes raise a FieldError here instead of computing
silently in the wrong unit; compare with lookups (``amount__gt=x`` is converted by the
field) or wrap the constant as ``Value(x, output_field=MoneyField())``. Shares and ratios
(money / money, money / integer) are computed in Python with Decimal.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import FieldError, ValidationError
from django.db import models
from django.db.models.expressions import (  # type: ignore[attr-defined]
    Combinable,
    _connector_combinators,
)
from django.utils.translation import gettext_lazy as _

from akkopsi.core.formatting import format_rupiah

#: Digits of every money column: 16 before the decimal point and 2 of sen. The largest
#: amount in sen (10^18 - 1) fits a signed 64-bit integer with room for sums of nine such
#: amounts, or of 500 members x 15 years x Rp10.000 triliun.
MONEY_DIGITS = 18
MONEY_PLACES = 2
CENT = Decimal("0.01")
MONEY_MAX = Decimal(10**MONEY_DIGITS - 1).scaleb(-MONEY_PLACES)  # 9.999.999.999.999.999,99


def to_sen(value: Decimal) -> int | float:
    """``value`` rupiah in sen: an int when whole sen (stored values always are); a float
    only for a lookup against a fraction of a sen (``balance__gt=Decimal("0.005")``)."""
    sen = value.scaleb(MONEY_PLACES)
    if sen == sen.to_integral_value():
        return int(sen)
    return float(sen)


def from_sen(value: int | float | str | Decimal) -> Decimal:
    """Sen read from SQLite as rupiah with two decimals (a float only comes from SQL
    arithmetic such as AVG, rounded half up to the sen)."""
    if isinstance(value, float):
        return (Decimal(repr(value)).scaleb(-MONEY_PLACES)).quantize(CENT, ROUND_HALF_UP)
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value).scaleb(-MONEY_PLACES).quantize(CENT)
    raise TypeError(
        f"A money expression returned {value!r}: it mixes money with a value that is not "
        "money (wrap constants as Value(x, output_field=MoneyField()))."
    )


class MoneyField(models.DecimalField):
    """Rupiah with sen: NUMERIC(18, 2) on PostgreSQL, INTEGER sen on SQLite; Decimal in Python."""

    description = _("Amount in rupiah")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", MONEY_DIGITS)
        kwargs.setdefault("decimal_places", MONEY_PLACES)
        super().__init__(*args, **kwargs)

    def get_internal_type(self) -> str:
        # Not "DecimalField": SQLite's decimal converter would read the sen as rupiah.
        return "MoneyField"

    def db_type(self, connection: Any) -> str:
        if connection.vendor == "sqlite":
            return "integer"
        return str(connection.data_types["DecimalField"] % self.db_type_parameters(connection))

    def get_db_prep_save(self, value: Any, connection: Any) -> Any:
        """What is saved: to the sen (half up, as PostgreSQL's NUMERIC(18, 2) rounds), and a
        clear error beyond the largest amount instead of an overflow or a rounded float."""
        if hasattr(value, "as_sql"):
            return value
        value = self.to_python(value)
        if value is None:
            return None
        value = value.quantize(CENT, ROUND_HALF_UP)
        if abs(value) > MONEY_MAX:
            raise ValidationError(
                _("%(field)s: %(value)s is more than the largest amount, %(max)s."),
                code="money_range",
                params={
                    "field": self.verbose_name,
                    "value": format_rupiah(value),
                    "max": format_rupiah(MONEY_MAX),
                },
            )
        return self.get_db_prep_value(value, connection, prepared=True)

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if not prepared:
            value = self.get_prep_value(value)
        if value is None or hasattr(value, "as_sql"):
            return value
        value = self.to_python(value)
        if connection.vendor == "sqlite":
            return to_sen(value)
        return connection.ops.adapt_decimalfield_value(value, self.max_digits, self.decimal_places)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Decimal | None:
        if value is None:
            return None
        if connection.vendor == "sqlite":
            return from_sen(value)
        return Decimal(value).quantize(CENT, ROUND_HALF_UP)


class _MixedMoney:
    """Result type of money combined in SQL with what is not money, or divided: refused."""

    def __new__(cls) -> Any:
        raise FieldError(
            "Money combined in SQL with a value that is not money (or divided): the units "
            "differ between databases (sen on SQLite). Use a lookup, "
            "Value(x, output_field=MoneyField()), or compute in Python with Decimal."
        )


def _register() -> None:
    """Money +/- money and money x integer are money; every other mix with money is refused.
    Inserted before Django's own rules, which would see a DecimalField and give a bare one."""
    rules: list[tuple[str, type, type, type]] = []
    for connector in (Combinable.ADD, Combinable.SUB):
        rules.append((connector, MoneyField, MoneyField, MoneyField))
    rules.append((Combinable.MUL, MoneyField, models.IntegerField, MoneyField))
    rules.append((Combinable.MUL, models.IntegerField, MoneyField, MoneyField))
    for connector in (
        Combinable.ADD,
        Combinable.SUB,
        Combinable.MUL,
        Combinable.DIV,
        Combinable.MOD,
        Combinable.POW,
    ):
        rules.append((connector, MoneyField, models.Field, _MixedMoney))
        rules.append((connector, models.Field, MoneyField, _MixedMoney))
    for connector, lhs, rhs, result in reversed(rules):
        _connector_combinators[connector].insert(0, (lhs, rhs, result))


_register()


def rupiah_to_sen(app_label: str, operations: list[Any]) -> Any:
    """The migration step after AlterFields that make columns of ``app_label`` MoneyFields:
    on SQLite it converts the stored rupiah (REAL, or INTEGER when whole) to integer sen in
    SQL, and back on reversal. Nothing to do on PostgreSQL, where the column stays NUMERIC.
    Amounts that SQLite had already rounded to 15 significant digits cannot be recovered.
    Elidable: it only converts existing rows, so the squashed migrations leave it out (a fresh
    database has no rows to convert; ADR 0059)."""
    from django.db import migrations

    columns = [
        (op.model_name, op.name)
        for op in operations
        if isinstance(op, migrations.AlterField) and isinstance(op.field, MoneyField)
    ]

    def convert(template: str) -> Any:
        def run(apps: Any, schema_editor: Any) -> None:
            if schema_editor.connection.vendor != "sqlite":
                return
            qn = schema_editor.quote_name
            for model_name, name in columns:
                model = apps.get_model(app_label, model_name)
                column = qn(model._meta.get_field(name).column)
                expression = template.format(c=column)
                schema_editor.execute(
                    f"UPDATE {qn(model._meta.db_table)} SET {column} = {expression} "
                    f"WHERE {column} IS NOT NULL"
                )

        return run

    return migrations.RunPython(
        convert(
            "CASE WHEN typeof({c}) = 'integer' THEN {c} * 100 "
            "ELSE CAST(ROUND({c} * 100) AS INTEGER) END"
        ),
        convert("{c} / 100.0"),
        elidable=True,
    )
