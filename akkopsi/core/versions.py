"""Data versions: one counter per app, raised after every committed write to its tables (ADR 55).

Cached pages and read models are keyed by the versions of the apps they read
(:func:`current`), so a cache entry is never served after a change: the change raised the
version, and the next request looks under a new key. The counters live in the database
(``core.DataVersion``), so every web process and worker agrees on them.

Writes are seen at the lowest level, whatever made them (a model's ``save``, ``bulk_create``,
a queryset's ``update``, raw SQL, the demo, an import, a task): an execute wrapper on every
database connection notes each INSERT, UPDATE or DELETE on a table of an ``akkopsi`` app and
raises that app's counter once the transaction commits (``transaction.on_commit``; at once
in autocommit mode). Until then the writing connection bypasses the cache for that app
(:func:`current` returns None), so it reads its own uncommitted writes.

One write is narrower (ADR 60): a profile edit of one member (an UPDATE of only its own
profile columns by its id, and the history row added for it) raises ``members`` and that
member's counter (``members/6474``) but not ``members/shared``. The pages of one member
(:func:`member_domains`) read ``members/shared`` and their member's counter instead of
``members``, so another member's profile edit leaves them cached; every other write to the
app raises ``members`` and ``members/shared``.

Order of events and why no reader caches stale data: a reader takes the versions first and
the data second. If it read the data before the writer committed, it stores the old page
under the old version, which the writer's bump then retires; if after, it stores new data
under the old version, which is merely fresh. The writer's own next request starts after
its bump.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any, TypeVar

from django.apps import apps
from django.db import DatabaseError, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

log = logging.getLogger(__name__)

_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?(\w+)', re.IGNORECASE)
VERSION_TABLE = "core_dataversion"
T = TypeVar("T")


@cache
def table_domains() -> dict[str, str]:
    """Table name -> app label, for every table of an ``akkopsi`` app (with history and
    many-to-many tables), except the version table itself."""
    return {
        model._meta.db_table: model._meta.app_label
        for model in apps.get_models(include_auto_created=True)
        if model.__module__.startswith("akkopsi.") and model._meta.db_table != VERSION_TABLE
    }


#: The member pages' narrower dependency (ADR 60): the columns no page of another member shows.
MEMBER_TABLE = "members_member"
MEMBER_HISTORY_TABLE = "members_historicalmember"
MEMBER_OWN_COLUMNS = frozenset(
    {"address", "phone", "email", "website", "pokja_decree", "notes", "updated_at"}
)
MEMBERS = "members"
MEMBERS_SHARED = "members/shared"
_MEMBER_ROW = "members/#"  # noted while writing (the row's id); raised as members/<code>
_SET = re.compile(r'"(\w+)" = %s')
_OWN_UPDATE = re.compile(
    rf'UPDATE "{MEMBER_TABLE}" SET (.+) WHERE "{MEMBER_TABLE}"\."id" = %s', re.DOTALL
)
_HISTORY_INSERT = re.compile(
    rf'INSERT INTO "{MEMBER_HISTORY_TABLE}" \(([^)]*)\) VALUES \(([^)]*)\)'
    r'(?: RETURNING [\w".]+)?',
    re.DOTALL,
)


def _app(domain: str) -> str:
    return domain.split("/", 1)[0]


def _member_row(sql: str, params: Any, many: bool) -> int | None:
    """The id of the one member whose own profile columns ``sql`` writes, else None: an
    UPDATE of only ``MEMBER_OWN_COLUMNS`` of one row by its id, or the single history row
    simple_history adds for it. Any other form of write is shared (provably narrow only)."""
    if many or not isinstance(params, (list, tuple)) or not params:
        return None
    found = _OWN_UPDATE.fullmatch(sql.strip())
    if found is not None:
        sets = found.group(1).split(", ")
        columns = {m.group(1) for m in map(_SET.fullmatch, sets) if m is not None}
        if len(columns) != len(sets) or not columns <= MEMBER_OWN_COLUMNS:
            return None
        if len(params) != len(sets) + 1:
            return None
        pk = params[-1]
    else:
        found = _HISTORY_INSERT.fullmatch(sql.strip())
        if found is None:
            return None
        columns_list = [c.strip().strip('"') for c in found.group(1).split(",")]
        marks = [m.strip() for m in found.group(2).split(",")]
        if len(columns_list) != len(params) or any(m != "%s" for m in marks):
            return None
        if len(marks) != len(columns_list) or "id" not in columns_list:
            return None
        pk = params[columns_list.index("id")]
    return pk if isinstance(pk, int) and not isinstance(pk, bool) else None


def _write_domains(sql: str, params: Any, many: bool, domain: str) -> tuple[str, ...]:
    """The counters a write to ``domain``'s table raises (see ``_member_row``)."""
    if domain != MEMBERS:
        return (domain,)
    pk = _member_row(sql, params, many)
    if pk is None:
        return (MEMBERS, MEMBERS_SHARED)
    return (MEMBERS, f"{_MEMBER_ROW}{pk}")


def _member_codes(names: set[str], using: str) -> set[str]:
    """``members/#<id>`` noted while writing, as the member's ``members/<code>``."""
    ids = {int(n.removeprefix(_MEMBER_ROW)) for n in names if n.startswith(_MEMBER_ROW)}
    if not ids:
        return names
    # the member table is in the same database as the counters (the router sends both)
    table = connections[using].ops.quote_name(MEMBER_TABLE)
    marks = ", ".join(["%s"] * len(ids))
    with connections[using].cursor() as cur:
        cur.execute(f"SELECT regency_id FROM {table} WHERE id IN ({marks})", sorted(ids))
        codes = {f"{MEMBERS}/{row[0]}" for row in cur.fetchall()}
    if len(codes) < len(ids):  # a row gone meanwhile: the shared counter is the safe one
        codes.add(MEMBERS_SHARED)
    return {n for n in names if not n.startswith(_MEMBER_ROW)} | codes


def member_domains(code: str | None) -> tuple[str, ...]:
    """What a page of one member depends on: every app's counter, but for ``members`` only
    the shared writes and those to this member's own row (ADR 60). With no member (``None``):
    a page that shows no member's profile columns at all, which no profile edit changes."""
    names = [d for d in all_domains() if d != MEMBERS]
    own = () if code is None else (f"{MEMBERS}/{code}",)
    return (*names, MEMBERS_SHARED, *own)


class _Bump:
    """The on-commit callback of one transaction: raises the counters of ``domains``."""

    def __init__(self, alias: str, domains: Iterable[str]) -> None:
        self.alias = alias
        self.domains = set(domains)
        self.fired = False  # tests run callbacks without committing (captureOnCommitCallbacks)

    def __call__(self) -> None:
        self.fired = True
        conn = connections[self.alias]
        earlier = _unbumped(conn)
        domains = self.domains | earlier
        earlier.clear()
        bump(domains, using=self.alias)


def bump(domains: Iterable[str], using: str = "default") -> None:
    """Raise the counters of ``domains`` by one (a missing counter starts at 1)."""
    wanted = set(domains)
    if not wanted:
        return
    try:
        # a savepoint: on PostgreSQL a failed statement would spoil the caller's transaction
        with transaction.atomic(using=using), connections[using].cursor() as cur:
            names = sorted(_member_codes(wanted, using))
            marks = ", ".join(["%s"] * len(names))
            cur.execute(
                f"UPDATE {VERSION_TABLE} SET version = version + 1 WHERE domain IN ({marks})",
                names,
            )
            if cur.rowcount < len(names):  # a first write: make the rows, then raise all
                from akkopsi.core.models import DataVersion

                DataVersion.objects.using(using).bulk_create(
                    [DataVersion(domain=d, version=0) for d in names], ignore_conflicts=True
                )
                cur.execute(
                    f"UPDATE {VERSION_TABLE} SET version = version + 1 WHERE domain IN ({marks})",
                    names,
                )
    except DatabaseError:  # before the migration that makes the table (migrate itself)
        log.warning("data versions not raised for %s", sorted(wanted), exc_info=True)


def _pending_bump(conn: BaseDatabaseWrapper) -> _Bump | None:
    if not conn.in_atomic_block:
        return None
    for entry in conn.run_on_commit:  # (savepoint ids, callback, robust)
        if isinstance(entry[1], _Bump) and not entry[1].fired:
            return entry[1]
    return None


def _note_write(conn: BaseDatabaseWrapper, domains: tuple[str, ...]) -> None:
    pending = _pending_bump(conn)
    if pending is not None:
        pending.domains.update(domains)
    else:
        transaction.on_commit(_Bump(conn.alias, domains), using=conn.alias)


def _unbumped(conn: BaseDatabaseWrapper) -> set[str]:
    """Apps written in autocommit whose counters are not raised yet (see ``watch_writes``)."""
    found: set[str] | None = getattr(conn, "_akkopsi_unbumped", None)
    if found is None:
        found = set()
        conn._akkopsi_unbumped = found  # type: ignore[attr-defined]
    return found


def flush(conn: BaseDatabaseWrapper) -> None:
    """Raise the counters of the apps this connection wrote in autocommit, unless a
    transaction is open (its own commit raises them, see ``_Bump``)."""
    pending = _unbumped(conn)
    if pending and not conn.in_atomic_block:
        names = set(pending)
        pending.clear()
        bump(names, using=conn.alias)


def watch_writes(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    """Execute wrapper: after a write to an app's table, note that app's version to raise.

    Inside a transaction the counters rise when it commits. A write in autocommit is committed
    already, but its statement may still hold rows to fetch (``INSERT ... RETURNING``): no
    other statement may run on the connection before they are read (SQLite would run the
    write again). Its counters rise just before the connection's next statement, which is
    also the first query of the writer's next page (the versions it keys the cache with), and
    at the end of every request and task (``flush_all``)."""
    conn = context["connection"]
    flush(conn)
    result = execute(sql, params, many, context)
    if sql[:1] not in "SsWw":  # SELECT/WITH: the bulk of the traffic, not a write
        match = _WRITE.match(sql)
        domain = table_domains().get(match.group(1)) if match else None
        if domain is not None:
            raised = _write_domains(sql, params, many, domain)
            if conn.in_atomic_block:
                _note_write(conn, raised)
            else:
                _unbumped(conn).update(raised)
    return result


def flush_all(**kw: Any) -> None:
    """Signal receiver (``request_finished``, a task's end): raise what autocommit wrote."""
    for conn in connections.all(initialized_only=True):
        flush(conn)


def install(sender: Any = None, connection: BaseDatabaseWrapper | None = None, **kw: Any) -> None:
    """Signal receiver (``connection_created``): watch the writes of a new connection."""
    if connection is not None and watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


def current(domains: Iterable[str], using: str = "default") -> str | None:
    """The versions of ``domains`` as one key part ("data.12-members.3"), or None when this
    connection has uncommitted writes to one of them (then nothing may be cached)."""
    names = sorted(set(domains))
    # by app: a pending ``members/#<id>`` is not yet named by its code
    named = {_app(d) for d in names}
    pending = _pending_bump(connections[using])
    if pending is not None and named.intersection(map(_app, pending.domains)):
        return None
    if named.intersection(map(_app, _unbumped(connections[using]))):  # in a transaction, after
        return None
    from akkopsi.core.models import DataVersion

    # through the router: from the same database as the data it keys (a replica lags both)
    found = dict(DataVersion.objects.filter(domain__in=names).values_list("domain", "version"))
    return "-".join(f"{d}.{found.get(d, 0)}" for d in names)


def all_domains() -> tuple[str, ...]:
    """Every app with tables: what a page depends on unless it says otherwise."""
    return tuple(sorted(set(table_domains().values())))


def cached(name: str, domains: Iterable[str], build: Callable[[], T], seconds: int = 3600) -> T:
    """A read model (figures, charts) kept in the cache under the versions of the apps it
    reads: ``build()`` runs again after any of them changed, and always while this
    connection has uncommitted writes to them. ``name`` holds the rest of the key (member,
    day, language)."""
    from django.core.cache import cache

    version = current(domains)
    if version is None:
        return build()
    key = f"{name}:{version}"
    found = cache.get(key, _MISSING)
    if found is _MISSING:
        found = build()
        cache.set(key, found, seconds)
    return found


#: What the data dashboards, the Rapor and the portal's figures read.
DATA_DOMAINS = ("data", "members", "regions")
_MISSING = object()
