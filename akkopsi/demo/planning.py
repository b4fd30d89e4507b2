"""Demo investment plans: one per member of the seed article, each with two solved scenarios.

* "Anggaran saat ini": the money of the member's verified budget for air limbah and
  persampahan, repeated each year;
* the second scenario shows the other side: where the current money falls short, the same
  money plus the extra money the first solve reported per source and year ("Anggaran
  ditambah kekurangan", it meets the targets); where it is enough, 40% of what the program
  used per source and year ("Anggaran dipotong", it reveals a funding gap).

So every plan has one scenario that meets its targets and one that reveals a gap.

Every other member gets the same five-year plan from its own data, with the one scenario
"Anggaran saat ini", written in bulk and not solved here: about 480 solves take a minute or
more, so the job ``akkopsi solve_plans`` solves them (``make run`` enqueues it at low priority
for the task worker while the server comes up).

Idempotent: nothing happens when any plan exists. Twenty solves.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal
from typing import Any

from django.db.models import QuerySet

from akkopsi.demo.facts import ARTICLE_MEMBERS
from akkopsi.members.models import Member
from akkopsi.planning import services, solve
from akkopsi.planning.models import Plan, Scenario

JUTA = Decimal(1_000_000)
CUT = Decimal("0.4")
NOTE = "Contoh (demo): dari data terverifikasi anggota dan target nasional."


def demo_plan(member: Member, situation: services.Situation) -> services.NewPlan:
    """A five-year plan from the member's situation (its first scenario on current money)."""
    return services.NewPlan(
        member=member,
        fields={
            "name": f"SSK {situation.base_year + 1}-{situation.base_year + 5} (demo)",
            "base_year": situation.base_year,
            "horizon": 5,
            "population": situation.population,
            "households": situation.households or 50_000,
        },
        baseline=situation.baseline,
        scenario_name="Anggaran saat ini",
        description=NOTE,
        situation=situation,
    )


def create_demo_plans(members: list[Member]) -> list[Plan]:
    """The plans of ``members``, in bulk, not solved."""
    situations = services.default_situations(members)
    return services.create_plans([demo_plan(m, situations[m.pk]) for m in members], by=None)


def add_demo_plan(member: Member, situation: services.Situation) -> Plan:
    """A plan with two solved scenarios (see the module's docstring)."""
    return add_demo_plans([member], {member.pk: situation})[0]


def add_demo_plans(members: list[Member], situations: dict[int, services.Situation]) -> list[Plan]:
    """Plans with two solved scenarios each, solved here one after the other (twenty solves)."""
    plans = services.create_plans([demo_plan(m, situations[m.pk]) for m in members], by=None)
    firsts = Scenario.objects.filter(plan__in=plans)
    _solve(firsts)
    seconds = []
    for first in firsts.prefetch_related("results", "envelopes"):
        seconds.append(_second_scenario(first))
    _solve(Scenario.objects.filter(pk__in=[s.pk for s in seconds]))
    return plans


def _solve(scenarios: QuerySet[Scenario]) -> None:
    rows = scenarios.select_related("plan__member").prefetch_related(
        "plan__baseline", "targets", "envelopes", "apbd", "overrides"
    )
    for scenario in rows.order_by("pk"):
        solve.run(scenario)


def _second_scenario(first: Scenario) -> Scenario:
    """The scenario that shows the other side of the first one's result."""
    _, result = solve.load(first.results.all()[0])
    inputs = services.current_inputs(first)
    envelopes: dict[tuple[str, int], Any] = {}
    if result.extra_funding_total > 0:
        name = "Anggaran ditambah kekurangan"
        envelopes = dict(inputs["envelopes"])
        for extra in result.extra_funding:
            more = (extra.rupiah / JUTA).to_integral_value(ROUND_CEILING) * JUTA + JUTA
            key = (extra.source, extra.year)
            envelopes[key] = envelopes.get(key, Decimal(0)) + more
    else:
        name = "Anggaran dipotong"
        for row in result.spending:
            if row.total > 0:
                envelopes[(row.source, row.year)] = (row.total * CUT).quantize(Decimal(1))
    second = services.create_scenario(plan=first.plan, name=name, by=None, copy_from=first)
    inputs = services.current_inputs(second) | {"envelopes": envelopes}
    return services.set_inputs(scenario=second, by=None, description=NOTE, **inputs)


def load_plans() -> int:
    """Create the demo plans (the article's members' solved); returns how many were created."""
    if Plan.objects.exists():
        return 0
    members = list(Member.objects.select_related("regency").order_by("regency_id"))
    article = [m for m in members if m.regency_id in ARTICLE_MEMBERS]
    add_demo_plans(article, services.default_situations(article))
    others = create_demo_plans([m for m in members if m.regency_id not in ARTICLE_MEMBERS])
    return len(article) + len(others)
