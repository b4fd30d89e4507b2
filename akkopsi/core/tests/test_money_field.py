"""Money round-trips exactly on the running database (SQLite by default; PostgreSQL with
DATABASE_URL): single values over the whole range, sums of many large values, the amounts
of issue 15, and a clear error beyond the range (ADR 0021)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import FieldError, ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Sum, Value
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from akkopsi.core.fields import MONEY_MAX, MoneyField, rupiah_to_sen
from akkopsi.data.choices import FundingSource, Stage, SubSector
from akkopsi.data.models import BudgetLine

pytestmark = pytest.mark.django_db

ISSUE_AMOUNT = Decimal("12345678901234.56")  # Rp12.345.678.901.234,56 read back as ...234,60
HYPOTHESIS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
full_range = st.decimals(min_value=Decimal("0.00"), max_value=MONEY_MAX, places=2)
trillions = st.decimals(
    min_value=Decimal("10000000000000.00"), max_value=Decimal("99999999999999.99"), places=2
)


def line(member: Any, amount: Decimal, year: int = 2020) -> BudgetLine:
    return BudgetLine(
        member=member,
        year=year,
        subsector=SubSector.AIR_LIMBAH,
        source=FundingSource.APBD_KABKOTA,
        stage=Stage.REALISED,
        amount=amount,
    )


def lines(member: Any, amounts: list[Decimal]) -> list[BudgetLine]:
    return BudgetLine.objects.bulk_create(
        [line(member, a, 1900 + i) for i, a in enumerate(amounts)]
    )


@pytest.fixture
def member(members: dict[str, Any]) -> Any:
    return members["6474"]


def test_the_amount_of_the_issue_reads_back_to_the_sen(member: Any) -> None:
    row = line(member, ISSUE_AMOUNT)
    row.save()
    row.refresh_from_db()
    assert row.amount == ISSUE_AMOUNT
    assert str(row.amount) == "12345678901234.56"
    assert BudgetLine.objects.values_list("amount", flat=True).get() == ISSUE_AMOUNT
    assert BudgetLine.objects.filter(amount=ISSUE_AMOUNT).count() == 1
    assert BudgetLine.objects.filter(amount__gt=ISSUE_AMOUNT - Decimal("0.01")).count() == 1
    assert BudgetLine.objects.filter(amount__gt=ISSUE_AMOUNT).count() == 0
    lines(member, [ISSUE_AMOUNT, Decimal("0.01")])
    assert BudgetLine.objects.aggregate(s=Sum("amount"))["s"] == 2 * ISSUE_AMOUNT + Decimal("0.01")


@HYPOTHESIS
@given(amount=full_range)
def test_every_amount_of_the_range_round_trips(member: Any, amount: Decimal) -> None:
    with transaction.atomic():
        row = line(member, amount)
        row.save()
        row.refresh_from_db()
        assert row.amount == amount
        assert row.amount.as_tuple().exponent == -2  # always two decimals, as it was given
        assert BudgetLine.objects.filter(pk=row.pk, amount=amount).exists()
        BudgetLine.objects.filter(pk=row.pk).update(amount=amount)  # the SQL UPDATE path
        assert BudgetLine.objects.values_list("amount", flat=True).get(pk=row.pk) == amount
        transaction.set_rollback(True)


@HYPOTHESIS
@given(
    full=st.lists(full_range, min_size=1, max_size=9),
    many=st.lists(trillions, min_size=1, max_size=200),
)
def test_sums_in_sql_equal_decimal_sums(
    member: Any, full: list[Decimal], many: list[Decimal]
) -> None:
    """Nine amounts anywhere in the range (their sum still fits 64 bits of sen) and up to
    200 amounts of tens of trillions with sen: SUM, MIN, MAX in SQL agree with Python."""
    for amounts in (full, many):
        with transaction.atomic():
            lines(member, amounts)
            agg = BudgetLine.objects.aggregate(s=Sum("amount"))
            assert agg["s"] == sum(amounts, Decimal("0.00"))
            by_member = BudgetLine.objects.values("member").annotate(s=Sum("amount")).get()
            assert by_member["s"] == sum(amounts, Decimal("0.00"))
            transaction.set_rollback(True)


@pytest.mark.parametrize("amount", [MONEY_MAX + Decimal("0.01"), Decimal("1e18")])
def test_an_amount_beyond_the_range_is_refused_with_a_clear_error(
    member: Any, amount: Decimal
) -> None:
    row = line(member, MONEY_MAX)
    row.save()
    row.refresh_from_db()
    assert row.amount == MONEY_MAX  # the largest amount itself is kept exactly
    row.amount = amount
    with pytest.raises(ValidationError) as error, transaction.atomic():
        row.save()
    message = " ".join(error.value.messages)
    assert str(BudgetLine._meta.get_field("amount").verbose_name) in message
    assert "Rp9.999.999.999.999.999,99" in message
    row.refresh_from_db()
    assert row.amount == MONEY_MAX  # nothing rounded, nothing written


def test_sen_beyond_two_decimals_round_half_up_on_every_database(member: Any) -> None:
    row = line(member, Decimal("1000.005"))
    row.save()
    row.refresh_from_db()
    assert row.amount == Decimal("1000.01")


def test_money_arithmetic_in_sql_stays_money(member: Any) -> None:
    lines(member, [ISSUE_AMOUNT, Decimal("0.07")])
    rows = BudgetLine.objects.annotate(
        twice=F("amount") + F("amount"),
        tripled=3 * F("amount"),
        negated=-F("amount"),
        plus_one=F("amount") + Value(Decimal("1.00"), output_field=MoneyField()),
    ).order_by("year")
    first, second = rows
    assert first.twice == 2 * ISSUE_AMOUNT and first.tripled == 3 * ISSUE_AMOUNT
    assert first.negated == -ISSUE_AMOUNT and first.plus_one == ISSUE_AMOUNT + 1
    assert second.twice == Decimal("0.14") and second.negated == Decimal("-0.07")
    # a lookup against a fraction of a sen compares in the column's unit
    assert BudgetLine.objects.filter(amount__gt=Decimal("0.065")).count() == 2
    assert BudgetLine.objects.filter(amount__lt=Decimal("0.075")).count() == 1


@pytest.mark.parametrize(
    "expression",
    [
        lambda: F("amount") - Decimal("0.005"),
        lambda: F("amount") + 1,
        lambda: F("amount") / 12,
        lambda: 100 * F("amount") / F("amount"),
        lambda: F("amount") * Decimal("1.5"),
    ],
)
def test_money_mixed_with_what_is_not_money_is_refused(member: Any, expression: Any) -> None:
    """Such a mix would compute in sen on SQLite and in rupiah on PostgreSQL."""
    lines(member, [Decimal("10.00")])
    with pytest.raises(FieldError, match="not money"):
        list(BudgetLine.objects.annotate(x=expression()).values_list("x"))


def test_a_sum_beyond_64_bits_of_sen_is_an_error_on_sqlite_and_exact_on_postgresql(
    member: Any,
) -> None:
    amounts = [MONEY_MAX] * 10
    lines(member, amounts)
    if connection.vendor == "sqlite":
        with pytest.raises(DatabaseError, match="overflow"), transaction.atomic():
            BudgetLine.objects.aggregate(s=Sum("amount"))
    else:
        assert BudgetLine.objects.aggregate(s=Sum("amount"))["s"] == 10 * MONEY_MAX


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the conversion runs on SQLite only")
def test_the_migration_converts_stored_rupiah_to_sen_exactly() -> None:
    """What the old DecimalField left in SQLite (REAL, or INTEGER when whole) becomes sen."""
    from django.db import migrations

    class Probe:
        class _meta:
            db_table = "money_conversion_probe"

            @staticmethod
            def get_field(name: str) -> Any:
                return type("F", (), {"column": name})

    class Apps:
        def get_model(self, app_label: str, model_name: str) -> Any:
            return Probe

    class Editor:  # the schema editor as the step uses it (a real one refuses inside a test)
        def __init__(self) -> None:
            self.connection = connection
            self.quote_name = connection.ops.quote_name

        def execute(self, sql: str) -> None:
            with connection.cursor() as c:
                c.execute(sql)

    stored = ["1234.56", "1000", "0.07", "0.1", "99999999999.99", "12345678901234.56", None]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE money_conversion_probe (id integer, amount decimal)")
        cursor.executemany(
            "INSERT INTO money_conversion_probe VALUES (%s, %s)", list(enumerate(stored))
        )
        step = rupiah_to_sen(
            "probe",
            [migrations.AlterField("probe", "amount", MoneyField())],
        )
        step.code(Apps(), Editor())
        cursor.execute("SELECT amount, typeof(amount) FROM money_conversion_probe ORDER BY id")
        got = cursor.fetchall()
        step.reverse_code(Apps(), Editor())
        cursor.execute("SELECT amount FROM money_conversion_probe ORDER BY id")
        back = [r[0] for r in cursor.fetchall()]
        cursor.execute("DROP TABLE money_conversion_probe")
    assert got == [
        (123456, "integer"),
        (100000, "integer"),
        (7, "integer"),
        (10, "integer"),
        (9999999999999, "integer"),
        (1234567890123456, "integer"),  # the issue's amount: its sen are recovered
        (None, "null"),
    ]
    assert [None if b is None else Decimal(str(b)) for b in back] == [
        None if s is None else Decimal(s) for s in stored
    ]
