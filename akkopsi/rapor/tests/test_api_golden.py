"""The Rapor API returns the same JSON since the report became typed read models (ADR 0039).

``golden_report.json`` was written by the dict-based report before the change; regenerate it
only on purpose: ``RAPOR_GOLDEN=write pytest akkopsi/rapor/tests/test_api_golden.py``.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from akkopsi.dues import services as dues
from akkopsi.dues.tests.conftest import make_schedule

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).with_name("golden_report.json")


def _without_ids(value: Any) -> Any:
    """Database ids differ between databases (PostgreSQL sequences are not reset)."""
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k not in {"id", "result"}}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def _reports(client: Any, users: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for who in (None, "bontang", "secretariat", "treasurer", "balikpapan"):
        client.logout()
        if who is not None:
            client.force_login(users[who])
        for code in ("6474", "6471", "5108"):
            for public in ("", "?publik=1"):
                url = reverse("rapor-api-report", args=[code]) + public
                out[f"{who}:{code}{public}"] = _without_ids(client.get(url).json())
    return out


def _alliance(data: dict[str, Any]) -> None:
    """A data cycle, an upcoming summit and a meeting Bontang attends."""
    from akkopsi.coordination.tests.factories import make_meeting, make_summit
    from akkopsi.data.models import ReportingYear

    ReportingYear.objects.create(year=2023, opens_on=date(2024, 1, 1), deadline=date(2024, 3, 31))
    make_summit(number=24)
    make_meeting(day=date(2024, 7, 1), attending=[data["6474"]])


def test_report_json_is_unchanged(client: Any, users: Any, data: Any, action: Any) -> None:
    from akkopsi.planning import services as planning
    from akkopsi.planning.tests.conftest import make_plan

    make_schedule(2024, users["treasurer"])
    dues.generate_invoices(year=2024, by=users["treasurer"], issued_on=date(2024, 1, 15))
    found = {"dues": _reports(client, users)}
    plan = make_plan(data["6474"], money=1)
    found["unsolved"] = _reports(client, users)
    planning.solve_scenario(scenario=plan.scenarios.get(), by=None)
    found["solved"] = _reports(client, users)
    _alliance(data)
    found["alliance"] = _reports(client, users)
    if os.environ.get("RAPOR_GOLDEN") == "write":
        GOLDEN.write_text(json.dumps(found, indent=1, sort_keys=True, ensure_ascii=False))
    assert found == json.loads(GOLDEN.read_text())
