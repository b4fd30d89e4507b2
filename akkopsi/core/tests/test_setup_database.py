"""``setup_database`` on an empty SQLite database (``make migrate``): the same schema, seed
rows and recorded migrations as ``migrate``, in a fraction of the time; otherwise it is
``migrate``."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from akkopsi.core.management.commands import setup_database

ROOT = Path(__file__).resolve().parents[3]
#: Row contents compared without these columns (times, keys numbered in creation order).
UNCOMPARED = {"id", "applied", "content_type_id", "history_date", "created_at", "updated_at"}


def _run(var: Path, *args: str) -> str:
    env = {**os.environ, "AKKOPSI_VAR_DIR": str(var), "DEBUG": "false"}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    done = subprocess.run(
        [sys.executable, "-m", "akkopsi", *args, "--noinput", "--skip-checks"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def _schema(db: sqlite3.Connection) -> dict[str, Any]:
    out: dict[str, Any] = {}
    tables = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
    for table, sql in tables:
        # by name, not position: a column added by a later migration comes last there
        columns = sorted(c[1:] for c in db.execute(f'PRAGMA table_info("{table}")'))
        indexes = sorted(
            (
                name if not name.startswith("sqlite_autoindex") else "auto",
                unique,
                tuple(c[2] for c in db.execute(f'PRAGMA index_info("{name}")')),
            )
            for _seq, name, unique, *_rest in db.execute(f'PRAGMA index_list("{table}")')
        )
        keys = sorted(k[2:] for k in db.execute(f'PRAGMA foreign_key_list("{table}")'))
        checks = sorted(part.strip() for part in (sql or "").split("CONSTRAINT")[1:])
        out[table] = (columns, indexes, keys, checks)
    return out


def _rows(db: sqlite3.Connection) -> dict[str, list[str]]:
    out = {}
    for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        columns = sorted(c[1] for c in db.execute(f'PRAGMA table_info("{table}")'))
        kept = ", ".join(f'"{c}"' for c in columns if c not in UNCOMPARED) or "1"
        out[table] = sorted(map(repr, db.execute(f'SELECT {kept} FROM "{table}"')))
    # a table SQLite rebuilt (a migration's AlterField) keeps a sequence row at 0
    out["sqlite_sequence"] = [r for r in out["sqlite_sequence"] if not r.endswith(", 0)")]
    out["permissions"] = sorted(
        map(
            repr,
            db.execute(
                "SELECT t.app_label, t.model, p.codename, p.name FROM auth_permission p "
                "JOIN django_content_type t ON t.id = p.content_type_id"
            ),
        )
    )
    return out


def test_an_empty_database_gets_what_migrate_gives(tmp_path: Path) -> None:
    _run(tmp_path / "migrated", "migrate")
    said = _run(tmp_path / "set_up", "setup_database")
    assert "migrations recorded as applied" in said
    migrated = sqlite3.connect(tmp_path / "migrated" / "akkopsi.sqlite3")
    set_up = sqlite3.connect(tmp_path / "set_up" / "akkopsi.sqlite3")
    assert _schema(set_up) == _schema(migrated)
    assert _rows(set_up) == _rows(migrated)  # migrations, catalogue, content types, permissions
    assert set_up.execute("SELECT count(*) FROM data_indicator").fetchone()[0] > 0
    # then it is migrate: nothing left to apply
    assert "No migrations to apply" in _run(tmp_path / "set_up", "setup_database")


def test_an_operation_not_understood_takes_migrate() -> None:
    from django.db import migrations

    def unknown(apps: Any, schema_editor: Any) -> None: ...

    class Migration(migrations.Migration):
        operations = [migrations.RunPython(unknown)]

    assert setup_database.seeds([Migration("0001_x", "x")]) is None

    class WithSql(migrations.Migration):
        operations = [migrations.RunSQL("SELECT 1")]

    assert setup_database.seeds([WithSql("0001_x", "x")]) is None
