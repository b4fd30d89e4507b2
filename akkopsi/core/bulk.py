"""Set-based inserts with history, for imports of tens of thousands of rows.

Django's ``bulk_create`` prepares every field of every row in Python and builds one large
statement per batch; with django-simple-history that happens twice (rows, then history
rows). Here each table gets one ``executemany`` (the database driver loops in C, psycopg
pipelines it), values that are the same for every row (timestamps, user, batch) are
prepared once, and the new primary keys are read back with one query on a marker column.
So an insert costs three statements per table whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection, models, transaction
from django.db.backends.utils import CursorWrapper
from django.db.models.options import Options
from django.utils import timezone

from akkopsi.core.fields import MoneyField

if TYPE_CHECKING:
    Field = models.Field[Any, Any]

M = TypeVar("M", bound=models.Model)


def _field(meta: Options[Any], name: str) -> Field:
    field = meta.get_field(name)
    assert isinstance(field, models.Field), f"{name} is not a concrete field"
    return field


def _prep(field: Field, value: Any) -> Any:
    if isinstance(value, models.Model):
        value = value.pk
    return field.get_db_prep_save(value, connection)


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(connection.ops.quote_name(n) for n in names)


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    placeholders = ", ".join(["%s"] * len(columns))
    return f"INSERT INTO {connection.ops.quote_name(table)} ({_quoted(columns)}) VALUES ({placeholders})"


def _money_to_db(fields: Sequence[Field], rows: Sequence[Sequence[Any]]) -> Sequence[Sequence[Any]]:
    """Decimal rupiah -> the column's form (integer sen on SQLite, ADR 0021)."""
    money = [i for i, f in enumerate(fields) if isinstance(f, MoneyField)]
    if not money:
        return rows
    return [
        tuple(
            fields[i].get_db_prep_save(v, connection) if i in money else v for i, v in enumerate(r)
        )
        for r in rows
    ]


def _new_ids(
    cursor: CursorWrapper, meta: Options[Any], marker: tuple[Field, Any], key: Sequence[Field]
) -> dict[tuple[Any, ...], Any]:
    """The primary keys of the rows just inserted (those carrying the marker), by their key."""
    assert meta.pk is not None
    marker_field, marker_value = marker
    cursor.execute(
        f"SELECT {_quoted([meta.pk.column, *(f.column for f in key)])} "
        f"FROM {connection.ops.quote_name(meta.db_table)} "
        f"WHERE {connection.ops.quote_name(marker_field.column)} = %s",
        [marker_value],
    )
    return {tuple(r[1:]): r[0] for r in cursor.fetchall()}


def _history_constants(
    hmeta: Options[Any], constants: dict[Field, Any], user: AbstractBaseUser | None, reason: str
) -> dict[Field, Any]:
    """The history row's values that are the same for every row."""
    return {
        _field(hmeta, "history_date"): _prep(_field(hmeta, "history_date"), timezone.now()),
        _field(hmeta, "history_type"): "+",
        _field(hmeta, "history_change_reason"): reason,
        _field(hmeta, "history_user"): getattr(user, "pk", None),
        **{_field(hmeta, f.name): value for f, value in constants.items()},
    }


def insert_with_history(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    constants: dict[str, Any],
    marker: str,
    key: Sequence[str],
    user: AbstractBaseUser | None,
    reason: str,
) -> int:
    """Insert ``rows`` (values for ``columns``, already in database form: ints, str; money as
    Decimal rupiah, converted here)
    plus ``constants`` (field name -> Python value, same for every row), then one history
    row each. ``marker`` names a constant that identifies exactly these new rows (e.g. the
    import batch) and ``key`` the columns that tell them apart, to read back their ids."""
    if not rows:
        return 0
    meta = model._meta
    const_fields = {_field(meta, n): _prep(_field(meta, n), v) for n, v in constants.items()}
    row_fields = [_field(meta, c) for c in columns]
    rows = _money_to_db(row_fields, rows)
    names = [f.column for f in row_fields] + [f.column for f in const_fields]
    const_values = tuple(const_fields.values())
    assert meta.pk is not None
    with connection.cursor() as cursor:
        cursor.executemany(_insert_sql(meta.db_table, names), [(*r, *const_values) for r in rows])
        marker_field = _field(meta, marker)
        key_fields = [_field(meta, k) for k in key]
        ids = _new_ids(cursor, meta, (marker_field, const_fields[marker_field]), key_fields)
        key_index = [list(columns).index(k) for k in key]
        hmeta = model.history.model._meta  # type: ignore[attr-defined]
        h_const = _history_constants(hmeta, const_fields, user, reason)
        h_names = [meta.pk.column, *(_field(hmeta, c).column for c in columns)]
        h_names += [f.column for f in h_const]
        h_values = tuple(h_const.values())
        cursor.executemany(
            _insert_sql(hmeta.db_table, h_names),
            [(ids[tuple(r[i] for i in key_index)], *r, *h_values) for r in rows],
        )
    return len(rows)


#: The history model's own columns, filled here (``history_id`` by the database).
_HISTORY_OWN = {
    "history_id",
    "history_date",
    "history_type",
    "history_change_reason",
    "history_user",
}


def history_create(
    objs: Sequence[models.Model],
    model: type[models.Model],
    *,
    update: bool = False,
    default_user: AbstractBaseUser | None = None,
    default_change_reason: str | None = "",
    default_date: Any = None,
) -> int:
    """One history row per object of ``objs`` (saved already), as django-simple-history's
    ``bulk_history_create`` writes them (history type ``+``, or ``~`` with ``update``; the
    user and change reason an object carries, else the defaults), in one ``executemany``
    instead of a history model instance and a ``bulk_create`` per row. The rows of one call
    share their ``history_date`` (``default_date``, else now), unless an object carries its
    own. Returns the number of rows."""
    if not objs or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return 0
    hmodel = model.history.model  # type: ignore[attr-defined]
    hmeta = hmodel._meta
    tracked = [_field(hmeta, f.name) for f in hmodel.tracked_fields]
    own = [f for f in hmeta.concrete_fields if f.name in _HISTORY_OWN - {"history_id"}]
    extra = {f.name for f in hmeta.concrete_fields} - {f.name for f in tracked} - _HISTORY_OWN
    assert not extra, f"{hmeta.label}: history fields this insert does not fill: {extra}"
    date_field = _field(hmeta, "history_date")
    user_field = _field(hmeta, "history_user")
    now = _prep(date_field, default_date or timezone.now())
    kind = "~" if update else "+"
    rows = []
    for obj in objs:
        user = getattr(obj, "_history_user", default_user or hmodel.get_default_history_user(obj))
        values = {
            "history_date": (
                _prep(date_field, obj._history_date) if hasattr(obj, "_history_date") else now
            ),
            "history_type": kind,
            "history_change_reason": getattr(obj, "_change_reason", None) or default_change_reason,
            "history_user": _prep(user_field, user),
        }
        rows.append(
            (
                *(f.get_db_prep_save(getattr(obj, f.attname), connection) for f in tracked),
                *(values[f.name] for f in own),
            )
        )
    names = [f.column for f in tracked] + [f.column for f in own]
    with connection.cursor() as cursor:
        cursor.executemany(_insert_sql(hmeta.db_table, names), rows)
    return len(rows)


def bulk_create_with_history(
    objs: Sequence[M],
    model: type[M],
    batch_size: int | None = None,
    *,
    default_user: AbstractBaseUser | None = None,
    default_change_reason: str | None = None,
    default_date: Any = None,
) -> list[M]:
    """django-simple-history's ``bulk_create_with_history`` (same rows, same history rows)
    with the history written by :func:`history_create`: the rows by ``bulk_create``, which
    sets their primary keys on SQLite and PostgreSQL, then one ``executemany`` for the
    history (a third of the demo load's time went to building history model instances and
    their ``INSERT`` statement)."""
    with transaction.atomic(savepoint=False):
        created = model._default_manager.bulk_create(objs, batch_size=batch_size)
        assert all(o.pk is not None for o in created), "the database returned no primary keys"
        history_create(
            created,
            model,
            default_user=default_user,
            default_change_reason=default_change_reason,
            default_date=default_date,
        )
    return created
