"""Backup and restore: one versioned archive with every table and every uploaded file.

Archive (tar.gz, format 2):
- ``manifest.json``: format version, creation time, database vendor; per table its name,
  columns, row count and SHA-256 (``akkopsi.core.checksums``); per uploaded file its SHA-256;
- ``tables/<app>.<model>.jsonl``: every row of the table, every column, in canonical form, one
  JSON list per line, in primary-key order: exactly the lines the checksum hashes, so the
  archive is checked against its manifest before anything is written;
- ``media/...``: every file of the default storage (the local disk or the S3 bucket), under
  its name there.

Restore (see docs/adr/0024-backup-and-restore.md) works into a freshly migrated database: the
rows that migrations write there (content types, permissions, the default indicator catalogue
and national targets) are replaced by the archive's. Table by table in dependency order, the
archived rows go back as raw inserts (no model saves, no signals, so no history of its own,
m2m through tables and history tables included), sequences are reset on PostgreSQL, and the
checksums of every table are computed again before the transaction commits; any difference, or
any error, rolls everything back. The files go back into the default storage last, inside that
transaction, so a rollback deletes them again and puts back the files they replaced
(``core.files.replace``). Left out:
sessions, login attempts (axes) and the throttling counters, which are transient.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import tempfile
import zlib
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import IO, Any

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.db import DatabaseError, connections, models, transaction
from django.utils.translation import gettext as _

from akkopsi.core import files
from akkopsi.core.checksums import columns, line, table_checksum, table_rows

FORMAT = 2
#: The task queue (django-tasks-db, ADR 0044) is transient, like sessions.
EXCLUDED_APPS = {"sessions", "axes", "django_tasks_database"}
#: Transient counters of the sign-in and password-reset limits (accounts/throttling.py), and
#: the cache's data versions (ADR 55): a restore's own writes raise them past every cached page.
EXCLUDED_MODELS = {"accounts.throttlehit", "core.dataversion"}
#: What ``migrate`` writes into a new database (post_migrate and the default catalogue of
#: data/0002_default_catalogue, kept in the squashed data/0001_squashed_0008). A restore replaces these rows with the archive's; every other
#: table must be empty unless --force is given.
SEEDED = {
    "contenttypes.contenttype",
    "auth.permission",
    "data.indicator",
    "data.nationaltarget",
}


class BackupError(Exception):
    pass


def archived_models() -> list[type[models.Model]]:
    """Every table the archive holds (m2m through and history tables included), parents first."""
    found = {
        m._meta.label_lower: m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label not in EXCLUDED_APPS
        and m._meta.label_lower not in EXCLUDED_MODELS
        and m._meta.managed
        and not m._meta.proxy
    }
    needs = {
        label: {
            f.related_model._meta.label_lower  # type: ignore[union-attr]
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model is not model
        }
        & set(found)
        for label, model in found.items()
    }
    ordered: list[str] = []
    while needs:  # Kahn's algorithm, alphabetical among equals; a cycle is broken by label
        ready = sorted(label for label, deps in needs.items() if not deps) or [min(needs)]
        for label in ready:
            ordered.append(label)
            del needs[label]
        for deps in needs.values():
            deps.difference_update(ready)
    return [found[label] for label in ordered]


def table_checksums(using: str = "default") -> dict[str, dict[str, Any]]:
    """label -> {rows, sha256} for every archived table (see ``akkopsi.core.checksums``)."""
    return {m._meta.label_lower: table_checksum(m, using) for m in archived_models()}


def copy_media(into: Path) -> dict[str, str]:
    """Copy every file of the default storage (the local disk or the bucket, through the
    storage's API) to ``into``, each with its SHA-256: the archive holds exactly the bytes its
    manifest hashes, even if a file changes while the backup runs."""
    found: dict[str, str] = {}
    for name in files.stored_names():
        target = into / name
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        try:
            with default_storage.open(name, "rb") as source, target.open("wb") as fh:
                for chunk in iter(lambda: source.read(1 << 20), b""):
                    digest.update(chunk)
                    fh.write(chunk)
        except FileNotFoundError:  # deleted since the listing (an expired upload): not kept
            target.unlink(missing_ok=True)
            continue
        found[name] = digest.hexdigest()
    return found


def _table_file(label: str) -> str:
    return f"tables/{label}.jsonl"


def create(path: Path, using: str = "default") -> dict[str, Any]:
    connection = connections[using]
    with tempfile.TemporaryDirectory() as tmp:
        tables: dict[str, dict[str, Any]] = {}
        outermost = not connection.in_atomic_block
        with transaction.atomic(using=using):  # one snapshot (repeatable read on PostgreSQL)
            # inside a caller's transaction its isolation level holds (the level can only be
            # set before the transaction's first query): a backup job's item sets it
            # (``jobs.kinds.Kind.snapshot``)
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            for model in archived_models():
                label = model._meta.label_lower
                digest, n = hashlib.sha256(), 0
                target = Path(tmp) / _table_file(label)
                target.parent.mkdir(exist_ok=True)
                with target.open("wb") as fh:
                    for row in table_rows(model, using):
                        data = line(row).encode()
                        digest.update(data)
                        fh.write(data)
                        n += 1
                tables[label] = {
                    "table": model._meta.db_table,
                    "columns": columns(model),
                    "rows": n,
                    "sha256": digest.hexdigest(),
                }
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created": datetime.now(UTC).isoformat(),
            "database": connection.vendor,
            "tables": tables,
            "media": copy_media(Path(tmp) / "media"),
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(path, "w:gz") as tar:
            payload = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(payload)
            tar.addfile(info, io.BytesIO(payload))
            for label in tables:
                tar.add(Path(tmp) / _table_file(label), arcname=_table_file(label))
            for rel in manifest["media"]:
                tar.add(Path(tmp) / "media" / rel, arcname=f"media/{rel}")
    return manifest


def _digest(fh: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: fh.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _sha256(path: Path) -> tuple[int, str]:
    digest, lines = hashlib.sha256(), 0
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
            lines += chunk.count(b"\n")
    return lines, digest.hexdigest()


def _unpack(path: Path, into: Path) -> dict[str, Any]:
    """Extract and check the archive: format, every table's row count and checksum, every
    uploaded file's checksum. Nothing is written to the database here."""
    if not path.is_file():
        raise BackupError(_("The archive %(file)s does not exist.") % {"file": path})
    try:
        with tarfile.open(path, "r:gz") as tar:
            tar.extractall(into, filter="data")
            while tar.fileobj.read(1 << 20):  # type: ignore[union-attr]
                pass  # to the end of the gzip stream, so that its CRC is checked
        manifest = json.loads((into / "manifest.json").read_text())
        fmt = manifest.get("format")
    except (tarfile.TarError, OSError, EOFError, zlib.error, ValueError, AttributeError) as exc:
        raise BackupError(
            _(
                "The archive %(file)s is damaged or truncated (%(error)s). Nothing was restored; "
                "use another copy of the backup."
            )
            % {"file": path.name, "error": exc}
        ) from exc
    if fmt != FORMAT:
        raise BackupError(
            _("Archive format %(found)s is not supported (this version reads format %(format)s).")
            % {"found": fmt, "format": FORMAT}
        )
    bad: list[str] = []
    try:
        for label, info in manifest["tables"].items():
            file = into / _table_file(label)
            if not file.is_file():
                bad.append(_("%(table)s (file missing)") % {"table": label})
                continue
            rows, digest = _sha256(file)
            if rows != info["rows"]:
                bad.append(
                    _("%(table)s (%(found)s rows, the manifest says %(expected)s)")
                    % {"table": label, "found": rows, "expected": info["rows"]}
                )
            elif digest != info["sha256"]:
                bad.append(_("%(table)s (checksum differs)") % {"table": label})
        for rel, expected in manifest["media"].items():
            file = into / "media" / rel
            if not file.is_file() or hashlib.sha256(file.read_bytes()).hexdigest() != expected:
                bad.append(f"media/{rel}")
    except (KeyError, TypeError, AttributeError) as exc:
        raise BackupError(
            _(
                "The manifest of the archive %(file)s is incomplete (%(error)s). Nothing was restored."
            )
            % {"file": path.name, "error": exc}
        ) from exc
    if bad:
        raise BackupError(
            _(
                "The archive %(file)s does not match its own manifest: %(tables)s. "
                "Nothing was restored; use another copy of the backup."
            )
            % {"file": path.name, "tables": ", ".join(bad[:10])}
        )
    return manifest


def _check_schema(manifest: dict[str, Any]) -> list[type[models.Model]]:
    ours = {m._meta.label_lower: m for m in archived_models()}
    theirs = manifest["tables"]
    differ = sorted(set(ours) ^ set(theirs)) + sorted(
        label
        for label in set(ours) & set(theirs)
        if theirs[label].get("columns") != columns(ours[label])
    )
    if differ:
        raise BackupError(
            _(
                "The archive was made by another version of the platform (tables that differ: "
                "%(tables)s). Restore it with the version that made it, then migrate."
            )
            % {"tables": ", ".join(differ[:10])}
        )
    return list(ours.values())


def _insert(model: type[models.Model], file: Path, using: str) -> None:
    """The archived rows as raw INSERTs: no save(), no signals, no history, no auto_now."""
    fields = list(model._meta.concrete_fields)
    names = [f.attname for f in fields]
    manager = model._base_manager.using(using)
    batch: list[Any] = []
    size = 0

    def flush() -> None:
        if batch:
            manager._insert(batch, fields=fields, raw=True, using=using)  # type: ignore[attr-defined]
            batch.clear()

    with file.open() as fh:
        for text in fh:
            values = json.loads(text)
            batch.append(
                SimpleNamespace(
                    **{n: f.to_python(v) for n, f, v in zip(names, fields, values, strict=True)}
                )
            )
            if not size:
                size = max(1, min(1000, connections[using].ops.bulk_batch_size(fields, batch)))
            if len(batch) >= size:
                flush()
    flush()


def _put_back_media(media: dict[str, str], source: Path) -> None:
    """The archived files back into the default storage under their own names, last, inside
    the restore's transaction. A file already there with the same content stays; one with
    other content is replaced by the archive's, as the database rows are. If the transaction
    rolls back, the files written are deleted and the ones replaced are back
    (``core.files.replace``)."""
    for name, expected in media.items():
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as fh:
                if _digest(fh) == expected:
                    continue
        with (source / name).open("rb") as fh:
            try:
                files.replace(name, File(fh, name=name))
            except OSError as exc:
                raise BackupError(
                    _(
                        "The file %(file)s could not be restored (%(error)s); the database was "
                        "left as it was."
                    )
                    % {"file": name, "error": exc}
                ) from exc


def restore(path: Path, *, force: bool = False, using: str = "default") -> dict[str, Any]:
    connection = connections[using]
    with tempfile.TemporaryDirectory() as tmp:
        manifest = _unpack(path, Path(tmp))
        order = _check_schema(manifest)
        with transaction.atomic(using=using):
            held = [
                m._meta.label_lower
                for m in order
                if m._meta.label_lower not in SEEDED and m._base_manager.using(using).exists()
            ]
            if held and not force:
                raise BackupError(
                    _(
                        "The database already holds data (%(tables)s). Restore into a freshly "
                        "migrated database, or pass --force to replace everything in it."
                    )
                    % {"tables": ", ".join(held[:5])}
                )
            try:
                for model in reversed(order):
                    model._base_manager.using(using).all()._raw_delete(using)
                for model in order:
                    _insert(model, Path(tmp) / _table_file(model._meta.label_lower), using)
                if connection.vendor == "postgresql":  # sequences after explicit primary keys
                    with connection.cursor() as cursor:
                        for sql in connection.ops.sequence_reset_sql(no_style(), order):
                            cursor.execute(sql)
                connection.check_constraints()
            except (DatabaseError, ValueError, TypeError) as exc:
                raise BackupError(
                    _("Restoring failed (%(error)s); the database was left as it was.")
                    % {"error": exc}
                ) from exc
            got = table_checksums(using)
            bad = [
                label
                for label, info in manifest["tables"].items()
                if got.get(label) != {"rows": info["rows"], "sha256": info["sha256"]}
            ]
            if bad:
                raise BackupError(
                    _(
                        "The restored tables differ from the archive (%(tables)s); the database "
                        "was left as it was."
                    )
                    % {"tables": ", ".join(bad[:10])}
                )
            _put_back_media(manifest["media"], Path(tmp) / "media")
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    return manifest
