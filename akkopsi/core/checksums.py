"""Per-table checksums over a canonical form of each row: the one way the platform proves two
databases (SQLite or PostgreSQL) hold the same content.

A row is the list of its column values in ``canonical`` form, written as compact JSON with
sorted keys, one line per row; a table's checksum is the SHA-256 of those lines in
primary-key order (text keys compared byte by byte, so both databases order them alike).
``canonical`` is independent of how a database stores a value: decimals without trailing
zeros (``1.50`` and ``1.5`` are one amount), datetimes in UTC ISO 8601, dates and times in
ISO 8601, durations in ISO 8601, bytes in base64, JSON values as data (key order ignored).
The backup archive stores exactly these lines, so an archive checks itself before a restore.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import connections, models
from django.db.models.functions import Collate
from django.utils.duration import duration_iso_string


def canonical(value: Any) -> Any:
    """A JSON-ready value that is the same for equal content on every database."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        text = format(value, "f")  # no exponent, no rounding
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return "0" if text in {"-0", ""} else text
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.isoformat()
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return duration_iso_string(value)
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, bytes | memoryview | bytearray):
        return base64.b64encode(bytes(value)).decode()
    if isinstance(value, dict):
        return {str(k): canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [canonical(v) for v in value]
    return str(value)  # e.g. a FieldFile: its name


def line(row: Sequence[Any]) -> str:
    """One row as the line that is hashed (and archived)."""
    return json.dumps([canonical(v) for v in row], sort_keys=True, separators=(",", ":")) + "\n"


def digest_rows(rows: Iterable[Sequence[Any]]) -> tuple[int, str]:
    """(row count, SHA-256) of ``rows`` in the order given."""
    digest = hashlib.sha256()
    n = 0
    for row in rows:
        digest.update(line(row).encode())
        n += 1
    return n, digest.hexdigest()


def columns(model: type[models.Model]) -> list[str]:
    return [f.column for f in model._meta.concrete_fields]


def table_rows(model: type[models.Model], using: str = "default") -> Iterator[tuple[Any, ...]]:
    """Every row of ``model``'s table, every column, in primary-key order (byte order for text)."""
    pk = model._meta.pk
    assert pk is not None
    order: Any = "pk"
    key = pk.target_field if pk.is_relation else pk  # type: ignore[attr-defined]
    if isinstance(key, models.CharField | models.TextField):
        vendor = connections[using].vendor
        order = Collate("pk", "C" if vendor == "postgresql" else "BINARY")
    attnames = [f.attname for f in model._meta.concrete_fields]
    return (
        model._base_manager.using(using)
        .order_by(order)
        .values_list(*attnames)
        .iterator(chunk_size=5000)
    )


def table_checksum(model: type[models.Model], using: str = "default") -> dict[str, Any]:
    rows, sha256 = digest_rows(table_rows(model, using))
    return {"rows": rows, "sha256": sha256}
