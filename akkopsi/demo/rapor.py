"""Demo for the Rapor Sanitasi: what the other demo loaders leave out for May 2015.

* The data cycle of every past year (2010-2023) as a closed reporting year (opened on
  15 January, deadline 31 March of the next year), so that a report dated in the past shows
  the cycle of its time; only years not yet present are added.
* Kota Bontang's investment plan "SSK 2015-2019 (demo)" on its verified data of 2014 and
  its 2014 budget for air limbah and persampahan, solved once (the other demo plans start
  from the latest data, years after May 2015).

Idempotent: nothing is added twice. One solve.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from akkopsi.data.choices import Stage, SubSector
from akkopsi.data.models import BudgetLine, ReportingYear
from akkopsi.data.queries import population, values, verified
from akkopsi.engines import rules
from akkopsi.members.models import Member
from akkopsi.planning import services
from akkopsi.planning.models import Plan

BONTANG = "6474"
BASE_YEAR = 2014
PLAN_NAME = "SSK 2015-2019 (demo)"
NOTE = "Contoh (demo): dari data terverifikasi Kota Bontang tahun 2014 dan target nasional."


def load_reporting_years() -> int:
    present = set(ReportingYear.objects.values_list("year", flat=True))
    new = [
        ReportingYear(
            year=y, opens_on=date(y + 1, 1, 15), deadline=date(y + 1, 3, 31), is_open=False
        )
        for y in range(2010, 2024)
        if y not in present
    ]
    ReportingYear.objects.bulk_create(new)
    return len(new)


def load_bontang_2015_plan() -> Plan | None:
    member = Member.objects.filter(regency_id=BONTANG).select_related("regency").first()
    if member is None or Plan.objects.filter(member=member, name=PLAN_NAME).exists():
        return None
    found = values(services.ACCESS_CODES, members=[member.pk], years=[BASE_YEAR])
    access = {
        code: found[code].get((member.pk, BASE_YEAR), Decimal(services.FALLBACK[code]))
        for code in services.ACCESS_CODES
    }
    pop = population({member.pk: member.code}, BASE_YEAR).get(member.pk)
    plan = services.create_plan(
        member=member,
        by=None,
        fields={
            "name": PLAN_NAME,
            "base_year": BASE_YEAR,
            "horizon": 5,
            "population": pop,
            "households": rules.households(pop) or 50_000,
        },
        baseline=services.baseline_from_access(access),
        scenario_name="Anggaran 2014",
    )
    scenario = plan.scenarios.get()
    budget: dict[str, Decimal] = {}
    for source, amount in verified(
        BudgetLine.objects.filter(
            member=member,
            year=BASE_YEAR,
            stage=Stage.PLANNED,
            subsector__in=[SubSector.AIR_LIMBAH, SubSector.PERSAMPAHAN],
        )
    ).values_list("source", "amount"):
        key = services.SOURCE_MAP.get(source)
        if key:
            budget[key] = budget.get(key, Decimal(0)) + amount
    inputs = services.current_inputs(scenario)
    inputs["envelopes"] = {(s, y): a for s, a in budget.items() for y in plan.years}
    services.set_inputs(scenario=scenario, by=None, description=NOTE, **inputs)
    services.solve_scenario(scenario=scenario, by=None)
    return plan


def load_rapor() -> None:
    load_reporting_years()
    load_bontang_2015_plan()
