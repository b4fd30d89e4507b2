"""Hand-checked plans whose answers are worked out in the comments."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from akkopsi.engines.allocation import (
    ApbdRule,
    ApbdRuleMode,
    CostKind,
    Facility,
    InfeasiblePlan,
    Method,
    Note,
    Option,
    PlanNote,
    PlanProblem,
    PlanResult,
    Source,
    SubSector,
    Target,
    TargetKind,
    build_model,
    default_catalogue,
    default_targets,
    solve,
    solve_greedy,
)

JUTA = 1_000_000
LADDER = ("babs", "layak")


def _one_option(envelope: tuple[int, ...], share: str = "1", horizon: int = 1) -> PlanProblem:
    """100 households all at BABS; a septic tank costs Rp1 jt; one source (APBD)."""
    return PlanProblem(
        base_year=2024,
        households=100,
        sub_sectors=(SubSector("air_limbah", "Air limbah", LADDER, (100, 0)),),
        options=(
            Option("tangki", "Tangki septik", "air_limbah", ("babs",), "layak", 1 * JUTA, 0, 20),
        ),
        sources=(Source("apbd", "APBD", tuple(Decimal(v) for v in envelope)),),
        targets=(Target("air_limbah", "layak", 2024 + horizon, Decimal(share)),),
        horizon=horizon,
    )


def _target(result: PlanResult, step: str) -> tuple[float, float]:
    t = next(t for t in result.targets if t.step == step)
    return t.achieved_households, t.shortfall_households


def test_one_option_one_source_moves_exactly_what_the_target_needs() -> None:
    # Target 50% of 100 at layak -> 50 households x Rp1 jt = Rp50 jt of the Rp80 jt envelope.
    result = solve(_one_option((80 * JUTA,), share="0.5"))
    assert _target(result, "layak") == (50.0, 0.0)
    assert result.total_cost == Decimal(50 * JUTA)
    [line] = result.program
    assert (line.year, line.item, line.source, line.households) == (2025, "tangki", "apbd", 50.0)
    [row] = result.spending
    assert row.unused == Decimal(30 * JUTA)
    assert result.extra_funding == ()
    # money is not binding and the target is met: one more rupiah buys nothing
    assert [m.shortfall_reduction_per_billion for m in result.marginal_values] == [0.0]
    assert result.marginal_values[0].binding is False
    # CACTUS TACH at 5% over 20 years: 1,000,000 x 0.05 / (1 - 1.05^-20) = 80,242.59
    assert result.option_costs[0].total == Decimal(80_243)
    assert result.annualised_cost_per_household == Decimal(80_243)


def test_a_budget_exactly_enough_meets_the_target_with_nothing_left() -> None:
    # 100 households x Rp1 jt = Rp100 jt = the envelope.
    result = solve(_one_option((100 * JUTA,)))
    assert _target(result, "layak") == (100.0, 0.0)
    assert result.weighted_shortfall == 0.0
    assert result.spending[0].total == result.spending[0].envelope == Decimal(100 * JUTA)
    assert result.spending[0].unused == 0
    assert result.extra_funding == ()
    assert result.marginal_values[0].binding is True


def test_an_unreachable_target_reports_the_shortfall_and_the_exact_extra_money() -> None:
    # Rp60 jt moves 60 households; 40 remain at BABS; closing them needs exactly Rp40 jt more.
    result = solve(_one_option((60 * JUTA,)))
    assert _target(result, "layak") == (60.0, 40.0)
    assert result.weighted_shortfall == 40.0  # weight of layak = step index 1
    [extra] = result.extra_funding
    assert (extra.year, extra.source, extra.rupiah) == (2025, "apbd", Decimal(40 * JUTA))
    assert result.extra_funding_total == Decimal(40 * JUTA)
    assert result.targets[0].shortfall_with_unlimited_money == 0.0
    # Rp1 miliar more would move 1,000 households (capped by stock later, but the dual is
    # local): shortfall falls by 1,000 x weight 1 per Rp1 M.
    [mv] = result.marginal_values
    assert mv.shortfall_reduction_per_billion == pytest.approx(1000.0)
    assert mv.binding is True


def test_marginal_value_matches_a_finite_difference_of_the_envelope() -> None:
    base = solve(_one_option((60 * JUTA,)))
    more = solve(_one_option((61 * JUTA,)))  # Rp1 jt more = 1/1000 of Rp1 M
    drop = (base.weighted_shortfall - more.weighted_shortfall) * 1000
    assert drop == pytest.approx(base.marginal_values[0].shortfall_reduction_per_billion)


def _desludging(*, spare: int, envelope: int) -> PlanProblem:
    """1,000 households at layak; desludging (Rp0.1 jt/HH) needs IPLT capacity.

    An IPLT costs Rp500 jt for 5,000 households. Target: 20% aman (200 households).
    """
    return PlanProblem(
        base_year=2024,
        households=1000,
        sub_sectors=(SubSector("air_limbah", "Air limbah", ("layak", "aman"), (1000, 0)),),
        options=(
            Option(
                "lltt",
                "Sedot tinja terjadwal",
                "air_limbah",
                ("layak",),
                "aman",
                100_000,
                0,
                10,
                facility="iplt",
            ),
        ),
        facilities=(Facility("iplt", "IPLT", 5000, 500 * JUTA, 0, 20, spare),),
        sources=(Source("apbd", "APBD", (Decimal(envelope),)),),
        targets=(Target("air_limbah", "aman", 2025, Decimal("0.2")),),
        horizon=1,
    )


def test_desludging_is_blocked_without_iplt_capacity() -> None:
    # Rp100 jt cannot buy an IPLT (Rp500 jt) and there is no spare capacity: nobody moves,
    # although Rp100 jt would pay desludging for 1,000 households.
    result = solve(_desludging(spare=0, envelope=100 * JUTA))
    assert result.moves == ()
    assert _target(result, "aman") == (0.0, 200.0)
    # extra money: one IPLT (Rp500 jt) + 200 x Rp0.1 jt (Rp20 jt) - Rp100 jt envelope = Rp420 jt
    assert result.extra_funding_total == Decimal(420 * JUTA)
    # greedy is blocked the same way
    assert solve_greedy(_desludging(spare=0, envelope=100 * JUTA)).moves == ()


def test_extra_money_is_shared_among_the_items_it_pays_pro_rata() -> None:
    # the extra-funding program pays the IPLT (Rp500 jt) and 200 desludgings (Rp20 jt) from
    # the one source: Rp520 jt, of which Rp420 jt is extra -> 500/520 and 20/520 of it.
    result = solve(_desludging(spare=0, envelope=100 * JUTA))
    shares = {(e.year, e.source, e.item): e.rupiah for e in result.extra_funding_by_item}
    assert shares == {
        (2025, "apbd", "iplt"): Decimal(403_846_154),
        (2025, "apbd", "lltt"): Decimal(16_153_846),
    }
    assert sum(shares.values()) == result.extra_funding_total


def test_desludging_uses_existing_spare_capacity_then_builds_a_plant() -> None:
    # 30 households of spare capacity: 30 move (Rp3 jt), the rest stays short.
    result = solve(_desludging(spare=30, envelope=100 * JUTA))
    assert _target(result, "aman") == (30.0, 170.0)
    assert result.plants == ()
    # With Rp520 jt: one IPLT (Rp500 jt) + 200 x Rp0.1 jt = Rp520 jt exactly.
    result = solve(_desludging(spare=0, envelope=520 * JUTA))
    assert _target(result, "aman") == (200.0, 0.0)
    assert [(p.year, p.facility, p.plants) for p in result.plants] == [(2025, "iplt", 1)]
    assert result.total_cost == Decimal(520 * JUTA)


def test_operating_cost_of_an_earlier_year_consumes_a_later_budget() -> None:
    # Capital Rp1 jt/HH, O&M Rp0.5 jt/HH/yr from the year after the move; envelopes Rp10 jt
    # (2025) and Rp3 jt (2026); target 100% layak in 2026.
    # Moving a in 2025 costs a; in 2026 O&M 0.5a + new moves b <= 3, so a + b <= 3 + 0.5a,
    # maximal at a = 6 (O&M takes the whole 2026 budget): 6 households, shortfall 94.
    problem = replace(
        _one_option((10 * JUTA, 3 * JUTA), horizon=2),
        options=(
            Option(
                "tangki", "Tangki septik", "air_limbah", ("babs",), "layak", 1 * JUTA, 500_000, 20
            ),
        ),
        sources=(Source("apbd", "APBD", (Decimal(10 * JUTA), Decimal(3 * JUTA)), None, None),),
    )
    for result in (solve(problem), solve_greedy(problem)):
        assert _target(result, "layak") == pytest.approx((6.0, 94.0))
        by_year = {(row.year, row.source): row for row in result.spending}
        assert by_year[2025, "apbd"].capital == Decimal(6 * JUTA)
        assert by_year[2026, "apbd"].operating == Decimal(3 * JUTA)
        assert by_year[2026, "apbd"].capital == 0
    om = [line for line in solve(problem).program if line.cost_kind is CostKind.OPERATING]
    assert [(line.year, line.rupiah) for line in om] == [(2026, Decimal(3 * JUTA))]


def test_operating_cost_needs_a_source_allowed_to_pay_it() -> None:
    # Same plan, but APBN pays capital only and APBD (Rp0 capital use) pays O&M: APBD must
    # hold back Rp0.5 jt per household moved in 2025.
    problem = replace(
        _one_option((10 * JUTA, 3 * JUTA), horizon=2),
        options=(
            Option(
                "tangki", "Tangki septik", "air_limbah", ("babs",), "layak", 1 * JUTA, 500_000, 20
            ),
        ),
        sources=(
            Source("apbn", "APBN", (Decimal(10 * JUTA), Decimal(0)), None, frozenset()),
            Source("apbd", "APBD", (Decimal(0), Decimal(2 * JUTA)), frozenset(), None),
        ),
    )
    result = solve(problem)
    # 2025: a <= 10 (APBN); 2026: 0.5a <= 2 (APBD) -> a = 4
    assert _target(result, "layak") == pytest.approx((4.0, 96.0))


def test_at_most_babs_target_reads_as_everybody_above_babs() -> None:
    # "0% BABS" on a 3-step ladder: all 100 must reach at least the second step.
    problem = PlanProblem(
        base_year=2024,
        households=100,
        sub_sectors=(
            SubSector("air_limbah", "Air limbah", ("babs", "belum_layak", "layak"), (40, 60, 0)),
        ),
        options=(Option("jamban", "Jamban", "air_limbah", ("babs",), "belum_layak", 100_000),),
        sources=(Source("apbd", "APBD", (Decimal(3 * JUTA),)),),
        targets=(Target("air_limbah", "babs", 2025, Decimal(0), TargetKind.AT_MOST),),
        horizon=1,
    )
    result = solve(problem)
    # Rp3 jt / Rp0.1 jt = 30 of the 40 BABS households
    [target] = result.targets
    assert (target.required_households, target.achieved_households) == (100.0, 90.0)
    assert target.shortfall_households == 10.0
    assert target.weight == 1.0


def test_growth_enters_at_the_lowest_step_and_raises_the_need() -> None:
    # 10% growth: 110 households in 2025, the 10 newcomers at BABS; target 100% layak
    # needs 110 septic tanks (Rp110 jt).
    problem = replace(_one_option((200 * JUTA,)), growth_rate=Decimal("0.1"))
    result = solve(problem)
    assert result.total_cost == Decimal(110 * JUTA)
    coverage = {(c.year, c.step): c.households for c in result.coverage}
    assert coverage[2024, "babs"] == 100 and coverage[2025, "layak"] == pytest.approx(110)


def test_apbd_two_percent_rule_as_check_and_as_floor() -> None:
    # APBD total Rp5 M -> 2% = Rp100 jt. The 50% target costs only Rp50 jt.
    rule = ApbdRule((Decimal(5_000 * JUTA),), source="apbd")
    problem = replace(_one_option((150 * JUTA,), share="0.5"), apbd_rule=rule)
    [check] = solve(problem).apbd_checks
    assert (check.spending, check.share, check.met) == (Decimal(50 * JUTA), 0.01, False)
    floor = replace(problem, apbd_rule=replace(rule, mode=ApbdRuleMode.FLOOR))
    [check] = solve(floor).apbd_checks
    assert check.spending == Decimal(100 * JUTA) and check.met
    # nothing left to spend on: a floor cannot be met
    nothing = replace(floor, sub_sectors=(SubSector("air_limbah", "Air limbah", LADDER, (0, 100)),))
    with pytest.raises(InfeasiblePlan):
        solve(nothing)


def test_same_input_same_output_and_greedy_is_labelled() -> None:
    problem = _default_plan()
    assert solve(problem) == solve(problem)
    assert solve_greedy(problem).method is Method.GREEDY
    assert solve(problem).method is Method.OPTIMAL


def _default_plan(scale: int = 1) -> PlanProblem:
    cat = default_catalogue()
    subs = (
        SubSector("air_limbah", "Air limbah", cat.ladders[0].steps, (500, 1500, 7000, 1000)),
        SubSector("persampahan", "Persampahan", cat.ladders[1].steps, (4000, 5500, 500)),
    )
    envelope = tuple(Decimal(scale * 2_000 * JUTA) for _ in range(5))
    sources = tuple(rule.source(envelope) for rule in cat.funding_rules)
    return PlanProblem(
        base_year=2024,
        households=10_000,
        sub_sectors=subs,
        options=cat.options,
        sources=sources,
        targets=default_targets(2029),
        facilities=cat.facilities,
        growth_rate=Decimal("0.01"),
    )


def test_default_catalogue_plan_solves_and_beats_greedy() -> None:
    problem = _default_plan()
    best, greedy = solve(problem), solve_greedy(problem)
    assert best.weighted_shortfall <= greedy.weighted_shortfall + 1e-6
    assert build_model(problem).num_cols > 0
    assert {o.option for o in best.option_costs} == {o.id for o in problem.options}


def test_default_catalogue_and_targets_are_consistent() -> None:
    cat = default_catalogue()
    ids = [o.id for o in cat.options] + [f.id for f in cat.facilities]
    assert len(ids) == len(set(ids))
    steps = {ladder.id: ladder.steps for ladder in cat.ladders}
    for option in cat.options:
        assert option.to_step in steps[option.sub_sector]
        assert all(s in steps[option.sub_sector] for s in option.from_steps)
        assert any(r.capital_for is None or option.id in r.capital_for for r in cat.funding_rules)
    targets = {(t.sub_sector, t.step, t.kind): t.share for t in default_targets()}
    assert targets["air_limbah", "layak", TargetKind.AT_LEAST] == Decimal("0.90")
    assert targets["air_limbah", "aman", TargetKind.AT_LEAST] == Decimal("0.15")
    assert targets["air_limbah", "babs", TargetKind.AT_MOST] == 0
    assert targets["persampahan", "terkurangi", TargetKind.AT_LEAST] == Decimal("0.20")
    assert len(cat.funding_rules) == 8


def test_apbd_check_is_the_one_commitment_rule_on_exact_rupiah() -> None:
    # Rp100 jt against an APBD of Rp5 M and one sen: 1.999999999996 %, below 2 % (the old
    # check rounded the APBD to whole rupiah and allowed 1e-9 of float slack: "met").
    rule = ApbdRule((Decimal("5000000000.01"),), source="apbd")
    problem = replace(_one_option((150 * JUTA,)), apbd_rule=rule)
    [check] = solve(problem).apbd_checks
    assert check.spending == Decimal(100 * JUTA)
    assert check.apbd_total == Decimal("5000000000.01")
    assert check.met is False
    exact = replace(problem, apbd_rule=replace(rule, apbd_total=(Decimal(5_000 * JUTA),)))
    assert solve(exact).apbd_checks[0].met is True


def test_notes_write_numbers_the_indonesian_way() -> None:
    # 5,000 households need Rp5 M; Rp1 M moves 1,000 of them: 4.000 short, not "4,000".
    one = _one_option((1_000 * JUTA,))
    sub = replace(one.sub_sectors[0], baseline=(5_000, 0))
    result = solve(replace(one, households=5_000, sub_sectors=(sub,)))
    missed = [n for n in result.notes if isinstance(n, Note) and n.code == PlanNote.TARGET_MISSED]
    assert [dict(n.params)["households"] for n in missed] == ["4.000"], result.notes
    assert "short by 4.000 households" in missed[0].text
