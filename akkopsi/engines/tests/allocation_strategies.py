"""Hypothesis input domains for the allocation engine (small random plans).

A plan has one or two sub-sectors (3-4 step ladders), 2-3 options, at most one facility,
1-3 funding sources and 2-4 plan years; money is whole rupiah in round steps, so the
model stays small (tens of columns) and every solve takes milliseconds.

``plans(apbd=mode)`` adds an APBD rule in that mode on one of the sources, with a yearly
floor of 0-100 % of that source's envelope (never above it, which would be refused); the
other draws stay the same, so ``plans()`` gives the same examples as before.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import strategies as st

from akkopsi.engines.allocation import (
    ApbdRule,
    ApbdRuleMode,
    Facility,
    Option,
    PlanProblem,
    Source,
    SubSector,
    Target,
    TargetKind,
)

JUTA = 1_000_000

LADDERS: tuple[tuple[str, ...], ...] = (
    ("babs", "belum_layak", "layak", "aman"),
    ("tidak", "tertangani", "terkurangi"),
)


def _sub_sectors(draw: st.DrawFn, households: int) -> list[SubSector]:
    subs: list[SubSector] = []
    for g in range(draw(st.integers(1, 2))):
        steps = LADDERS[g]
        cuts = sorted(
            draw(
                st.lists(
                    st.integers(0, households), min_size=len(steps) - 1, max_size=len(steps) - 1
                )
            )
        )
        bounds = [0, *cuts, households]
        baseline = tuple(bounds[k + 1] - bounds[k] for k in range(len(steps)))
        entry = draw(st.sampled_from((None, *steps[:-1])))
        subs.append(SubSector(f"sub{g}", f"Sub {g}", steps, baseline, entry))
    return subs


def _facility(draw: st.DrawFn) -> Facility | None:
    if not draw(st.booleans()):
        return None
    return Facility(
        "plant",
        "Plant",
        capacity_households=draw(st.integers(20, 400)),
        capital_cost_per_plant=draw(st.integers(0, 60)) * JUTA,
        operating_cost_per_plant=draw(st.integers(0, 5)) * JUTA,
        lifetime_years=draw(st.integers(1, 6)),
        existing_spare_capacity=draw(st.integers(0, 100)),
        max_plants_per_year=draw(st.one_of(st.none(), st.integers(0, 3))),
    )


def _option(
    draw: st.DrawFn, n: int, subs: list[SubSector], households: int, facility: Facility | None
) -> Option:
    sub = subs[draw(st.integers(0, len(subs) - 1))]
    to = draw(st.integers(1, len(sub.steps) - 1))
    froms = draw(st.lists(st.integers(0, to - 1), min_size=1, max_size=to, unique=True))
    linked = facility is not None and draw(st.booleans())
    cap = draw(st.one_of(st.none(), st.integers(0, households)))
    return Option(
        f"opt{n}",
        f"Opsi {n}",
        sub.id,
        tuple(sub.steps[f] for f in froms),
        sub.steps[to],
        capital_cost_per_household=draw(st.integers(0, 40)) * 250_000,
        operating_cost_per_household=draw(st.integers(0, 8)) * 50_000,
        lifetime_years=draw(st.integers(1, 8)),
        facility="plant" if linked else None,
        max_households_per_year=cap,
    )


def _sources(
    draw: st.DrawFn, horizon: int, options: list[Option], facility: Facility | None
) -> list[Source]:
    item_ids = [o.id for o in options] + ([facility.id] if facility else [])
    rule = st.one_of(st.none(), st.frozensets(st.sampled_from(item_ids)))
    sources: list[Source] = []
    for s in range(draw(st.integers(1, 3))):
        envelope = tuple(Decimal(draw(st.integers(0, 40)) * 5 * JUTA) for _ in range(horizon))
        sources.append(Source(f"src{s}", f"Sumber {s}", envelope, draw(rule), draw(rule)))
    # every item that costs something gets at least one source allowed to pay it
    costs = {o.id: (o.capital_cost_per_household, o.operating_cost_per_household) for o in options}
    if facility is not None:
        costs[facility.id] = (facility.capital_cost_per_plant, facility.operating_cost_per_plant)
    for item, (capex, opex) in costs.items():
        if capex and not any(s.capital_for is None or item in s.capital_for for s in sources):
            first = sources[0]
            sources[0] = replace(first, capital_for=(first.capital_for or frozenset()) | {item})
        if opex and not any(s.operating_for is None or item in s.operating_for for s in sources):
            first = sources[0]
            sources[0] = replace(first, operating_for=(first.operating_for or frozenset()) | {item})
    return sources


def _targets(draw: st.DrawFn, subs: list[SubSector], base_year: int, horizon: int) -> list[Target]:
    targets: list[Target] = []
    seen: set[tuple[str, str, TargetKind, int]] = set()
    for _ in range(draw(st.integers(1, 3))):
        sub = subs[draw(st.integers(0, len(subs) - 1))]
        kind = draw(st.sampled_from(TargetKind))
        steps = sub.steps[1:] if kind is TargetKind.AT_LEAST else sub.steps[:-1]
        step = draw(st.sampled_from(steps))
        year = base_year + draw(st.integers(1, horizon))
        if (sub.id, step, kind, year) in seen:
            continue
        seen.add((sub.id, step, kind, year))
        share = Decimal(draw(st.integers(0, 20))) / 20
        targets.append(Target(sub.id, step, year, share, kind))
    return targets


def _apbd_rule(draw: st.DrawFn, sources: list[Source], mode: ApbdRuleMode) -> ApbdRule:
    """APBD total = floor / 2 %, the floor a twentieth-step share of the envelope."""
    source = draw(st.sampled_from(sources))
    floors = [Decimal(v) * draw(st.integers(0, 20)) / 20 for v in source.envelope]
    return ApbdRule(tuple(f * 50 for f in floors), source.id, Decimal("0.02"), mode)


@st.composite
def plans(
    draw: st.DrawFn,
    *,
    min_options: int = 2,
    max_options: int = 3,
    apbd: ApbdRuleMode | None = None,
) -> PlanProblem:
    horizon = draw(st.integers(2, 4))
    households = draw(st.integers(50, 2_000))
    subs = _sub_sectors(draw, households)
    facility = _facility(draw)
    options = [
        _option(draw, n, subs, households, facility)
        for n in range(draw(st.integers(min_options, max_options)))
    ]
    sources = _sources(draw, horizon, options, facility)
    base_year = 2024
    targets = _targets(draw, subs, base_year, horizon)
    growth = Decimal(draw(st.integers(0, 5))) / 100
    apbd_rule = None if apbd is None else _apbd_rule(draw, sources, apbd)
    return PlanProblem(
        base_year=base_year,
        households=households,
        sub_sectors=tuple(subs),
        options=tuple(options),
        sources=tuple(sources),
        targets=tuple(targets),
        facilities=(facility,) if facility else (),
        horizon=horizon,
        growth_rate=growth,
        discount_rate=Decimal(draw(st.integers(0, 10))) / 100,
        apbd_rule=apbd_rule,
    )
