"""The planner's job: solving investment plans on the task queue (ADR 0054).

One job kind, ``planning.solve``, for the three sizes of the work: one scenario
(``{"scenario": pk}``), a member's scenarios (``{"member": "6474"}``) or every scenario
(``{}``; the command's ``{"members": [...]}``); ``{"unsolved": true}`` keeps only scenarios never solved (the demo's plans after
loading). Each scenario is one item: solved and saved in the item's transaction, so a retry
never saves a scenario twice; any number of workers share the parts.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from akkopsi.accounts.models import User
from akkopsi.accounts.permissions import Permission, require
from akkopsi.engines.errors import EngineError
from akkopsi.jobs import kinds
from akkopsi.jobs.models import Job
from akkopsi.members.models import Member
from akkopsi.planning import solve
from akkopsi.planning.engine_messages import located_text
from akkopsi.planning.models import Scenario, SolveResult

SOLVE = "planning.solve"


def _scenarios(params: dict[str, Any]) -> QuerySet[Scenario]:
    rows = solve.unsolved() if params.get("unsolved") else Scenario.objects.all()
    if "scenario" in params:
        rows = rows.filter(pk=params["scenario"])
    if "member" in params:
        rows = rows.filter(plan__member__regency_id=params["member"])
    if "members" in params:  # the command's --member CODE ...
        rows = rows.filter(plan__member__regency_id__in=params["members"])
    return rows


def _permit(by: User | None, params: dict[str, Any]) -> None:
    if by is None:  # a command or the scheduler
        return
    if "scenario" in params:
        scenario = get_object_or_404(Scenario.objects.select_related("plan"), pk=params["scenario"])
        require(by, Permission.PLAN, scenario.plan.member_id)
    elif "member" in params:
        require(by, Permission.PLAN, get_object_or_404(Member, regency_id=params["member"]))
    else:
        require(by, Permission.PLAN)  # every member's plans: not a member's staff


def _items(job: Job) -> list[Any]:
    rows = _scenarios(job.params).order_by("plan__member__regency_id", "plan_id", "id")
    return list(rows.values_list("pk", flat=True))


def _do(job: Job, scenario_id: Any) -> None:
    scenario = (
        Scenario.objects.select_related("plan__member")
        .prefetch_related("plan__baseline", "targets", "envelopes", "apbd", "overrides")
        .get(pk=scenario_id)
    )
    solve.run(scenario, by=job.started_by)


def _describe(scenario_id: Any, exc: Exception) -> str:
    scenario = Scenario.objects.select_related("plan__member").get(pk=scenario_id)
    text = located_text(exc) if isinstance(exc, EngineError) else str(exc)
    return f"{scenario.plan.member} / {scenario.plan} / {scenario}: {text}"


def _result_url(job: Job) -> str:
    if "scenario" in job.params:
        latest = SolveResult.objects.filter(scenario_id=job.params["scenario"]).order_by("-pk")
        saved = latest.first()
        if saved is not None:
            return reverse("planning:result_detail", args=[saved.pk])
        return reverse("planning:scenario_edit", args=[job.params["scenario"]])
    if "member" in job.params:
        return reverse("planning:plan_list", args=[job.params["member"]])
    return reverse("planning:home")


kinds.register(
    kinds.Kind(
        name=SOLVE,
        label=_("Solve investment plans"),
        items=_items,
        do=_do,
        permit=_permit,
        result_url=_result_url,
        expected=(EngineError,),
        describe=_describe,
        part_size=10,
    )
)
