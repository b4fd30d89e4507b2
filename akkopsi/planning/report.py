"""Tables and charts of a solved plan and the roll-up of all plans (read side).

Everything here reads an engine result (decoded from the saved JSON by ``solve.load``) or
the summary columns of saved results; nothing is solved again.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from akkopsi.core import charts, versions
from akkopsi.engines.allocation import CostKind, PlanProblem, PlanResult, TargetKind
from akkopsi.members.models import Member
from akkopsi.planning.engine_messages import note_text
from akkopsi.planning.models import CatalogueOverride, Plan, Scenario, SolveResult
from akkopsi.planning.solve import catalogue, item_sub_sectors, load

ZERO = Decimal(0)
MILIAR = Decimal(1_000_000_000)


def names(problem: PlanProblem) -> dict[str, str]:
    """Display name of every option, facility, source, sub-sector and step id."""
    out = {o.id: o.name for o in problem.options}
    out |= {f.id: f.name for f in problem.facilities}
    out |= {s.id: s.name for s in problem.sources}
    for ladder in catalogue().ladders:
        out[ladder.id] = ladder.name
        out |= {f"{ladder.id}.{s}": n for s, n in zip(ladder.steps, ladder.step_names, strict=True)}
    return out


def cost_kind_label(kind: CostKind) -> str:
    return _("investment") if kind is CostKind.CAPITAL else _("operation and maintenance")


def program_table(problem: PlanProblem, result: PlanResult) -> dict[str, Any]:
    """MPS-style program: one row per item x cost kind x source, one column per year."""
    n = names(problem)
    cells: dict[tuple[str, str, str], dict[int, Decimal]] = defaultdict(
        lambda: defaultdict(Decimal)
    )
    for line in result.program:
        if line.source is None or not line.rupiah:
            continue
        cells[(line.item, line.cost_kind.value, line.source)][line.year] += line.rupiah
    rows: list[dict[str, Any]] = []
    for (item, kind, source), by_year in sorted(cells.items()):
        values = [by_year.get(y, ZERO) for y in result.years]
        rows.append(
            {
                "item": item,
                "item_name": n.get(item, item),
                "cost_kind": cost_kind_label(CostKind(kind)),
                "source": source,
                "source_name": n.get(source, source),
                "values": values,
                "total": sum(values, ZERO),
            }
        )
    year_totals = [sum((r["values"][i] for r in rows), ZERO) for i in range(len(result.years))]
    return {
        "years": result.years,
        "rows": rows,
        "year_totals": year_totals,
        "total": sum(year_totals, ZERO),
    }


def moves_table(problem: PlanProblem, result: PlanResult) -> list[dict[str, Any]]:
    n = names(problem)
    by: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for m in result.moves:
        by[m.option][m.year] += m.households
    for p in result.plants:
        by[p.facility][p.year] += p.plants
    plants = {f.id for f in problem.facilities}
    return [
        {
            "name": n.get(item, item),
            "unit": _("plants") if item in plants else _("households"),
            "values": [round(by[item].get(y, 0.0)) for y in result.years],
            "total": round(sum(by[item].values())),
        }
        for item in sorted(by)
    ]


def _shares(
    result: PlanResult, sub: str, steps: tuple[str, ...], k: int, at_most: bool
) -> list[float]:
    by_year: dict[int, list[float]] = defaultdict(lambda: [0.0] * len(steps))
    for c in result.coverage:
        if c.sub_sector == sub:
            by_year[c.year][steps.index(c.step)] = c.share
    return [100 * (sum(v[: k + 1]) if at_most else sum(v[k:])) for _y, v in sorted(by_year.items())]


def coverage_charts(problem: PlanProblem, result: PlanResult) -> list[charts.Chart]:
    """Per sub-sector: the share at (or above) each target step by year, with the targets."""
    n = names(problem)
    out = []
    years = [result.base_year, *result.years]
    for sub in problem.sub_sectors:
        series: dict[str, Sequence[float | None]] = {}
        marks: dict[str, list[tuple[object, float]]] = defaultdict(list)
        for t in result.targets:
            if t.sub_sector != sub.id:
                continue
            at_most = t.kind is TargetKind.AT_MOST
            step = n.get(f"{sub.id}.{t.step}", t.step)
            label = (_("at most %(step)s") if at_most else _("%(step)s or better")) % {"step": step}
            series[label] = list(
                _shares(result, sub.id, sub.steps, sub.steps.index(t.step), at_most)
            )
            marks[_("target")].append((t.year, 100 * t.share))
        if series:
            out.append(
                charts.line_chart(
                    _("%(sub)s: households by service level (%(pct)s)")
                    % {"sub": sub.name, "pct": "%"},
                    years,
                    series,
                    percent=True,
                    targets=dict(marks),
                )
            )
    return out


def gap_table(problem: PlanProblem, result: PlanResult) -> dict[str, Any]:
    n = names(problem)
    by: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for e in result.extra_funding:
        by[e.source][e.year] += e.rupiah
    rows: list[dict[str, Any]] = [
        {
            "source_name": n.get(s, s),
            "values": [by[s].get(y, ZERO) for y in result.years],
            "total": sum(by[s].values(), ZERO),
        }
        for s in sorted(by)
    ]
    chart = None
    if rows:
        chart = charts.stacked_bar(
            _("Funding gap by year and source (Rp miliar)"),
            [str(y) for y in result.years],
            {r["source_name"]: [float(v / MILIAR) for v in r["values"]] for r in rows},
            y_label="Rp miliar",
        )
    subs = item_sub_sectors(problem)
    by_sub: dict[str, Decimal] = defaultdict(Decimal)
    for share in result.extra_funding_by_item:
        by_sub[subs.get(share.item, "")] += share.rupiah
    sub_rows = [{"name": n.get(k, k), "gap": v} for k, v in sorted(by_sub.items())]
    return {
        "rows": rows,
        "chart": chart,
        "total": result.extra_funding_total,
        "by_sub_sector": sub_rows,
    }


def marginal_table(problem: PlanProblem, result: PlanResult) -> list[dict[str, Any]]:
    n = names(problem)
    by: dict[str, dict[int, float]] = defaultdict(dict)
    for m in result.marginal_values:
        by[m.source][m.year] = m.shortfall_reduction_per_billion
    return [
        {"source_name": n.get(s, s), "values": [by[s].get(y, 0.0) for y in result.years]}
        for s in sorted(by)
        if any(by[s].values())
    ]


def spending_table(problem: PlanProblem, result: PlanResult) -> list[dict[str, Any]]:
    n = names(problem)
    by: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, ZERO])
    for r in result.spending:
        row = by[r.source]
        row[0] += r.envelope
        row[1] += r.total
        row[2] += r.unused
    return [
        {"source_name": n.get(s, s), "envelope": e, "used": u, "unused": x}
        for s, (e, u, x) in sorted(by.items())
        if e or u
    ]


def targets_table(problem: PlanProblem, result: PlanResult) -> list[dict[str, Any]]:
    n = names(problem)
    return [
        {
            "sub_sector": n.get(t.sub_sector, t.sub_sector),
            "step": n.get(f"{t.sub_sector}.{t.step}", t.step),
            "at_most": t.kind is TargetKind.AT_MOST,
            "year": t.year,
            "share": 100 * t.share,
            "required": round(t.required_households),
            "achieved": round(t.achieved_households),
            "shortfall": round(t.shortfall_households),
            "met": t.met,
        }
        for t in result.targets
    ]


def result_context(
    problem: PlanProblem, result: PlanResult, *, charts_too: bool = True
) -> dict[str, Any]:
    gap = gap_table(problem, result)
    if not charts_too:
        gap["chart"] = None
    return {
        "program": program_table(problem, result),
        "moves": moves_table(problem, result),
        "coverage_charts": coverage_charts(problem, result) if charts_too else [],
        "gap": gap,
        "marginal": marginal_table(problem, result),
        "spending": spending_table(problem, result),
        "targets": targets_table(problem, result),
        "apbd_checks": [
            {
                "year": c.year,
                "spending": c.spending,
                "apbd_total": c.apbd_total,
                "share": 100 * c.share,
                "met": c.met,
            }
            for c in result.apbd_checks
        ],
        "years": result.years,
        "notes": [note_text(n) for n in result.notes],
    }


def program_export_rows(
    problem: PlanProblem, result: PlanResult
) -> tuple[list[str], list[list[Any]]]:
    """The program table flat, one row per year x item x source x cost kind."""
    n = names(problem)
    header = [
        _("Year"),
        _("Option or facility"),
        _("Cost"),
        _("Funding source"),
        _("Households"),
        _("Plants"),
        _("Rupiah"),
    ]
    rows = [
        [
            line.year,
            n.get(line.item, line.item),
            cost_kind_label(line.cost_kind),
            n.get(line.source, line.source) if line.source else "",
            round(line.households),
            round(line.plants, 2),
            line.rupiah,
        ]
        for line in sorted(
            result.program, key=lambda x: (x.year, x.item, x.source or "", x.cost_kind.value)
        )
        if line.source is not None and line.rupiah
    ]
    return header, rows


# ------------------------------------------------------------------------- summaries


def latest_results(scenario_ids: list[int]) -> dict[int, SolveResult]:
    """scenario id -> its latest saved result (one query, JSON of the result not loaded)."""
    out: dict[int, SolveResult] = {}
    for saved in (
        SolveResult.objects.filter(scenario_id__in=scenario_ids)
        .defer("inputs", "result")
        .order_by("scenario_id", "-created_at", "-id")
    ):
        out.setdefault(saved.scenario_id, saved)
    return out


def scenario_columns(
    scenarios: list[Scenario],
) -> tuple[list[dict[str, Any]], list[tuple[str, str, bool]]]:
    """The plan page's columns (scenario, latest result, its targets) and the targets shown."""
    results = latest_results([s.pk for s in scenarios])
    columns: list[dict[str, Any]] = []
    for s in scenarios:
        saved = results.get(s.pk)
        targets: list[dict[str, Any]] = []
        if saved is not None:
            problem, result = load(saved)
            last = {
                (t["sub_sector"], t["step"], t["at_most"]): t
                for t in targets_table(problem, result)
            }
            targets = list(last.values())  # each target in its own (last) year
        columns.append({"scenario": s, "result": saved, "targets": targets})
    target_names = [
        (t["sub_sector"], t["step"], t["at_most"]) for c in columns for t in c["targets"]
    ]
    return columns, list(dict.fromkeys(target_names))


def _main_results(province: str | None) -> list[tuple[Plan, SolveResult]]:
    """Each member's latest plan with the latest result of its first scenario (3 queries)."""
    plans = Plan.objects.order_by("member_id", "-base_year", "-id").select_related(
        "member__regency__province"
    )
    if province:
        plans = plans.filter(member__regency__province_id=province)
    latest: dict[int, Plan] = {}
    for plan in plans:
        latest.setdefault(plan.member_id, plan)
    mains: dict[int, int] = {}
    for sid, plan_id in (
        Scenario.objects.filter(plan__in=[p.pk for p in latest.values()])
        .order_by("-id")
        .values_list("id", "plan_id")
    ):
        mains[plan_id] = sid
    results = latest_results(list(mains.values()))
    out = []
    for plan in latest.values():
        saved = results.get(mains.get(plan.pk, -1))
        if saved is not None:
            out.append((plan, saved))
    return out


def _add_totals(
    saved: SolveResult, by_source: dict[str, list[Decimal]], by_sub: dict[str, list[Decimal]]
) -> None:
    """Add a result's planned money and gap by source and by sub-sector."""
    for source, (planned, gap) in saved.totals.get("by_source", {}).items():
        by_source[source][0] += Decimal(planned)
        by_source[source][1] += Decimal(gap)
    for sub, planned in saved.totals.get("by_sub_sector", {}).items():
        by_sub[sub][0] += Decimal(planned)
    gaps = saved.totals.get("gap_by_sub_sector")
    if gaps is None and saved.gap_total:
        gaps = {"": str(saved.gap_total)}  # solved before gaps were shared by item
    for sub, gap in (gaps or {}).items():
        by_sub[sub][1] += Decimal(gap)


def rollup(province: str | None = None) -> dict[str, Any]:
    """Needs, planned funds and gaps of every member with a plan (its latest plan's first
    scenario, latest result), nationally and by province, source and sub-sector (3 queries)."""
    provinces: dict[str, dict[str, Any]] = {}
    by_source: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    by_sub: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    members: list[dict[str, Any]] = []
    total: dict[str, Any] = {"members": 0, "planned": ZERO, "gap": ZERO, "needs": ZERO, "met": 0}
    n = {r.id: r.name for r in catalogue().funding_rules} | {
        ladder.id: ladder.name for ladder in catalogue().ladders
    }
    for plan, saved in _main_results(province):
        prov = plan.member.regency.province
        empty = {"members": 0, "planned": ZERO, "gap": ZERO, "met": 0}
        row = provinces.setdefault(prov.code, {"code": prov.code, "name": prov.name} | empty)
        for agg in (row, total):
            agg["members"] += 1
            agg["planned"] += saved.planned_total
            agg["gap"] += saved.gap_total
            agg["met"] += int(saved.targets_met)
        _add_totals(saved, by_source, by_sub)
        members.append({"member": plan.member, "plan": plan, "result": saved})
    for row in [*provinces.values(), total]:
        row["needs"] = row["planned"] + row["gap"]
    return {
        "total": total,
        "provinces": sorted(provinces.values(), key=lambda r: r["code"]),
        "by_source": [
            {"name": n.get(s, s), "planned": p, "gap": g, "needs": p + g}
            for s, (p, g) in sorted(by_source.items())
        ],
        "by_sub_sector": [
            {"name": n.get(s) or _("not attributed"), "planned": p, "gap": g, "needs": p + g}
            for s, (p, g) in sorted(by_sub.items())
        ],
        "members": sorted(members, key=lambda r: r["member"].code) if province else [],
    }


def rollup_charts(data: dict[str, Any]) -> list[charts.Chart]:
    """Funds planned and funding gap by sub-sector and by source (Rp miliar, stacked).
    Cached under a digest of the figures they draw (drawing is the slow part)."""
    figures = [
        (r["name"], r["planned"], r["gap"]) for k in ("by_sub_sector", "by_source") for r in data[k]
    ]
    key = (
        "planning:rollup-charts:svg:"
        + hashlib.sha256(repr((get_language(), figures)).encode()).hexdigest()
    )
    return versions.cached(key, ("planning",), lambda: _draw_rollup_charts(data))


def _draw_rollup_charts(data: dict[str, Any]) -> list[charts.Chart]:
    out = []
    for key, title in (
        ("by_sub_sector", _("Need by sub-sector: funds planned and funding gap (Rp miliar)")),
        ("by_source", _("Need by funding source: funds planned and funding gap (Rp miliar)")),
    ):
        rows = data[key]
        if rows:
            out.append(
                charts.stacked_bar(
                    title,
                    [r["name"] for r in rows],
                    {
                        _("Funds planned"): [float(r["planned"] / MILIAR) for r in rows],
                        _("Funding gap"): [float(r["gap"] / MILIAR) for r in rows],
                    },
                    y_label="Rp miliar",
                )
            )
    return out


def rollup_export_rows(data: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """The roll-up as one flat table: provinces, sub-sectors, sources and members."""
    header = [
        _("Breakdown"),
        _("Name"),
        _("Members"),
        _("Total need"),
        _("Funds planned"),
        _("Funding gap"),
    ]
    rows: list[list[Any]] = [[_("National"), "", data["total"]["members"], *_money(data["total"])]]
    rows += [[_("Province"), p["name"], p["members"], *_money(p)] for p in data["provinces"]]
    rows += [[_("Sub-sector"), r["name"], "", *_money(r)] for r in data["by_sub_sector"]]
    rows += [[_("Funding source"), r["name"], "", *_money(r)] for r in data["by_source"]]
    rows += [
        [
            _("Member"),
            str(r["member"]),
            1,
            r["result"].needs_total,
            r["result"].planned_total,
            r["result"].gap_total,
        ]
        for r in data["members"]
    ]
    return header, rows


def _money(row: dict[str, Any]) -> list[Decimal]:
    return [row["needs"], row["planned"], row["gap"]]


def member_plans(member: Member) -> list[tuple[Plan, list[tuple[Scenario, SolveResult | None]]]]:
    """The member's plans with their scenarios and latest results (3 queries)."""
    plans = list(Plan.objects.filter(member=member).prefetch_related("scenarios"))
    ids = [s.pk for p in plans for s in p.scenarios.all()]
    results = latest_results(ids)
    return [(p, [(s, results.get(s.pk)) for s in p.scenarios.all()]) for p in plans]


def catalogue_history(member: Member, limit: int = 30) -> list[dict[str, Any]]:
    """The latest changes of the member's catalogue figures: who, when, what (one query)."""
    n = {o.id: o.name for o in catalogue().options} | {f.id: f.name for f in catalogue().facilities}
    rows = (
        CatalogueOverride.history.filter(member_id=member.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )
    return [
        {
            "when": h.history_date,
            "who": h.history_user,
            "item": n.get(h.item, h.item),
            "kind": h.get_history_type_display(),
            "capital_cost": h.capital_cost,
            "operating_cost": h.operating_cost,
            "lifetime_years": h.lifetime_years,
            "capacity_households": h.capacity_households,
            "source": h.source,
        }
        for h in rows
    ]
