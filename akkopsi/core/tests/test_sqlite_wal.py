"""The SQLite database file in WAL mode: a page reads while a writer holds the database."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from akkopsi.core.sqlite.base import DatabaseWrapper

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backend")


def _open(path: Path, alias: str) -> DatabaseWrapper:
    settings = copy.deepcopy(connection.settings_dict)
    settings.update(NAME=str(path), OPTIONS={"timeout": 0.2}, TEST={})
    wrapper = DatabaseWrapper(settings, alias=alias)
    wrapper.ensure_connection()
    return wrapper


def test_a_reader_is_not_locked_out_while_a_writer_holds_the_file(
    tmp_path: Path, django_db_blocker: Any
) -> None:
    path = tmp_path / "wal.sqlite3"
    with django_db_blocker.unblock():  # a file of its own, not the test database
        writer, reader = _open(path, "writer"), _open(path, "reader")
    try:
        w, r = writer.connection, reader.connection
        assert w.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        w.execute("CREATE TABLE t (x integer)")
        w.execute("INSERT INTO t VALUES (1)")
        w.execute("BEGIN EXCLUSIVE")  # a long write (a job's item) not yet committed
        w.execute("INSERT INTO t VALUES (2)")
        # In the rollback journal this read fails with "database is locked" after the timeout.
        assert r.execute("SELECT count(*) FROM t").fetchone()[0] == 1
        w.execute("COMMIT")
        assert r.execute("SELECT count(*) FROM t").fetchone()[0] == 2
    finally:
        writer.close()
        reader.close()
