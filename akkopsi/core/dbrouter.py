"""Reads from a PostgreSQL read replica, writes to the primary (DATABASE_REPLICA_URL).

Only installed when DATABASE_REPLICA_URL is set (settings). Reads go to the ``replica``
alias except where they must see the primary:

* inside a transaction on the primary (services read what they have just written, and
  ``select_for_update`` always goes to the primary as a write);
* during a request that changes something (POST, PUT, PATCH, DELETE), and for
  ``STICKY_SECONDS`` after it for the same browser (a cookie), so that the page a form
  redirects to shows the change even while the replica lags a little behind.

Migrations run on the primary only; the replica gets them by replication.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
STICKY_COOKIE = "akkopsi_primary"
STICKY_SECONDS = 10
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}

_use_primary: ContextVar[bool] = ContextVar("akkopsi_use_primary", default=False)


@contextmanager
def primary() -> Iterator[None]:
    """Reads inside go to the primary: a task worker reads the job it was just handed, which the
    replica may not have yet (also a decorator)."""
    token = _use_primary.set(True)
    try:
        yield
    finally:
        _use_primary.reset(token)


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str:
        if _use_primary.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the same data on both

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


class PrimaryAfterWriteMiddleware:
    """Reads of a changing request, and of the same browser shortly after, use the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        writes = request.method not in SAFE_METHODS
        token = _use_primary.set(writes or STICKY_COOKIE in request.COOKIES)
        try:
            response = self.get_response(request)
        finally:
            _use_primary.reset(token)
        if writes:
            response.set_cookie(
                STICKY_COOKIE, "1", max_age=STICKY_SECONDS, httponly=True, samesite="Lax"
            )
        return response
