"""The same invariants over the national-scale demo: the ordinary demo, then every
kabupaten/kota of a few provinces made a member with fifteen years of data, dues, plans and
award editions (``akkopsi demo --scale national --provinces ...``), rolled back afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from akkopsi.demo import national

#: Kalimantan Timur (the seed article's Balikpapan and Bontang) and Sulawesi Selatan (a
#: juror's own province): a large slice of the national scale that a test run can afford.
PROVINCES = ["64", "73"]


@pytest.fixture(scope="package")
def demo(demo: None, django_db_blocker: Any) -> Iterator[None]:
    """The ordinary demo (the parent package's fixture) plus the national-scale filling."""
    with django_db_blocker.unblock():
        inner = transaction.atomic()
        inner.__enter__()
        try:
            national.load_national(provinces=PROVINCES, solve=0)
            yield
        finally:
            transaction.set_rollback(True)
            inner.__exit__(None, None, None)
