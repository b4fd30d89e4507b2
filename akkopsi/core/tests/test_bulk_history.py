"""akkopsi.core.bulk.bulk_create_with_history writes the rows and history rows that
django-simple-history's function of that name writes, in one statement for the history."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from simple_history import utils as simple_history

from akkopsi.core import bulk
from akkopsi.data.choices import Stage
from akkopsi.data.models import ApbdTotal

pytestmark = pytest.mark.django_db

SKIP = {"id", "history_id", "history_date", "created_at", "updated_at", "year"}


def _rows(members: dict[str, Any], year: int) -> list[ApbdTotal]:
    return [
        ApbdTotal(member=m, year=year, stage=stage, amount=Decimal("1234567.89") * (i + 1))
        for i, (m, stage) in enumerate(
            (m, s) for m in members.values() for s in (Stage.PLANNED, Stage.REALISED)
        )
    ]


def _history(year: int) -> list[dict[str, Any]]:
    rows = ApbdTotal.history.filter(year=year).order_by("history_id").values()
    return [{k: v for k, v in r.items() if k not in SKIP} for r in rows]


def test_same_rows_and_history_as_simple_history(members: Any, users: Any) -> None:
    by = users["treasurer"]
    theirs = simple_history.bulk_create_with_history(
        _rows(members, 2020), ApbdTotal, default_user=by, default_change_reason="impor"
    )
    with CaptureQueriesContext(connection) as queries:
        ours = bulk.bulk_create_with_history(
            _rows(members, 2021), ApbdTotal, default_user=by, default_change_reason="impor"
        )
    assert len(queries) <= 3  # the rows (one statement), the history (one executemany)
    assert [o.pk for o in ours] == sorted(o.pk for o in ours) and all(o.pk for o in ours)
    assert len(_history(2021)) == len(ours) == len(theirs) == 6
    assert _history(2021) == _history(2020)
    assert {r["history_user_id"] for r in _history(2021)} == {by.pk}
    mine = ApbdTotal.history.filter(year=2021).order_by("history_id")
    assert [h.id for h in mine] == [o.pk for o in ours]
    assert [h.amount for h in mine] == [o.amount for o in ours]  # money back in rupiah
    assert all(h.history_type == "+" and h.history_change_reason == "impor" for h in mine)


def test_history_create_marks_changes_and_takes_the_objects_reason(members: Any) -> None:
    rows = bulk.bulk_create_with_history(_rows(members, 2022), ApbdTotal)
    rows[0]._change_reason = "koreksi"  # type: ignore[attr-defined]
    assert bulk.history_create(rows[:2], ApbdTotal, update=True) == 2
    changed = ApbdTotal.history.filter(year=2022, history_type="~").order_by("history_id")
    assert [(h.id, h.history_change_reason, h.history_user_id) for h in changed] == [
        (rows[0].pk, "koreksi", None),
        (rows[1].pk, "", None),
    ]
