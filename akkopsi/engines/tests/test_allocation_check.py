"""The constraint checker, and the greedy baseline under the APBD floor (hand-checked plans)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from akkopsi.engines.allocation import (
    ApbdRule,
    ApbdRuleMode,
    Constraint,
    Facility,
    InfeasiblePlan,
    Note,
    Option,
    PlanNote,
    PlanProblem,
    PlanResult,
    Source,
    SubSector,
    Target,
    check_result,
    solve,
    solve_greedy,
)

JUTA = 1_000_000
LADDER = ("babs", "layak")


def _one_option(envelope: int = 150 * JUTA, share: str = "0.5") -> PlanProblem:
    """100 households at BABS; a septic tank costs Rp1 jt; one source (APBD), one year."""
    return PlanProblem(
        base_year=2024,
        households=100,
        sub_sectors=(SubSector("air_limbah", "Air limbah", LADDER, (100, 0)),),
        options=(
            Option("tangki", "Tangki septik", "air_limbah", ("babs",), "layak", 1 * JUTA, 0, 20),
        ),
        sources=(Source("apbd", "APBD", (Decimal(envelope),)),),
        targets=(Target("air_limbah", "layak", 2025, Decimal(share)),),
        horizon=1,
    )


def _floor(problem: PlanProblem, *totals: int) -> PlanProblem:
    """``problem`` with a 2 % APBD floor on the source ``apbd`` (APBD totals per year)."""
    rule = ApbdRule(tuple(Decimal(t) for t in totals), "apbd", Decimal("0.02"), ApbdRuleMode.FLOOR)
    return replace(problem, apbd_rule=rule)


def _constraints(problem: PlanProblem, result: PlanResult) -> set[Constraint]:
    return {v.constraint for v in check_result(problem, result)}


def _not_worse(best: PlanResult, other: PlanResult) -> bool:
    """Lexicographic: less weighted shortfall, or as little and no dearer (discounted)."""
    if best.weighted_shortfall < other.weighted_shortfall - 1e-6:
        return True
    return abs(best.weighted_shortfall - other.weighted_shortfall) <= 1e-6 and (
        best.discounted_cost <= other.discounted_cost + 5
    )


def test_greedy_spends_the_apbd_floor_even_beyond_the_targets() -> None:
    # APBD total Rp5 M -> floor 2% = Rp100 jt. The 50% target needs 50 tanks (Rp50 jt); the
    # floor forces Rp100 jt of work: 50 more households move, as in the optimiser's program.
    # The old greedy spent Rp50 jt, broke the floor and was "cheaper" than the optimiser.
    problem = _floor(_one_option(), 5_000 * JUTA)
    best, greedy = solve(problem), solve_greedy(problem)
    [check] = greedy.apbd_checks
    assert (check.spending, check.met) == (Decimal(100 * JUTA), True)
    assert greedy.households_moved == 100.0
    assert greedy.constraints_broken == ()
    assert _constraints(problem, greedy) == set() == _constraints(problem, best)
    assert _not_worse(best, greedy)
    assert greedy.discounted_cost == best.discounted_cost == Decimal(100 * JUTA)


def test_greedy_reports_an_unreachable_floor_as_the_optimiser_does() -> None:
    # everybody already stands on the top step: nothing to spend the floor on
    problem = _floor(
        replace(
            _one_option(), sub_sectors=(SubSector("air_limbah", "Air limbah", LADDER, (0, 100)),)
        ),
        5_000 * JUTA,
    )
    with pytest.raises(InfeasiblePlan) as optimal:
        solve(problem)
    with pytest.raises(InfeasiblePlan) as greedy:
        solve_greedy(problem)
    assert greedy.value.message == optimal.value.message


def test_greedy_builds_whole_plants_when_no_household_can_take_the_floor() -> None:
    # Nobody is left to move, but the APBD may build IPLTs (Rp60 jt each, capacity unused):
    # a floor of Rp100 jt takes two plants (Rp120 jt), as the optimiser's program does.
    problem = _floor(
        replace(
            _one_option(),
            sub_sectors=(SubSector("air_limbah", "Air limbah", LADDER, (0, 100)),),
            facilities=(Facility("iplt", "IPLT", 500, 60 * JUTA),),
            options=(
                Option(
                    "tangki", "Tangki", "air_limbah", ("babs",), "layak", 1 * JUTA, facility="iplt"
                ),
            ),
        ),
        5_000 * JUTA,
    )
    best, greedy = solve(problem), solve_greedy(problem)
    assert [(p.facility, p.plants) for p in greedy.plants] == [("iplt", 2)]
    assert greedy.apbd_checks[0].spending == Decimal(120 * JUTA)
    assert _constraints(problem, greedy) == set() == _constraints(problem, best)
    assert _not_worse(best, greedy)


def _pulled_forward() -> PlanProblem:
    """100 households at BABS, target 100% layak in 2026, Rp100 jt of APBD a year; a floor
    of Rp2 jt in 2025 and of Rp50 jt in 2026."""
    return _floor(
        replace(
            _one_option(),
            sources=(Source("apbd", "APBD", (Decimal(100 * JUTA), Decimal(100 * JUTA))),),
            targets=(Target("air_limbah", "layak", 2026, Decimal(1)),),
            horizon=2,
        ),
        100 * JUTA,
        2_500 * JUTA,
    )


def test_a_floor_the_greedy_misses_is_named_and_the_result_is_not_comparable() -> None:
    # The greedy moves all 100 households in 2025 (the 2026 target needs them and the money
    # is there), so in 2026 nobody is left to spend the floor on. A program meeting the
    # floor exists (50 households each year): the greedy says which constraint it broke.
    problem = _pulled_forward()
    best, greedy = solve(problem), solve_greedy(problem)
    assert _constraints(problem, best) == set()
    assert greedy.constraints_broken == (Constraint.APBD_FLOOR,)
    assert [v.where for v in check_result(problem, greedy)] == ["apbd_rule.2026"]
    assert [c.met for c in greedy.apbd_checks] == [True, False]
    assert Note.of(PlanNote.GREEDY_MISSES_FLOOR, years="2026") in greedy.notes
    # the optimiser's program respects the floor, so it never reports a broken constraint
    assert best.constraints_broken == ()


def test_without_a_floor_the_same_plan_is_a_feasible_greedy_point() -> None:
    problem = replace(_pulled_forward(), apbd_rule=None)
    greedy = solve_greedy(problem)
    assert greedy.constraints_broken == ()
    assert _constraints(problem, greedy) == set()


# --------------------------------------------------------------- the checker itself


def _solved() -> tuple[PlanProblem, PlanResult]:
    problem = _one_option()
    return problem, solve(problem)


def test_checker_finds_nothing_wrong_with_an_optimal_program() -> None:
    problem, result = _solved()
    assert check_result(problem, result) == ()


def test_checker_catches_money_over_the_envelope_and_from_a_source_not_allowed() -> None:
    problem, result = _solved()
    [line] = result.program
    over = replace(result, program=(replace(line, rupiah=Decimal(151 * JUTA)),))
    assert {Constraint.BUDGET, Constraint.CAPITAL} <= _constraints(problem, over)
    barred = replace(
        problem,
        sources=(replace(problem.sources[0], capital_for=frozenset()),),
    )
    assert Constraint.ELIGIBILITY in _constraints(barred, result)


def test_checker_catches_moves_beyond_the_stock_and_the_yearly_cap() -> None:
    problem, result = _solved()
    [move] = result.moves
    assert Constraint.STOCK in _constraints(
        problem, replace(result, moves=(replace(move, households=120.0),))
    )
    capped = replace(problem, options=(replace(problem.options[0], max_households_per_year=40),))
    assert _constraints(capped, result) == {Constraint.OPTION_CAP}


def test_checker_catches_a_floor_not_met_and_a_shortfall_misreported() -> None:
    problem, result = _solved()  # Rp50 jt spent
    assert _constraints(_floor(problem, 5_000 * JUTA), result) == {Constraint.APBD_FLOOR}
    # the 2% rule in check mode is a report, not a constraint
    check = replace(problem, apbd_rule=ApbdRule((Decimal(5_000 * JUTA),), "apbd"))
    assert _constraints(check, result) == set()
    [target] = result.targets
    wrong = replace(result, targets=(replace(target, shortfall_households=3.0, met=False),))
    assert _constraints(problem, wrong) == {Constraint.SHORTFALL}
    assert _constraints(problem, replace(result, discounted_cost=Decimal(1))) == {Constraint.COST}


def test_checker_catches_households_served_beyond_a_plants_capacity() -> None:
    problem = replace(
        _one_option(),
        facilities=(Facility("iplt", "IPLT", 30, 0, existing_spare_capacity=10),),
        options=(
            Option("tangki", "Tangki", "air_limbah", ("babs",), "layak", 1 * JUTA, facility="iplt"),
        ),
    )
    result = solve(problem)  # 10 spare + 2 plants x 30 = 70 >= 50 households
    assert check_result(problem, result) == ()
    assert sum(p.plants for p in result.plants) == 2
    fewer = replace(result, plants=tuple(replace(p, plants=1) for p in result.plants))
    assert Constraint.CAPACITY in _constraints(problem, fewer)
