"""Plans in bulk: many plans written at once, many scenarios solved as one job."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from akkopsi.jobs import services as jobs
from akkopsi.jobs.models import Job, State
from akkopsi.planning import services, solve
from akkopsi.planning.jobs import SOLVE
from akkopsi.planning.models import BaselineShare, Plan, Scenario, ScenarioTarget, SolveResult
from akkopsi.planning.tests.conftest import make_plan

pytestmark = pytest.mark.django_db


def _new(member: Any, name: str) -> services.NewPlan:
    situation = services.default_situation(member)
    return services.NewPlan(
        member=member,
        fields={"name": name, "base_year": 2024, "horizon": 3, "households": 2_000},
        baseline=situation.baseline,
        scenario_name="Awal",
    )


def _inputs(plan: Plan) -> dict[str, Any]:
    return services.current_inputs(plan.scenarios.get())


def test_plans_in_bulk_equal_one_by_one_with_history_in_constant_queries(
    members: dict[str, Any],
) -> None:
    a = _new(members["6474"], "A")
    one = services.create_plan(
        member=a.member, by=None, fields=a.fields, baseline=a.baseline, scenario_name="Awal"
    )
    single_plan = [_new(members["6471"], "B")]
    three_plans = [_new(m, f"C{i}") for i, m in enumerate(members.values())]
    with CaptureQueriesContext(connection) as single:
        services.create_plans(single_plan, by=None)
    with CaptureQueriesContext(connection) as three:
        made = services.create_plans(three_plans, by=None)
    assert len(three.captured_queries) == len(single.captured_queries)
    assert [p.member for p in made] == list(members.values())
    # the same defaults as a plan made alone, for the same member
    twin = next(p for p in made if p.member == members["6474"])
    assert _inputs(twin) == _inputs(one) and _inputs(twin)["targets"]
    # every row written has its history row
    for model in (Plan, Scenario, BaselineShare, ScenarioTarget):
        assert model.history.count() == model.objects.count() > 0  # type: ignore[attr-defined]


def test_the_solve_job_saves_what_solves_and_notes_what_does_not(
    members: dict[str, Any],
) -> None:
    good = [make_plan(members["6471"], name="Satu"), make_plan(members["6474"], money=50)]
    bad = make_plan(members["6471"], name="Rusak")
    row = bad.baseline.get(sub_sector="air_limbah", step="babs")
    row.percent += 5  # the ladder no longer sums to 100
    row.save()
    job = jobs.start(SOLVE, by=None, params={"unsolved": True})
    assert (job.state, job.done, job.failed_items, job.total) == (State.SUCCEEDED, 2, 1, 3)
    [why] = job.notes
    assert "Rusak" in why and "harus 100" in why
    # a result from the job is the result a single solve gives
    for plan in good:
        saved = SolveResult.objects.get(scenario__plan=plan)
        again = solve.run(plan.scenarios.get())
        assert (saved.result, saved.gap_total, saved.totals) == (
            again.result,
            again.gap_total,
            again.totals,
        )
    assert list(solve.unsolved()) == [bad.scenarios.get()]


def test_solve_plans_command_by_member_then_all(members: dict[str, Any]) -> None:
    make_plan(members["6471"])
    make_plan(members["6474"])
    out = StringIO()
    call_command("solve_plans", "--member", "6474", stdout=out)
    assert "1 solved, 0 without a result" in out.getvalue()
    assert SolveResult.objects.get().scenario.plan.member == members["6474"]
    call_command("solve_plans", stdout=out)
    out = StringIO()
    call_command("solve_plans", stdout=out)
    assert out.getvalue().strip() == "No scenario to solve."
    call_command("solve_plans", "--all", stdout=out)
    assert SolveResult.objects.count() == 4  # solved again: a new result each, history kept
    # --enqueue leaves it to the workers, at the priority asked (here the test backend runs
    # it at once)
    call_command("solve_plans", "--all", "--enqueue", "--priority", "-50", stdout=out)
    assert SolveResult.objects.count() == 6
    assert Job.objects.order_by("-pk").values_list("priority", flat=True)[0] == -50
