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
    n_subs = draw(st.integers(1, 2))
    subs: list[SubSector] = []
    for g in range(n_subs):
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

    facility: Facility | None = None
    if draw(st.booleans()):
        facility = Facility(
            "plant",
            "Plant",
            capacity_households=draw(st.integers(20, 400)),
            capital_cost_per_plant=draw(st.integers(0, 60)) * JUTA,
            operating_cost_per_plant=draw(st.integers(0, 5)) * JUTA,
            lifetime_years=draw(st.integers(1, 6)),
            existing_spare_capacity=draw(st.integers(0, 100)),
            max_plants_per_year=draw(st.one_of(st.none(), st.integers(0, 3))),
        )

    n_options = draw(st.integers(min_options, max_options))
    options: list[Option] = []
    for n in range(n_options):
        sub = subs[draw(st.integers(0, n_subs - 1))]
        to = draw(st.integers(1, len(sub.steps) - 1))
        froms = draw(st.lists(st.integers(0, to - 1), min_size=1, max_size=to, unique=True))
        linked = facility is not None and draw(st.booleans())
        cap = draw(st.one_of(st.none(), st.integers(0, households)))
        options.append(
            Option(
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
        )

    item_ids = [o.id for o in options] + ([facility.id] if facility else [])
    rule = st.one_of(st.none(), st.frozensets(st.sampled_from(item_ids)))
    n_sources = draw(st.integers(1, 3))
    sources: list[Source] = []
    for s in range(n_sources):
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

    base_year = 2024
    targets: list[Target] = []
    seen: set[tuple[str, str, TargetKind, int]] = set()
    for _ in range(draw(st.integers(1, 3))):
        sub = subs[draw(st.integers(0, n_subs - 1))]
        kind = draw(st.sampled_from(TargetKind))
        steps = sub.steps[1:] if kind is TargetKind.AT_LEAST else sub.steps[:-1]
        step = draw(st.sampled_from(steps))
        year = base_year + draw(st.integers(1, horizon))
        if (sub.id, step, kind, year) in seen:
            continue
        seen.add((sub.id, step, kind, year))
        share = Decimal(draw(st.integers(0, 20))) / 20
        targets.append(Target(sub.id, step, year, share, kind))

    growth = Decimal(draw(st.integers(0, 5))) / 100
    apbd_rule: ApbdRule | None = None
    if apbd is not None:
        # APBD total = floor / 2 %, the floor a twentieth-step share of the envelope
        source = draw(st.sampled_from(sources))
        floors = [Decimal(v) * draw(st.integers(0, 20)) / 20 for v in source.envelope]
        apbd_rule = ApbdRule(tuple(f * 50 for f in floors), source.id, Decimal("0.02"), apbd)
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
