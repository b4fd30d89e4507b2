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

from akkopsi.accounts.permissions import ANY_MEMBER, Permission, can, require
from akkopsi.core.exports import export_table
from akkopsi.engines.errors import EngineError
from akkopsi.members.access import member_for_user
from akkopsi.planning import report, services, solve
from akkopsi.planning.access import plan_for_user, result_for_user, scenario_for_user
from akkopsi.planning.engine_messages import engine_message
from akkopsi.planning.forms import CatalogueEditor, PlanForm, ScenarioEditor
from akkopsi.planning.models import Plan

HAS_PDF = importlib.util.find_spec("akkopsi.core.pdf") is not None


@login_required
def home(request: HttpRequest) -> HttpResponse:
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
    member = request.user.member  # type: ignore[union-attr]
    return redirect("planning:plan_list", code=member.code)


@login_required
def plan_list(request: HttpRequest, code: str) -> HttpResponse:
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
def plan_create(request: HttpRequest, code: str) -> HttpResponse:
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
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
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
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan with its scenarios side by side (latest result of each)."""
    plan = plan_for_user(request.user, pk)
    scenarios = list(plan.scenarios.all())
    results = report.latest_results([s.pk for s in scenarios])
    columns = []
    for s in scenarios:
        saved = results.get(s.pk)
        targets = []
        if saved is not None:
            problem, result = solve.load(saved)
            last = {
                (t["sub_sector"], t["step"], t["at_most"]): t
                for t in report.targets_table(problem, result)
            }
            targets = list(last.values())  # each target in its own (last) year
        columns.append({"scenario": s, "result": saved, "targets": targets})
    target_names = [
        (t["sub_sector"], t["step"], t["at_most"]) for c in columns for t in c["targets"]
    ]
    context = {
        "plan": plan,
        "member": plan.member,
        "columns": columns,
        "target_names": list(dict.fromkeys(target_names)),
    }
    return render(request, "planning/plan_detail.html", context)


@login_required
@require_POST
def scenario_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for_user(request.user, pk)
    source = plan.scenarios.filter(pk=request.POST.get("copy_from") or 0).first()
    name = request.POST.get("name") or _("Scenario %(n)s") % {"n": plan.scenarios.count() + 1}
    scenario = services.create_scenario(
        plan=plan, name=name[:200], by=request.user, copy_from=source
    )
    return redirect("planning:scenario_edit", pk=scenario.pk)


@login_required
@require_http_methods(["GET", "POST"])
def scenario_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The scenario editor: targets, money, APBD and options as grids (formsets)."""
    scenario = scenario_for_user(request.user, pk)
    plan: Plan = scenario.plan
    member_options, _facilities = solve.member_catalogue(plan.member_id)
    inputs = services.current_inputs(scenario)
    editor = ScenarioEditor(
        request.POST if request.method == "POST" else None,
        scenario=scenario,
        plan=plan,
        inputs=inputs,
        member_options=member_options,
        interim=solve.interim_preview(plan, inputs["targets"]),
    )
    status = 200
    engine_error = ""
    if request.method == "POST" and editor.is_valid():
        services.set_inputs(
            scenario=scenario, by=request.user, **editor.inputs(), **editor.scenario_fields()
        )
        if "solve" not in request.POST:
            messages.success(request, _("The scenario was saved."))
            return redirect("planning:scenario_edit", pk=scenario.pk)
        try:
            saved = services.solve_scenario(scenario=scenario, by=request.user)
        except EngineError as exc:
            engine_error = engine_message(exc)
            status = 400
        else:
            return redirect("planning:result_detail", pk=saved.pk)
    elif request.method == "POST":
        status = 400
    context = {
        "scenario": scenario,
        "plan": plan,
        "member": plan.member,
        "editor": editor,
        "form": editor.form,
        "engine_error": engine_error,
    }
    return render(request, "planning/scenario_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def catalogue(request: HttpRequest, code: str) -> HttpResponse:
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
def scenario_solve(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = scenario_for_user(request.user, pk)
    try:
        saved = services.solve_scenario(scenario=scenario, by=request.user)
    except EngineError as exc:
        messages.error(request, engine_message(exc))
        return redirect("planning:scenario_edit", pk=scenario.pk)
    return redirect("planning:result_detail", pk=saved.pk)


@login_required
def result_detail(request: HttpRequest, pk: int) -> HttpResponse:
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
