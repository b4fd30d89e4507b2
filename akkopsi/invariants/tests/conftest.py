"""The demo, loaded once for every invariant test of this package and rolled back afterwards.

The demo is loaded inside an outer transaction opened for the package; each test runs in its
own savepoint inside it (pytest-django's ``db``), and the package's teardown rolls the outer
transaction back, so the tests of other packages start from the empty database as usual."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="package")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("demo", stdout=StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
