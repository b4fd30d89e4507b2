"""The adapter: rows -> engine problem -> JSON snapshot -> the same problem and result."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from akkopsi import engines
from akkopsi.engines.allocation import InvalidPlan, TargetKind
from akkopsi.engines.allocation import solve as engine_solve
from akkopsi.planning import services, solve
from akkopsi.planning.models import BaselineShare, FundingEnvelope, SolveResult


def test_split_households_keeps_the_exact_total() -> None:
    shares = [Decimal("33.333"), Decimal("33.333"), Decimal("33.334")]
    assert solve.split_households(1001, shares) == (334, 333, 334)


def test_build_problem_translates_percent_and_money_without_float(plan: Any) -> None:
    scenario = plan.scenarios.get()
    problem = solve.build_problem(scenario)
    assert problem.base_year == 2024 and problem.horizon == 3 and problem.households == 2000
    assert problem.growth_rate == Decimal("0.012")
    sub = {s.id: s for s in problem.sub_sectors}
    assert sum(sub["air_limbah"].baseline) == 2000
    assert (
        dict(zip(sub["air_limbah"].steps, sub["air_limbah"].baseline, strict=True))["babs"] == 200
    )
    apbd = next(s for s in problem.sources if s.id == "apbd_kabkota")
    assert apbd.envelope == (Decimal("500000000.00"),) * 3
    assert all(isinstance(v, Decimal) for s in problem.sources for v in s.envelope)
    targets = {(t.sub_sector, t.step, t.kind): t for t in problem.targets if t.year == 2027}
    assert targets["air_limbah", "layak", TargetKind.AT_LEAST].share == Decimal("0.9")
    assert targets["air_limbah", "layak", TargetKind.AT_LEAST].year == 2027
    assert problem.apbd_rule is not None and problem.apbd_rule.min_share == Decimal("0.02")


def test_snapshot_round_trip_gives_equal_problem_and_result(plan: Any) -> None:
    problem = solve.build_problem(plan.scenarios.get())
    result = engine_solve(problem)
    assert solve.decode(solve.encode(problem)) == problem
    assert solve.decode(solve.encode(result)) == result


def test_run_saves_inputs_version_and_totals_and_reproduces(plan: Any) -> None:
    scenario = plan.scenarios.get()
    saved = services.solve_scenario(scenario=scenario, by=None)
    saved = SolveResult.objects.get(pk=saved.pk)  # through the JSON column
    problem, result = solve.load(saved)
    assert saved.engine_version == engines.__version__
    assert problem == solve.build_problem(scenario)
    assert solve.reproduce(saved) == result
    assert saved.planned_total == sum((r.total for r in result.spending), Decimal(0))
    assert saved.gap_total == result.extra_funding_total
    by_source = saved.totals["by_source"]
    assert sum(Decimal(p) for p, _g in by_source.values()) == saved.planned_total


def test_option_override_and_disabled_option_reach_the_engine(plan: Any) -> None:
    scenario = plan.scenarios.get()
    inputs = services.current_inputs(scenario)
    inputs["overrides"] = {
        "tangki_septik_individual": (True, Decimal(8_000_000), None, 100),
        "sambungan_spald_t_kota": (False, None, None, None),
    }
    services.set_inputs(scenario=scenario, by=None, **inputs)
    problem = solve.build_problem(scenario)
    options = {o.id: o for o in problem.options}
    assert "sambungan_spald_t_kota" not in options
    assert options["tangki_septik_individual"].capital_cost_per_household == Decimal(8_000_000)
    assert options["tangki_septik_individual"].max_households_per_year == 100
    # funding rules no longer name the removed option (the engine refuses unknown ids)
    assert all(
        s.capital_for is None or "sambungan_spald_t_kota" not in s.capital_for
        for s in problem.sources
    )
    engine_solve(problem)


def test_baseline_not_adding_up_is_an_invalid_plan_naming_the_ladder(plan: Any) -> None:
    BaselineShare.objects.filter(plan=plan, step="babs").update(percent=Decimal(50))
    with pytest.raises(InvalidPlan) as err:
        solve.build_problem(plan.scenarios.get())
    assert err.value.where == "sub_sectors[air_limbah].baseline"


def test_default_situation_uses_the_members_verified_data(members: dict[str, Any]) -> None:
    situation = services.default_situation(members["6474"])
    assert situation.from_data == []  # no verified data in the fixtures: assumptions
    assert sum(v for (s, _k), v in situation.baseline.items() if s == "air_limbah") == 100
    assert sum(v for (s, _k), v in situation.baseline.items() if s == "persampahan") == 100
    assert FundingEnvelope.objects.count() == 0


def test_interim_targets_climb_in_a_straight_line_only_where_needed(plan: Any) -> None:
    scenario = plan.scenarios.get()
    layak = [
        t
        for t in solve.build_problem(scenario).targets
        if (t.sub_sector, t.step, t.kind) == ("air_limbah", "layak", TargetKind.AT_LEAST)
    ]
    # baseline 60% at layak or better -> 70, 80, 90 in 2025, 2026, 2027
    assert sorted((t.year, t.share) for t in layak) == [
        (2025, Decimal("0.7000")),
        (2026, Decimal("0.8000")),
        (2027, Decimal("0.9")),
    ]
    scenario.interim_targets = False
    scenario.save()
    assert len(solve.build_problem(scenario).targets) == 5
