"""The optimiser's results stay those of the engine before the speed-up (issue 20, ADR 0056).

``golden/allocation_golden.json`` holds, for synthetic member plans (with and without the
APBD floor), the figures that any optimal program must share: the weighted shortfall, the
costs, the households moved, the extra money, the plants built, every target's result and
the marginal value of money. They were recorded with the engine as it was before the
speed-up. Which source pays what is not compared: money is fungible between the sources
allowed to pay an item, so that split is not unique (another HiGHS random seed alone
changes it on most plans while every figure below stays the same).

Regenerate (only for an intended change of the results, said in its commit):
``python -m akkopsi.engines.tests.test_allocation_golden``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from akkopsi.engines.allocation import InfeasiblePlan, PlanResult, solve
from akkopsi.engines.allocation.samples import floor_plan, member_plan

GOLDEN = Path(__file__).parent / "golden" / "allocation_golden.json"
MEMBER_SEEDS = (0, 37, 74, 111, 148, 185, 222, 259, 296, 333, 370, 407, 444, 481)
FLOOR_SEEDS = (0, 17, 34, 51, 68, 85)
REL = 1e-6
"""Relative tolerance: the solver's (feasibility 1e-7, gap 1e-9) with room for rounding."""


def figures(result: PlanResult) -> dict[str, Any]:
    """The figures of a result that every optimal program shares (see the module docstring)."""
    return {
        "weighted_shortfall": result.weighted_shortfall,
        "total_cost": float(result.total_cost),
        "discounted_cost": float(result.discounted_cost),
        "annualised_cost": float(result.annualised_cost),
        "households_moved": result.households_moved,
        "extra_funding_total": float(result.extra_funding_total),
        "plants": sorted([r.year, r.facility, r.plants] for r in result.plants),
        "targets": [
            [t.achieved_households, t.shortfall_households, t.shortfall_with_unlimited_money]
            for t in result.targets
        ],
        "marginal_values": [m.shortfall_reduction_per_billion for m in result.marginal_values],
    }


def case(kind: str, seed: int) -> dict[str, Any] | None:
    """The figures of one synthetic plan; ``None`` when no program meets its APBD floor."""
    problem = member_plan(seed) if kind == "member" else floor_plan(seed)
    try:
        return figures(solve(problem))
    except InfeasiblePlan:
        return None


def cases() -> list[tuple[str, int]]:
    return [("member", s) for s in MEMBER_SEEDS] + [("floor", s) for s in FLOOR_SEEDS]


def _close(ours: Any, golden: Any, where: str) -> None:
    if isinstance(golden, list):
        assert isinstance(ours, list) and len(ours) == len(golden), where
        for n, (a, b) in enumerate(zip(ours, golden, strict=True)):
            _close(a, b, f"{where}[{n}]")
    elif isinstance(golden, float | int) and not isinstance(golden, bool):
        assert isinstance(ours, float | int), where
        assert math.isclose(ours, golden, rel_tol=REL, abs_tol=REL), (where, ours, golden)
    else:
        assert ours == golden, (where, ours, golden)


def _golden() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(GOLDEN.read_text())
    return data


@pytest.mark.parametrize(("kind", "seed"), cases())
def test_results_equal_the_recorded_ones_within_the_solver_tolerance(kind: str, seed: int) -> None:
    golden = _golden()[f"{kind}-{seed}"]
    ours = case(kind, seed)
    if golden is None:
        assert ours is None
        return
    assert ours is not None
    for name, value in golden.items():
        _close(ours[name], value, f"{kind}-{seed}.{name}")


def test_the_golden_set_covers_shortfalls_plants_and_floors() -> None:
    """The recorded plans exercise what the comparison is for (else it could not fail)."""
    golden = [g for g in _golden().values() if g is not None]
    assert len(golden) >= len(MEMBER_SEEDS)
    assert all(g["weighted_shortfall"] > 0 for g in golden)
    assert sum(1 for g in golden if g["plants"]) >= len(golden) // 2
    assert any(g["extra_funding_total"] > 0 for g in golden)
    assert any(any(v > 0 for v in g["marginal_values"]) for g in golden)


def test_a_changed_figure_is_caught() -> None:
    golden = _golden()["member-0"]
    changed = dict(golden, discounted_cost=golden["discounted_cost"] * (1 + 10 * REL))
    with pytest.raises(AssertionError):
        _close(changed["discounted_cost"], golden["discounted_cost"], "discounted_cost")


if __name__ == "__main__":
    GOLDEN.write_text(
        json.dumps({f"{k}-{s}": case(k, s) for k, s in cases()}, indent=1, sort_keys=True) + "\n"
    )
