"""The demo plans: every plan has a scenario that meets its targets and one with a gap."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from akkopsi.demo.planning import add_demo_plan, load_plans
from akkopsi.planning import services
from akkopsi.planning.models import Plan, SolveResult

pytestmark = pytest.mark.django_db


def _met_and_short(plan: Plan) -> tuple[bool, bool]:
    results = [s.results.get() for s in plan.scenarios.all()]
    met = any(r.targets_met and r.gap_total == 0 for r in results)
    short = any(not r.targets_met and r.gap_total > 0 for r in results)
    return met, short


def test_demo_plans_without_money_add_the_gap_and_load_once(members: Any) -> None:
    """The fixtures hold three of the ten members of the article, with no verified budget."""
    assert load_plans() == 3
    for plan in Plan.objects.all():
        assert [s.name for s in plan.scenarios.all()][1] == "Anggaran ditambah kekurangan"
        assert _met_and_short(plan) == (True, True)
    assert load_plans() == 0
    assert SolveResult.objects.count() == 6


def test_demo_plan_with_enough_money_cuts_it_to_reveal_a_gap(members: Any) -> None:
    situation = services.default_situation(members["6474"])
    rich = {"apbd_kabkota": Decimal(10**12), "dak": Decimal(10**12)}
    plan = add_demo_plan(members["6474"], replace(situation, households=5_000, envelopes=rich))
    assert [s.name for s in plan.scenarios.all()][1] == "Anggaran dipotong"
    assert _met_and_short(plan) == (True, True)
