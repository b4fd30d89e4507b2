"""Django's SQLite backend, with the real limit on query parameters and write-ahead logging.

Django 5.2 assumes SQLite's historical limit of 999 parameters per statement, so bulk
writes go out in batches of about a hundred rows. SQLite since 3.32 allows 32,766 (this
build reports its own limit); we read it, so bulk inserts of imports batch as intended.

A database file is opened in WAL mode (write-ahead log): readers never wait for a writer nor a
writer for readers, so a page keeps answering while ``make run``'s task worker or a command
writes (in the default rollback journal a reader got "database is locked" when a writer's
commit outlasted the timeout). Two writers still take turns; the second waits up to the
connection's ``timeout`` (settings: 20 s).
"""

from __future__ import annotations

import sqlite3
from functools import cached_property
from typing import Any

from django.db.backends.sqlite3 import base, features


class DatabaseFeatures(features.DatabaseFeatures):
    @cached_property
    def max_query_params(self) -> int:  # type: ignore[override]
        with self.connection.temporary_connection():
            raw: Any = self.connection.connection
            limit = (
                raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
                if hasattr(raw, "getlimit")
                else 999
            )
        return min(int(limit), 32766)


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures

    def get_new_connection(self, conn_params: Any) -> Any:
        conn = super().get_new_connection(conn_params)
        if not self.is_in_memory_db():
            conn.execute("PRAGMA journal_mode=WAL")  # kept in the file; cheap to ask again
        return conn
