"""Set-based generation of a year's dues invoices: one INSERT ... SELECT.

Why not bulk_create: SQLite limits a statement to 999 parameters, so Django splits a
bulk_create of invoices into inserts of ~60 rows and the query count grows with the
number of members. Here the database computes the rows in one statement, so 514 members
cost the same handful of queries as 5.

The members to bill (and the month each joined) come from an ORM query; the statement
around it is plain SQL that PostgreSQL and SQLite both run (CASE, ||, CAST, ROW_NUMBER
and LPAD, which Django provides on SQLite). Money is never computed in SQL: the few
possible amounts (member class x months billed) are computed in Python with Decimal and
passed as parameters in the amount column's form (integer sen on SQLite, ADR 0021).
Called only from ``services.generate_invoices`` with the year's invoice sequence locked.
"""

from __future__ import annotations

import calendar
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection, models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from akkopsi.accounts.models import User
from akkopsi.dues.choices import EntryKind, InvoiceKind, Prorate, SequenceKind
from akkopsi.dues.due import invoice_due_on
from akkopsi.dues.models import DuesSchedule, Invoice, LedgerEntry
from akkopsi.members.models import Member, MembershipPeriod

CENT = Decimal("0.01")
JOIN_MONTHS = range(13)  # 0: a member since before the year began; 1-12: joined that month


def prorated(amount: Decimal, months: int) -> Decimal:
    """The yearly ``amount`` for ``months`` months, rounded half up to the sen."""
    return (amount * months / 12).quantize(CENT, rounding=ROUND_HALF_UP)


def months_billed(join_month: int, prorate: str) -> int:
    if join_month == 0 or prorate == Prorate.NONE:
        return 12
    return 13 - join_month


def due_date(schedule: DuesSchedule, join_month: int) -> date:
    """The schedule's due date; a member joining later has until the end of the next month.
    The invoice's due date is this one or the grace period after issue (``due.invoice_due_on``)."""
    if join_month == 0:
        return schedule.due_on
    year, month = schedule.year, join_month + 1
    if month == 13:
        year, month = year + 1, 1
    return max(schedule.due_on, date(year, month, calendar.monthrange(year, month)[1]))


def _plus_days(sql: str, days: int) -> str:
    """The date ``sql`` plus ``days`` days, as a date, in PostgreSQL or SQLite."""
    if connection.vendor == "sqlite":
        return f"DATE({sql}, '+{int(days)} days')"
    return f"({sql} + {int(days)})"


def candidates(year: int) -> Any:
    """Members with a live membership period in ``year`` and no live dues invoice for it,
    with ``v_start`` (start of their first period in the year) and ``v_join_month``."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    periods = (
        MembershipPeriod.objects.live()
        .filter(member=OuterRef("pk"), joined_on__lte=last)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=first))
        .order_by("joined_on")
    )
    join_month = periods.annotate(
        month=Case(
            When(joined_on__lt=first, then=Value(0)),
            default=ExtractMonth("joined_on"),
            output_field=models.IntegerField(),
        )
    ).values("month")[:1]
    billed = Invoice.objects.filter(
        member=OuterRef("pk"), year=year, kind=InvoiceKind.DUES, voided_at__isnull=True
    )
    return (
        Member.objects.filter(Exists(periods))
        .filter(~Exists(billed))
        .annotate(
            v_start=Subquery(periods.values("joined_on")[:1]),
            v_join_month=Subquery(join_month, output_field=models.IntegerField()),
        )
    )


def planned_total(schedule: DuesSchedule) -> tuple[int, Decimal]:
    """How many invoices :func:`insert_dues_invoices` would create now, and their total:
    the same candidates and amounts, counted by member class and join month (one query)."""
    amounts = {line.member_class: line.amount for line in schedule.lines.all()}
    groups = (
        candidates(schedule.year)
        .order_by()
        .values("regency__kind", "v_join_month")
        .annotate(n=Count("pk"))
    )
    count, total = 0, Decimal(0)
    for g in groups:
        amount = amounts.get(g["regency__kind"], Decimal(0))
        count += g["n"]
        total += g["n"] * prorated(amount, months_billed(g["v_join_month"], schedule.prorate))
    return count, total


def _case(conditions: list[str], pairs: list[tuple[list[Any], Any]]) -> tuple[str, list[Any]]:
    """CASE WHEN <conditions> THEN %s ... END; each pair is (condition values, result)."""
    sql, params = ["CASE"], []
    for values, result in pairs:
        sql.append("WHEN " + " AND ".join(conditions) + " THEN %s")
        params += [*values, result]
    sql.append("END")
    return " ".join(sql), params


INVOICE_COLUMNS = [
    "number",
    "sequence_no",
    "year",
    "member_id",
    "kind",
    "schedule_id",
    "description",
    "amount",
    "months",
    "issued_on",
    "due_on",
    "created_by_id",
    "created_at",
    "updated_at",
    "void_reason",
]


def _per_join_month(schedule: DuesSchedule, issued_on: date) -> list[tuple[str, list[Any]]]:
    """CASE expressions on the member's kind and join month: amount, months billed, due date."""
    ops = connection.ops
    amounts = {line.member_class: line.amount for line in schedule.lines.all()}
    money = Invoice._meta.get_field("amount")  # in the column's form (sen on SQLite)
    amount = _case(
        ["c.v_kind = %s", "c.v_join_month = %s"],
        [
            (
                [member_class, j],
                money.get_db_prep_save(
                    prorated(amount, months_billed(j, schedule.prorate)), connection
                ),
            )
            for member_class, amount in amounts.items()
            for j in JOIN_MONTHS
        ],
    )
    months = _case(
        ["c.v_join_month = %s"], [([j], months_billed(j, schedule.prorate)) for j in JOIN_MONTHS]
    )
    # The due date is due.invoice_due_on(base, issued, grace): max(base, issued + grace). The
    # base (per join month) and run day + grace are worked out here in Python with that same
    # function; only a member whose period starts after the run day (issued on that start)
    # needs its start + grace in SQL. Tests compare every row with the Python rule.
    grace = schedule.grace_days
    due = _case(
        ["c.v_join_month = %s"],
        [
            (
                [j],
                ops.adapt_datefield_value(invoice_due_on(due_date(schedule, j), issued_on, grace)),
            )
            for j in JOIN_MONTHS
        ],
    )
    return [amount, months, due]


def _invoice_statement(*, amount: str, months: str, due: str, late: str, inner: str) -> str:
    qn = connection.ops.quote_name
    return f"""
        INSERT INTO {qn(Invoice._meta.db_table)} ({", ".join(qn(c) for c in INVOICE_COLUMNS)})
        SELECT %s || LPAD(CAST(d.seq AS TEXT), %s, '0'), d.seq, %s, d.member_id, %s, %s, '',
               d.amount, d.months, d.issued,
               CASE WHEN d.late > d.due THEN d.late ELSE d.due END,
               %s, %s, %s, ''
        FROM (
            SELECT c.v_member AS member_id,
                   ROW_NUMBER() OVER (ORDER BY c.v_code) + %s AS seq,
                   {amount} AS amount,
                   {months} AS months,
                   CASE WHEN c.v_start > %s THEN c.v_start ELSE %s END AS issued,
                   {due} AS due,
                   CASE WHEN c.v_start > %s THEN {late} ELSE %s END AS late
            FROM ({inner}) AS c
        ) AS d
        ORDER BY d.seq
    """


def insert_dues_invoices(
    *, schedule: DuesSchedule, issued_on: date, start_after: int, by: User | None
) -> int:
    """Insert the missing dues invoices of ``schedule.year`` numbered after ``start_after``,
    and their ledger entries. Returns how many invoices were created."""
    year = schedule.year
    members = candidates(year)
    count = members.count()
    if not count:
        return 0
    ops = connection.ops
    width = max(4, len(str(start_after + count)))
    now = ops.adapt_datetimefield_value(timezone.now())
    by_id = by.pk if by is not None else None
    inner_sql, inner_params = (
        members.order_by()
        .annotate(v_member=F("pk"), v_code=F("regency_id"), v_kind=F("regency__kind"))
        .values("v_member", "v_code", "v_kind", "v_start", "v_join_month")
        .query.sql_with_params()
    )
    (amount_sql, amount_params), (months_sql, months_params), (due_sql, due_params) = (
        _per_join_month(schedule, issued_on)
    )
    late_sql = _plus_days("c.v_start", schedule.grace_days)
    statement = _invoice_statement(
        amount=amount_sql, months=months_sql, due=due_sql, late=late_sql, inner=inner_sql
    )
    run_day = ops.adapt_datefield_value(issued_on)
    head = [f"{SequenceKind.INVOICE}/{year}/", width, year, InvoiceKind.DUES, schedule.pk]
    params = [
        *head,
        *(by_id, now, now, start_after),
        *amount_params,
        *months_params,
        *(run_day, run_day),
        *due_params,
        *(run_day, run_day),
        *inner_params,
    ]
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        created = int(cursor.rowcount)
    _insert_entries(year=year, start_after=start_after, by_id=by_id, now=now)
    return created


def _insert_entries(*, year: int, start_after: int, by_id: int | None, now: Any) -> None:
    """One ledger entry per new invoice, dated its day of issue (INSERT ... SELECT)."""
    qn = connection.ops.quote_name
    invoices, params = (
        Invoice.objects.filter(year=year, kind=InvoiceKind.DUES, sequence_no__gt=start_after)
        .order_by()
        .annotate(
            e_member=F("member_id"), e_invoice=F("pk"), e_amount=F("amount"), e_date=F("issued_on")
        )
        .values("e_member", "e_invoice", "e_amount", "e_date")
        .query.sql_with_params()
    )
    columns = [
        "member_id",
        "invoice_id",
        "amount",
        "entry_date",
        "kind",
        "memo",
        "created_at",
        "created_by_id",
    ]
    statement = f"""
        INSERT INTO {qn(LedgerEntry._meta.db_table)} ({", ".join(qn(c) for c in columns)})
        SELECT i.e_member, i.e_invoice, i.e_amount, i.e_date, %s, '', %s, %s
        FROM ({invoices}) AS i
    """
    with connection.cursor() as cursor:
        cursor.execute(statement, [EntryKind.INVOICE, now, by_id, *params])
