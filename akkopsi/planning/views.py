"""Pages of the planner: plans per member, plan and scenario editors, results, roll-up."""

from __future__ import annotations

import importlib.util
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from akkopsi.accounts.models import User
from akkopsi.accounts.permissions import ANY_MEMBER, Permission, can, require
from akkopsi.core.exports import export_table
from akkopsi.engines.errors import EngineError
from akkopsi.jobs.views import started
from akkopsi.members.access import member_for_user
from akkopsi.planning import report, services, solve
from akkopsi.planning.access import plan_for_user, result_for_user, scenario_for_user
from akkopsi.planning.engine_messages import engine_message
from akkopsi.planning.forms import CatalogueEditor, PlanForm, ScenarioEditor
from akkopsi.planning.jobs import SOLVE
from akkopsi.planning.models import Plan, Scenario

HAS_PDF = importlib.util.find_spec("akkopsi.core.pdf") is not None


class AuthedRequest(HttpRequest):
    """A request behind ``login_required``: its user is signed in."""

    user: User


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """Secretariat: the roll-up of all plans; member staff: their own plans."""
    if can(request.user, Permission.PLAN):
        province = request.GET.get("provinsi") or None
        data = report.rollup(province)
        fmt = request.GET.get("export")
        if fmt in ("csv", "xlsx"):
            header, rows = report.rollup_export_rows(data)
            return export_table(slugify(f"rollup-{province or 'nasional'}"), header, rows, fmt)
        context = {"rollup": data, "province": province, "charts": report.rollup_charts(data)}
        return render(request, "planning/rollup.html", context)
    require(request.user, Permission.PLAN, ANY_MEMBER)
    member = request.user.member
    assert member is not None  # ``require`` let a member's staff through
    return redirect("planning:plan_list", code=member.code)


@login_required
def plan_list(request: AuthedRequest, code: str) -> HttpResponse:
    member = member_for_user(request.user, code, Permission.PLAN)
    context = {"member": member, "plans": report.member_plans(member)}
    return render(request, "planning/plan_list.html", context)


def _plan_initial(situation: services.Situation) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "name": _("Sanitation investment %(start)s-%(end)s")
        % {"start": situation.base_year + 1, "end": situation.base_year + 5},
        "base_year": situation.base_year,
        "horizon": 5,
        "population": situation.population,
        "households": situation.households,
        # the registry's series when it has the base year and a later or earlier year
        "use_population_series": situation.base_year in situation.population_years
        and len(situation.population_years) >= 2,
    }
    initial |= {f"b_{s}_{k}": v for (s, k), v in situation.baseline.items()}
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: AuthedRequest, code: str) -> HttpResponse:
    member = member_for_user(request.user, code, Permission.PLAN)
    situation = services.default_situation(member)
    form = PlanForm(request.POST or None, initial=_plan_initial(situation))
    if request.method == "POST" and form.is_valid():
        plan = services.create_plan(
            member=member, by=request.user, fields=form.plan_fields(), baseline=form.baseline()
        )
        messages.success(request, _("The plan was created with a first scenario."))
        return redirect("planning:scenario_edit", pk=plan.scenarios.first().pk)  # type: ignore[union-attr]
    context = {"member": member, "form": form, "situation": situation}
    return render(request, "planning/plan_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = plan_for_user(request.user, pk)
    initial = {f"b_{b.sub_sector}_{b.step}": b.percent for b in plan.baseline.all()}
    form = PlanForm(request.POST or None, instance=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_plan(
            plan=plan, by=request.user, fields=form.plan_fields(), baseline=form.baseline()
        )
        messages.success(request, _("The plan was saved. Solve its scenarios again."))
        return redirect("planning:plan_detail", pk=plan.pk)
    context = {"member": plan.member, "form": form, "plan": plan}
    return render(request, "planning/plan_form.html", context)


@login_required
def plan_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """The plan with its scenarios side by side (latest result of each)."""
    plan = plan_for_user(request.user, pk)
    columns, target_names = report.scenario_columns(list(plan.scenarios.all()))
    context = {
        "plan": plan,
        "member": plan.member,
        "columns": columns,
        "target_names": target_names,
    }
    return render(request, "planning/plan_detail.html", context)


@login_required
@require_POST
def scenario_create(request: AuthedRequest, pk: int) -> HttpResponse:
    plan = plan_for_user(request.user, pk)
    source = plan.scenarios.filter(pk=request.POST.get("copy_from") or 0).first()
    name = request.POST.get("name") or _("Scenario %(n)s") % {"n": plan.scenarios.count() + 1}
    scenario = services.create_scenario(
        plan=plan, name=name[:200], by=request.user, copy_from=source
    )
    return redirect("planning:scenario_edit", pk=scenario.pk)


def _scenario_editor(request: HttpRequest, scenario: Scenario) -> ScenarioEditor:
    plan: Plan = scenario.plan
    member_options, _facilities = solve.member_catalogue(plan.member_id)
    inputs = services.current_inputs(scenario)
    return ScenarioEditor(
        request.POST if request.method == "POST" else None,
        scenario=scenario,
        plan=plan,
        inputs=inputs,
        member_options=member_options,
        interim=solve.interim_preview(plan, inputs["targets"]),
    )


def _save_scenario(
    request: AuthedRequest, scenario: Scenario, editor: ScenarioEditor
) -> HttpResponse | str:
    """Save the editor's inputs, then solve when asked: a redirect, or the engine's error."""
    services.set_inputs(
        scenario=scenario, by=request.user, **editor.inputs(), **editor.scenario_fields()
    )
    if "solve" not in request.POST:
        messages.success(request, _("The scenario was saved."))
        return redirect("planning:scenario_edit", pk=scenario.pk)
    try:
        saved = services.solve_scenario(scenario=scenario, by=request.user)
    except EngineError as exc:
        return engine_message(exc)
    return redirect("planning:result_detail", pk=saved.pk)


@login_required
@require_http_methods(["GET", "POST"])
def scenario_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """The scenario editor: targets, money, APBD and options as grids (formsets)."""
    scenario = scenario_for_user(request.user, pk)
    editor = _scenario_editor(request, scenario)
    engine_error = ""
    if request.method == "POST" and editor.is_valid():
        outcome = _save_scenario(request, scenario, editor)
        if isinstance(outcome, HttpResponse):
            return outcome
        engine_error = outcome
    context = {
        "scenario": scenario,
        "plan": scenario.plan,
        "member": scenario.plan.member,
        "editor": editor,
        "form": editor.form,
        "engine_error": engine_error,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "planning/scenario_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def catalogue(request: AuthedRequest, code: str) -> HttpResponse:
    """The member's own unit costs, lifetimes and capacities, used by all its scenarios."""
    member = member_for_user(request.user, code, Permission.PLAN)
    rows = services.member_catalogue_rows(member)
    editor = CatalogueEditor(request.POST if request.method == "POST" else None, rows=rows)
    status = 200
    if request.method == "POST":
        if editor.is_valid():
            changed = services.set_member_catalogue(
                member=member, by=request.user, figures=editor.figures()
            )
            messages.success(
                request,
                _("%(n)s figures changed. Solve the scenarios again to use them.")
                % {"n": len(changed)},
            )
            return redirect("planning:catalogue", code=member.code)
        status = 400
    context = {"member": member, "editor": editor, "history": report.catalogue_history(member)}
    return render(request, "planning/catalogue.html", context, status=status)


@login_required
@require_POST
def scenario_solve(request: AuthedRequest, pk: int) -> HttpResponse:
    """Solve one scenario as a job; its page links to the result (ADR 0054)."""
    scenario = scenario_for_user(request.user, pk)
    return started(request, SOLVE, {"scenario": scenario.pk})


@login_required
@require_POST
def member_solve(request: AuthedRequest, code: str) -> HttpResponse:
    """Solve every scenario of a member's plans as one job."""
    member = member_for_user(request.user, code, Permission.PLAN)
    return started(request, SOLVE, {"member": member.code})


@login_required
@require_POST
def solve_all(request: AuthedRequest) -> HttpResponse:
    """Secretariat: solve every plan never solved, or (``scope=all``) every plan again."""
    require(request.user, Permission.PLAN)
    return started(request, SOLVE, {} if request.POST.get("scope") == "all" else {"unsolved": True})


@login_required
def result_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    saved = result_for_user(request.user, pk)
    problem, result = solve.load(saved)
    scenario = saved.scenario
    fmt = request.GET.get("export")
    filename = slugify(f"program-{scenario.plan.member.code}-{scenario.name}-{saved.pk}")
    if fmt == "xlsx":
        header, rows = report.program_export_rows(problem, result)
        return export_table(filename, header, rows, "xlsx")
    context = {
        "saved": saved,
        "scenario": scenario,
        "plan": scenario.plan,
        "member": scenario.plan.member,
        "result": result,
        "has_pdf": HAS_PDF,
        **report.result_context(problem, result, charts_too=True),
    }
    if fmt == "pdf" and HAS_PDF:
        from akkopsi.core.pdf import pdf_response, render_pdf

        return pdf_response(render_pdf("planning/result_pdf.html", context), filename, inline=False)
    return render(request, "planning/result_detail.html", context)
