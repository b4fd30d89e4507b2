"""Sanipura Award benchmark (issue 5): scoring an edition through the Django layer.

An edition with 514 eligible nominations and a methodology of 40 catalogue criteria (8
categories of 5, min-max, weighted arithmetic means) is scored by ``awards.compute.run``:
read the verified values of the data year and the jury scores, build the engine's
methodology, compute scores, ranks, contributions and "what would it take", and save the
ResultRun with its JSON snapshot. The floor, in the same run, is the engine alone on the
same table (``compute`` + ``what_would_it_take``); the ratio is the cost of the Django
layer. The uncertainty analysis is left out here (``bench_composite`` times it against
bare numpy). The note carries the SQL query count at 514 and at 103 nominations: it is
the same.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np

from bench import _django
from bench._django import queries, row, timed

N_UNITS = 514
SMALL = 103
N_CAT = 8
PER_CAT = 5
YEAR = 2023
SEED = 20240601


def _members() -> list[Any]:
    from akkopsi.members.models import Member, MembershipPeriod
    from akkopsi.regions.models import Regency

    codes = list(Regency.objects.order_by("code").values_list("code", flat=True)[:N_UNITS])
    members = Member.objects.bulk_create(
        [Member(regency_id=c, membership_number=f"B-{c}") for c in codes]
    )
    MembershipPeriod.objects.bulk_create(
        [MembershipPeriod(member=m, joined_on=date(2010, 1, 1)) for m in members]
    )
    return members


def _catalogue(members: list[Any]) -> list[Any]:
    """40 bench indicators with one verified value per member for YEAR (seeded lognormal)."""
    from akkopsi.data.choices import SubmissionStatus
    from akkopsi.data.models import Indicator, IndicatorValue, Submission

    indicators = Indicator.objects.bulk_create(
        [
            Indicator(
                code=f"bench_{j:02d}",
                name_id=f"Indikator uji {j}",
                name_en=f"Bench indicator {j}",
                unit="%",
                subsector="air_limbah",
                min_value=Decimal(0),
                max_value=Decimal(1000),
                position=100 + j,
            )
            for j in range(N_CAT * PER_CAT)
        ]
    )
    rng = np.random.default_rng(SEED)
    x = rng.lognormal(mean=1.0, sigma=0.6, size=(len(members), len(indicators)))
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(member=m, indicator=ind, year=YEAR, value=Decimal(f"{x[i, j]:.4f}"))
            for i, m in enumerate(members)
            for j, ind in enumerate(indicators)
        ],
        batch_size=2000,
    )
    Submission.objects.bulk_create(
        [Submission(member=m, year=YEAR, status=SubmissionStatus.VERIFIED) for m in members]
    )
    return indicators


def _edition(year: int, indicators: list[Any], members: list[Any]) -> Any:
    from akkopsi.awards.models import Category, Criterion, Edition, MethodologyVersion, Nomination

    version = MethodologyVersion.objects.create(name=f"Bench {year}", weight_noise=0)
    for g in range(N_CAT):
        cat = Category.objects.create(
            methodology=version, code=f"k{g}", name=f"Kategori {g}", position=g
        )
        Criterion.objects.bulk_create(
            [
                Criterion(
                    category=cat,
                    code=f"c{g}_{k}",
                    name=f"Kriteria {g}.{k}",
                    source="catalogue",
                    indicator=indicators[g * PER_CAT + k],
                    position=k,
                )
                for k in range(PER_CAT)
            ]
        )
    edition = Edition.objects.create(
        year=year,
        data_year=YEAR,
        methodology=version,
        nominations_open=date(year, 1, 15),
        nominations_close=date(year, 3, 15),
        jury_closes=date(year, 4, 30),
        announcement=date(year, 5, 19),
    )
    Nomination.objects.bulk_create(
        [Nomination(edition=edition, member=m, narrative="bench", eligible=True) for m in members]
    )
    return edition


def run() -> list[dict[str, Any]]:
    _django.setup()
    from akkopsi.awards import compute
    from akkopsi.engines.composite import compute as engine_compute
    from akkopsi.engines.composite import what_would_it_take

    members = _members()
    indicators = _catalogue(members)
    edition = _edition(2024, indicators, members)
    small = _edition(2025, indicators, members[:SMALL])

    # the floor: the engine alone on the very table and methodology the adapter builds
    criteria = compute._criteria(edition.methodology)
    data = compute.gather(edition, criteria, compute.units_of(edition))
    method = compute.to_methodology(edition.methodology, criteria)
    assert data.values.shape == (N_UNITS, N_CAT * PER_CAT)

    def engine() -> Any:
        res = engine_compute(data, method)
        what_would_it_take(data, method)
        return res

    floor, res = timed(engine, repeat=3)
    seconds, run_ = timed(lambda: compute.run(edition, replications=0), repeat=3)
    got = {u["code"]: u["score"] for u in run_.results["units"]}
    assert np.allclose([got[c] for c in res.units], res.index_scores, atol=1e-6)
    q_large, _ = queries(lambda: compute.run(edition, replications=0))
    q_small, _ = queries(lambda: compute.run(small, replications=0))
    return [
        row(
            f"awards: score an edition through Django ({N_UNITS} x {N_CAT * PER_CAT})",
            seconds,
            "engine alone: compute + what_would_it_take",
            floor,
            f"SQL queries {q_small} at {SMALL} nominations vs {q_large} at {N_UNITS}",
        )
    ]
