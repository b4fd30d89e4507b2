"""The demo loader of the Rapor Sanitasi: past data cycles and Kota Bontang's plan of 2015."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from akkopsi.data.models import ReportingYear
from akkopsi.demo.rapor import PLAN_NAME, load_rapor
from akkopsi.planning.models import Plan, SolveResult

pytestmark = pytest.mark.django_db


def test_demo_gives_bontang_a_report_of_may_2015_and_loads_once(
    client: Any, users: Any, settings: Any
) -> None:
    load_rapor()
    load_rapor()
    assert ReportingYear.objects.filter(year__range=(2010, 2023)).count() == 14
    plan = Plan.objects.get(member__regency_id="6474", name=PLAN_NAME)
    assert plan.base_year == 2014 and SolveResult.objects.filter(scenario__plan=plan).count() == 1

    settings.AKKOPSI_DEMO_DATE = "2015-05-19"
    client.force_login(users["bontang"])
    api = client.get(reverse("rapor-api-report", args=["6474"])).json()
    assert api["on"] == "2015-05-19"
    assert api["plan"]["plan"] == PLAN_NAME
    assert api["alliance"]["cycle"]["year"] == 2014
