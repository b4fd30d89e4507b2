"""Synthetic member plans from a fixed seed, for the benchmark and the golden-result test.

:func:`member_plan` is a kabupaten/kota with a 5-year plan on the default catalogue and seven
funding sources; :func:`floor_plan` adds the APBD 2 % rule as a floor. The same seed always
gives the same problem, so a run of ``make bench`` and the golden set solve the same plans.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from akkopsi.engines.allocation.defaults import default_catalogue, default_targets
from akkopsi.engines.allocation.types import (
    ApbdRule,
    ApbdRuleMode,
    Facility,
    Option,
    PlanProblem,
    SubSector,
)

__all__ = ["SEVEN_SOURCES", "floor_plan", "member_plan"]

SEVEN_SOURCES = ("apbd_kabkota", "apbd_provinsi", "dak", "apbn", "hibah", "csr", "swadaya")


def _split(total: int, shares: npt.NDArray[np.float64]) -> tuple[int, ...]:
    raw = np.floor(shares / shares.sum() * total).astype(int)
    raw[-1] += total - int(raw.sum())
    return tuple(int(v) for v in raw)


def member_plan(seed: int) -> PlanProblem:
    """A synthetic kabupaten/kota: 5-year plan, default catalogue, seven sources."""
    rng = np.random.default_rng(seed)
    cat = default_catalogue()
    households = int(rng.integers(15_000, 400_000))
    air = _split(households, rng.dirichlet([0.6, 1.5, 6.0, 0.8]))
    waste = _split(households, rng.dirichlet([3.0, 5.0, 0.4]))
    subs = (
        SubSector("air_limbah", "Air limbah domestik", cat.ladders[0].steps, air),
        SubSector("persampahan", "Persampahan", cat.ladders[1].steps, waste),
    )
    # yearly sanitation money ~ Rp40,000-250,000 per household, split over the sources
    per_year = households * float(rng.uniform(40_000, 250_000))
    weights = rng.dirichlet([4, 1, 3, 2, 0.5, 0.3, 0.5])
    rules = {r.id: r for r in cat.funding_rules}
    sources = tuple(
        rules[sid].source(
            tuple(Decimal(int(per_year * w * rng.uniform(0.8, 1.2))) for _ in range(5))
        )
        for sid, w in zip(SEVEN_SOURCES, weights, strict=True)
    )
    options: tuple[Option, ...] = cat.options
    facilities: tuple[Facility, ...] = tuple(
        Facility(
            f.id,
            f.name,
            f.capacity_households,
            f.capital_cost_per_plant,
            f.operating_cost_per_plant,
            f.lifetime_years,
            existing_spare_capacity=int(rng.integers(0, 2)) * f.capacity_households // 2,
        )
        for f in cat.facilities
    )
    return PlanProblem(
        base_year=2024,
        households=households,
        sub_sectors=subs,
        options=options,
        sources=sources,
        targets=default_targets(2029),
        facilities=facilities,
        growth_rate=Decimal(str(round(float(rng.uniform(0.0, 0.02)), 4))),
    )


def floor_plan(seed: int) -> PlanProblem:
    """:func:`member_plan` with the APBD 2 % rule as a floor of 50-100 % of its envelope."""
    plan = member_plan(seed)
    rng = np.random.default_rng(10_000 + seed)
    apbd = next(s for s in plan.sources if s.id == "apbd_kabkota")
    totals = tuple(Decimal(int(float(v) * rng.uniform(0.5, 1.0) * 50)) for v in apbd.envelope)
    rule = ApbdRule(totals, "apbd_kabkota", Decimal("0.02"), ApbdRuleMode.FLOOR)
    return replace(plan, apbd_rule=rule)
