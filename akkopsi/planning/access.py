"""Object-level access to plans: a plan is private to its member's staff and the secretariat."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from akkopsi.accounts.permissions import Permission, require
from akkopsi.planning.models import Plan, Scenario, SolveResult


def plan_for_user(user: Any, pk: int) -> Plan:
    """The plan ``pk`` if ``user`` may plan for its member (else 403/404)."""
    try:
        plan = Plan.objects.select_related("member__regency__province").get(pk=pk)
    except Plan.DoesNotExist as exc:
        raise Http404 from exc
    require(user, Permission.PLAN, plan.member)
    return plan


def scenario_for_user(user: Any, pk: int) -> Scenario:
    try:
        scenario = Scenario.objects.select_related("plan__member__regency__province").get(pk=pk)
    except Scenario.DoesNotExist as exc:
        raise Http404 from exc
    require(user, Permission.PLAN, scenario.plan.member)
    return scenario


def result_for_user(user: Any, pk: int) -> SolveResult:
    try:
        saved = SolveResult.objects.select_related("scenario__plan__member__regency__province").get(
            pk=pk
        )
    except SolveResult.DoesNotExist as exc:
        raise Http404 from exc
    require(user, Permission.PLAN, saved.scenario.plan.member)
    return saved
