"""The read-replica router (DATABASE_REPLICA_URL): reads to the replica, except where they
must see the primary (transactions, changing requests and shortly after them)."""

from __future__ import annotations

import os
import subprocess
import sys

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from akkopsi.core import dbrouter
from akkopsi.members.models import Member

router = dbrouter.ReplicaRouter()


def _seen_by_view(request: HttpRequest) -> tuple[str, HttpResponse]:
    seen = []

    def view(_request: HttpRequest) -> HttpResponse:
        seen.append(router.db_for_read(Member))
        return HttpResponse("ok")

    response = dbrouter.PrimaryAfterWriteMiddleware(view)(request)
    return seen[0], response


def test_reads_go_to_the_replica_and_writes_to_the_primary() -> None:
    assert router.db_for_read(Member) == "replica"
    assert router.db_for_write(Member) == "default"
    assert router.allow_migrate("default", "members") and not router.allow_migrate(
        "replica", "members"
    )


def test_reads_inside_a_transaction_use_the_primary(db: None) -> None:
    # pytest-django runs this test inside a transaction on the primary
    assert router.db_for_read(Member) == "default"
    with transaction.atomic():
        assert router.db_for_read(Member) == "default"


def test_changing_requests_and_the_next_few_seconds_use_the_primary() -> None:
    rf = RequestFactory()
    db, response = _seen_by_view(rf.post("/anggota/6474/ubah/"))
    assert db == "default"
    sticky = response.cookies[dbrouter.STICKY_COOKIE]
    assert int(sticky["max-age"]) == dbrouter.STICKY_SECONDS and sticky["httponly"]

    follow = rf.get("/anggota/6474/")
    follow.COOKIES[dbrouter.STICKY_COOKIE] = "1"
    assert _seen_by_view(follow)[0] == "default"
    assert _seen_by_view(rf.get("/anggota/6474/"))[0] == "replica"
    assert router.db_for_read(Member) == "replica"  # nothing leaks out of the request


def test_settings_add_the_replica_only_when_configured() -> None:
    code = (
        "import django; from django.conf import settings; django.setup(); "
        "print(sorted(settings.DATABASES), settings.DATABASE_ROUTERS, "
        "settings.MIDDLEWARE[0], settings.DATABASES['replica']['HOST'])"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "akkopsi.config.settings",
        "DATABASE_URL": "postgres://akkopsi@db-primary:5432/akkopsi",
        "DATABASE_REPLICA_URL": "postgres://akkopsi@db-replica:5432/akkopsi",
    }
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "['default', 'replica']" in out and "ReplicaRouter" in out
    assert "PrimaryAfterWriteMiddleware" in out and "db-replica" in out
