"""Backup and restore: one versioned archive with every table and every uploaded file.

Archive (tar.gz):
- ``manifest.json``: format version, creation time, database vendor, and per table the row
  count and a SHA-256 over its rows in primary-key order; per uploaded file its SHA-256;
- ``data.jsonl``: every row of every model (Django's serialisation, dependency order);
- ``media/...``: the uploaded files.
Restoring into an empty (migrated) database loads the rows and files, then recomputes the
counts and checksums and refuses to report success unless they all agree with the manifest.
Tables that are rebuilt by migrations or hold only transient state are left out: content
types, permissions, sessions, admin log, login attempts (axes).
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import tempfile
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import connection, models, transaction

FORMAT = 1
EXCLUDED_APPS = {"contenttypes", "sessions", "admin", "axes"}
EXCLUDED_MODELS = {"auth.permission"}


class BackupError(Exception):
    pass


def _models() -> list[type[models.Model]]:
    out = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if (
            model._meta.app_label in EXCLUDED_APPS
            or label in EXCLUDED_MODELS
            or not model._meta.managed
            or model._meta.proxy
        ):
            continue
        out.append(model)
    return sorted(out, key=lambda m: m._meta.label_lower)


def table_checksums() -> dict[str, dict[str, Any]]:
    """label -> {rows, sha256} over every column of every row, in primary-key order."""
    out: dict[str, dict[str, Any]] = {}
    for model in _models():
        columns = [f.attname for f in model._meta.concrete_fields]
        digest = hashlib.sha256()
        count = 0
        for row in (
            model._base_manager.order_by("pk").values_list(*columns).iterator(chunk_size=5000)
        ):
            digest.update(json.dumps(row, default=str, separators=(",", ":")).encode())
            digest.update(b"\n")
            count += 1
        out[model._meta.label_lower] = {"rows": count, "sha256": digest.hexdigest()}
    return out


def media_checksums(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _encode(value: Any) -> str:
    """Exact text for what JSON lacks: full-precision datetimes (Django's encoder keeps only
    milliseconds), decimals, dates, times and UUIDs."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    raise TypeError(f"cannot archive {type(value).__name__}")


def _load(path: Path) -> None:
    """Rows back in bulk, model by model; constraints checked once at the end (as loaddata does)."""
    pending: list[Any] = []
    current: type[models.Model] | None = None
    with_m2m: list[Any] = []

    def flush() -> None:
        if current is not None and pending:
            stamped = [
                f
                for f in current._meta.concrete_fields
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            ]
            saved = [(f, f.auto_now, f.auto_now_add) for f in stamped]
            for f in stamped:  # keep the archived timestamps, as loaddata's raw saves do
                f.auto_now = f.auto_now_add = False
            try:
                current._base_manager.bulk_create(pending, batch_size=2000)
            finally:
                for f, now, add in saved:
                    f.auto_now, f.auto_now_add = now, add
        pending.clear()

    with connection.constraint_checks_disabled():
        with path.open() as fh:
            for line in fh:
                for item in serializers.deserialize("python", [json.loads(line)]):
                    model = type(item.object)
                    if model is not current:
                        flush()
                        current = model
                    pending.append(item.object)
                    if any(item.m2m_data.values()):
                        with_m2m.append(item)
        flush()
        for item in with_m2m:
            for name, values in item.m2m_data.items():
                getattr(item.object, name).set(values)
    connection.check_constraints()


def create(path: Path) -> dict[str, Any]:
    media = Path(settings.MEDIA_ROOT)
    with transaction.atomic():  # one consistent snapshot (repeatable read on PostgreSQL)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        manifest = {
            "format": FORMAT,
            "created": datetime.now(UTC).isoformat(),
            "database": connection.vendor,
            "tables": table_checksums(),
            "media": media_checksums(media),
        }
        data = io.StringIO()
        for model in _models():
            for obj in serializers.serialize(
                "python", model._base_manager.order_by("pk").iterator(chunk_size=5000)
            ):
                data.write(json.dumps(obj, default=_encode, separators=(",", ":")))
                data.write("\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, "w:gz") as tar:
        for name, payload in (
            ("manifest.json", json.dumps(manifest, indent=1).encode()),
            ("data.jsonl", data.getvalue().encode()),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
        for rel in manifest["media"]:
            tar.add(media / rel, arcname=f"media/{rel}")
    return manifest


def restore(path: Path, *, force: bool = False) -> dict[str, Any]:
    with tarfile.open(path, "r:gz") as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
        if manifest.get("format") != FORMAT:
            raise BackupError(
                f"archive format {manifest.get('format')} is not supported (this version reads {FORMAT})"
            )
        present = {label: info["rows"] for label, info in table_checksums().items() if info["rows"]}
        if present and not force:
            raise BackupError(
                f"the database is not empty ({sum(present.values())} rows); restore into an empty database or pass --force"
            )
        with tempfile.TemporaryDirectory() as tmp:
            tar.extractall(tmp, filter="data")
            with transaction.atomic():
                if present:
                    call_command("flush", interactive=False, verbosity=0)
                _load(Path(tmp) / "data.jsonl")
            media = Path(settings.MEDIA_ROOT)
            for rel in manifest["media"]:
                target = media / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes((Path(tmp) / "media" / rel).read_bytes())
    if connection.vendor == "postgresql":  # sequences after explicit primary keys
        from django.core.management.color import no_style

        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), _models()):
                cursor.execute(sql)
    got_tables = table_checksums()
    got_media = media_checksums(Path(settings.MEDIA_ROOT))
    bad = [label for label, info in manifest["tables"].items() if got_tables.get(label) != info]
    bad += [
        f"media/{rel}" for rel, digest in manifest["media"].items() if got_media.get(rel) != digest
    ]
    if bad:
        raise BackupError("restored data differs from the archive: " + ", ".join(bad[:10]))
    return manifest
