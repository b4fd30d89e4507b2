"""Object-level access to plans: a plan is private to its member's staff and the secretariat."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from akkopsi.accounts.permissions import Permission, own_member_id, require
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


def plans_for_user(user: Any) -> QuerySet[Plan]:
    """The plans ``user`` may list: member staff their own member's, planners all."""
    own = own_member_id(user)
    plans = Plan.objects.select_related("member").prefetch_related("baseline", "scenarios")
    return plans.filter(member_id=own) if own is not None else plans


def scenarios_for_user(user: Any) -> QuerySet[Scenario]:
    """The scenarios ``user`` may list (of the plans above)."""
    own = own_member_id(user)
    scenarios = Scenario.objects.select_related("plan__member")
    return scenarios.filter(plan__member_id=own) if own is not None else scenarios
