"""Turn a solution vector of the model into a :class:`PlanResult`.

Everything reported is recomputed from the households moved and plants built (not read
from the shortfall columns), so the optimiser and the greedy baseline are measured with
the same ruler.

* Money comes back from model units (millions) as ``Decimal`` rounded half-up to whole
  rupiah; spending per source-year is the sum of the rounded program lines.
* Shortfall of target *j*: ``max(0, share x H - households at/above the step)``; the
  weighted shortfall uses the weights of the stage-1 objective (step index).
* Extra funding: extra-money columns of the elastic solve (minimal nominal total).
* Marginal value of money: ``-row_dual x 1000`` of each budget row (model money is
  Rp1 juta, so 1000 units = Rp1 miliar): weighted households of shortfall removed per
  extra Rp1 miliar of that source in that year, plants held at their optimal numbers.
  A linear estimate, valid while the optimal basis holds.
* CACTUS TACH: annualised capital ``capex x r / (1 - (1+r)^-L)`` (``capex / L`` at r = 0)
  plus yearly O&M, per household; facilities are charged per household of capacity.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from akkopsi.engines.allocation.errors import PlanNote
from akkopsi.engines.allocation.model import MONEY_SCALE, FloatArray, Model
from akkopsi.engines.allocation.types import (
    ApbdCheck,
    CostKind,
    CoverageRow,
    ExtraFunding,
    ExtraFundingShare,
    ItemKind,
    MarginalValue,
    Method,
    MoveRow,
    Note,
    OptionCost,
    PlanResult,
    PlantRow,
    ProgramLine,
    SpendingRow,
    TargetKind,
    TargetResult,
)
from akkopsi.engines.rules import format_number, meets_commitment

__all__ = ["build_result", "capital_recovery_factor", "rupiah", "stocks"]

EPS = 1e-9
"""Values below this (model units) are solver noise."""


def rupiah(model_units: float) -> Decimal:
    """Model money (millions of rupiah, float) to whole rupiah (``Decimal``, half-up)."""
    value = Decimal(repr(float(model_units) * MONEY_SCALE)).quantize(Decimal(1), ROUND_HALF_UP)
    return value if value != 0 else Decimal(0)


def _households(value: float) -> float:
    out = round(float(value), 6)
    return 0.0 if out == 0 else out


def capital_recovery_factor(rate: float, life: int) -> float:
    """Share of a capital cost paid each year over ``life`` years at ``rate``."""
    if rate <= 0:
        return 1.0 / life
    return rate / (1.0 - (1.0 + rate) ** -life)


def stocks(model: Model, values: FloatArray) -> list[list[list[float]]]:
    """Households per sub-sector, step and year; index 0 = base year, i + 1 = plan year i."""
    p = model.prepared
    out: list[list[list[float]]] = []
    for g, sub in enumerate(p.subs):
        table = [[sub.baseline[k]] for k in range(len(sub.steps))]
        for i in range(p.horizon):
            delta = [0.0] * len(sub.steps)
            delta[sub.entry] += p.newcomers[i]
            for o, opt in enumerate(p.options):
                if opt.sub != g:
                    continue
                for f in opt.from_steps:
                    x = float(values[model.col_x[o, f, i]])
                    delta[f] -= x
                    delta[opt.to_step] += x
            for k in range(len(sub.steps)):
                table[k].append(table[k][-1] + delta[k])
        out.append(table)
    return out


def _achieved(model: Model, values: FloatArray) -> list[float]:
    p = model.prepared
    out = []
    for j, t in enumerate(p.targets):
        total = model.target_constant[j]
        for o, opt in enumerate(p.options):
            if opt.sub != t.sub or opt.to_step < t.step:
                continue
            for f in opt.from_steps:
                if f < t.step:
                    total += sum(float(values[model.col_x[o, f, i]]) for i in range(t.year + 1))
        out.append(total)
    return out


def shortfalls(model: Model, values: FloatArray) -> list[float]:
    """Shortfall in households of every target (canonical order)."""
    p = model.prepared
    return [
        max(0.0, t.share * p.households[t.year] - got)
        for t, got in zip(p.targets, _achieved(model, values), strict=True)
    ]


def weighted_shortfall(model: Model, values: FloatArray) -> float:
    return sum(
        t.weight * u for t, u in zip(model.prepared.targets, shortfalls(model, values), strict=True)
    )


def _capital_lines(
    model: Model, v: FloatArray, kind: str, q: int, i: int, amount: float
) -> list[ProgramLine]:
    """Capital lines of item ``q`` in year ``i``: one per paying source, ``amount``
    (households or plants) shared pro rata; one line without source when it costs nothing."""
    p = model.prepared
    is_option = kind == "o"
    item = p.options[q] if is_option else p.facilities[q]
    item_kind = ItemKind.OPTION if is_option else ItemKind.FACILITY
    sources = p.option_cap_sources[q] if is_option else p.facility_cap_sources[q]

    def line(source: str | None, money: Decimal, share: float) -> ProgramLine:
        households, plants = (_households(share), 0.0) if is_option else (0.0, share)
        return ProgramLine(
            p.years[i], item.id, item_kind, source, CostKind.CAPITAL, money, households, plants
        )

    if item.capex == 0:
        return [line(None, Decimal(0), amount)] if amount > (EPS if is_option else 0) else []
    money = {s: float(v[model.col_cap[kind, q, i, s]]) for s in sources}
    total = sum(money.values())
    if total <= EPS:
        return []

    def share(m: float) -> float:
        return amount * m / total if is_option else round(amount * m / total, 6)

    return [line(p.sources[s].id, rupiah(m), share(m)) for s, m in money.items() if m > EPS]


def _operating_lines(model: Model, v: FloatArray) -> list[ProgramLine]:
    p = model.prepared
    lines: list[ProgramLine] = []
    for (kind, q, i, s), col in model.col_om.items():
        m = float(v[col])
        if m > EPS:
            item, item_kind = (
                (p.options[q].id, ItemKind.OPTION)
                if kind == "o"
                else (p.facilities[q].id, ItemKind.FACILITY)
            )
            lines.append(
                ProgramLine(
                    p.years[i],
                    item,
                    item_kind,
                    p.sources[s].id,
                    CostKind.OPERATING,
                    rupiah(m),
                    0.0,
                    0.0,
                )
            )
    return lines


def _program(model: Model, v: FloatArray) -> list[ProgramLine]:
    p = model.prepared
    lines: list[ProgramLine] = []
    for o, opt in enumerate(p.options):
        for i in range(p.horizon):
            hh = sum(float(v[model.col_x[o, f, i]]) for f in opt.from_steps)
            lines += _capital_lines(model, v, "o", o, i, hh)
    for e in range(len(p.facilities)):
        for i in range(p.horizon):
            lines += _capital_lines(model, v, "f", e, i, float(np.round(v[model.col_n[e, i]])))
    lines += _operating_lines(model, v)
    lines = [line for line in lines if line.rupiah > 0 or line.households > 0 or line.plants > 0]
    lines.sort(key=lambda r: (r.year, r.item_kind.value, r.item, r.cost_kind.value, r.source or ""))
    return lines


def _extra_shares(model: Model, elastic: FloatArray) -> list[ExtraFundingShare]:
    """Extra money of each source-year shared pro rata among the items it pays in ``elastic``.

    Shares are whole rupiah; the rounding remainder goes to the largest share, so the
    shares of a source-year add up exactly to its rounded extra money.
    """
    p = model.prepared
    spend: dict[tuple[int, int], dict[str, float]] = {}
    for (kind, q, i, s), col in (*model.col_cap.items(), *model.col_om.items()):
        money = float(elastic[col])
        if money > EPS:
            item = p.options[q].id if kind == "o" else p.facilities[q].id
            by_item = spend.setdefault((s, i), {})
            by_item[item] = by_item.get(item, 0.0) + money
    out: list[ExtraFundingShare] = []
    for (s, i), col in sorted(model.col_z.items()):
        z = float(elastic[col])
        total = rupiah(z) if z > EPS else Decimal(0)
        by_item = spend.get((s, i), {})
        paid = sum(by_item.values())
        if total <= 0 or paid <= EPS:
            continue
        shares = {item: rupiah(z * m / paid) for item, m in sorted(by_item.items())}
        biggest = max(shares, key=lambda k: (shares[k], k))
        shares[biggest] += total - sum(shares.values(), Decimal(0))
        year, source = p.years[i], p.sources[s].id
        out.extend(ExtraFundingShare(year, source, k, v) for k, v in shares.items() if v > 0)
    return out


def _moves(model: Model, v: FloatArray) -> list[MoveRow]:
    p = model.prepared
    moves = [
        MoveRow(
            p.years[i],
            p.options[o].id,
            p.subs[p.options[o].sub].id,
            p.subs[p.options[o].sub].steps[f],
            p.subs[p.options[o].sub].steps[p.options[o].to_step],
            _households(float(v[col])),
        )
        for (o, f, i), col in model.col_x.items()
        if v[col] > EPS
    ]
    moves.sort(key=lambda r: (r.year, r.option, r.from_step))
    return moves


def _plants(model: Model, v: FloatArray) -> list[PlantRow]:
    p = model.prepared
    plants = [
        PlantRow(p.years[i], p.facilities[e].id, int(np.round(v[col])))
        for (e, i), col in model.col_n.items()
        if np.round(v[col]) > 0
    ]
    plants.sort(key=lambda r: (r.year, r.facility))
    return plants


def _coverage(model: Model, v: FloatArray) -> list[CoverageRow]:
    p = model.prepared
    coverage: list[CoverageRow] = []
    for g, table in enumerate(stocks(model, v)):
        sub = p.subs[g]
        for i, total in enumerate((p.base_households, *p.households)):
            for k, step in enumerate(sub.steps):
                hh = table[k][i]
                share = hh / total if total > 0 else 0.0
                coverage.append(CoverageRow(sub.id, p.base_year + i, step, _households(hh), share))
    return coverage


def _targets(
    model: Model,
    v: FloatArray,
    method: Method,
    unlimited: list[float] | None,
    notes: list[Note],
) -> list[TargetResult]:
    """Each target's result; a note for each target missed."""
    p = model.prepared
    short = shortfalls(model, v)
    achieved = _achieved(model, v)
    targets: list[TargetResult] = []
    for j, t in enumerate(p.targets):
        sub = p.subs[t.sub]
        required = t.share * p.households[t.year]
        at_base = sum(sub.baseline[t.step :]) >= t.share * p.base_households - 1e-9
        u = short[j]
        met = u <= 1e-6 * max(1.0, required)
        left: float | None = None
        if unlimited is not None:
            left = _households(unlimited[j])
        elif method is Method.OPTIMAL:
            left = 0.0
        original = t.original
        targets.append(
            TargetResult(
                sub.id,
                original.step,
                TargetKind(original.kind),
                original.year,
                float(original.share),
                t.weight,
                _households(required),
                _households(achieved[j]),
                0.0 if met else _households(u),
                met,
                at_base,
                left,
            )
        )
        if not met:
            notes.append(
                Note.of(
                    PlanNote.TARGET_MISSED,
                    target=sub.id,
                    kind=str(original.kind),
                    step=original.step,
                    percent=float(original.share) * 100,
                    year=original.year,
                    households=format_number(u),
                )
            )
    return targets


def _spent(program: list[ProgramLine], source: str, year: int, kind: CostKind) -> Decimal:
    return sum(
        (
            line.rupiah
            for line in program
            if line.source == source and line.year == year and line.cost_kind is kind
        ),
        Decimal(0),
    )


def _spending(model: Model, program: list[ProgramLine]) -> list[SpendingRow]:
    p = model.prepared
    spending: list[SpendingRow] = []
    for src in p.sources:
        for i, year in enumerate(p.years):
            cap = _spent(program, src.id, year, CostKind.CAPITAL)
            om = _spent(program, src.id, year, CostKind.OPERATING)
            env = rupiah(src.envelope[i])
            spending.append(SpendingRow(year, src.id, env, cap, om, cap + om, env - cap - om))
    return spending


def _extra_funding(
    model: Model, elastic: FloatArray | None, unlimited: list[float] | None, notes: list[Note]
) -> list[ExtraFunding]:
    """The extra money of the elastic solve; notes on what it closes and what it cannot."""
    p = model.prepared
    extra: list[ExtraFunding] = []
    if elastic is not None:
        for (s, i), col in sorted(model.col_z.items()):
            amount = rupiah(float(elastic[col])) if elastic[col] > EPS else Decimal(0)
            if amount > 0:
                extra.append(ExtraFunding(p.years[i], p.sources[s].id, amount))
    extra_total = sum((e.rupiah for e in extra), Decimal(0))
    if extra_total > 0:
        notes.append(Note.of(PlanNote.EXTRA_FUNDING, rupiah=format_number(extra_total)))
    if unlimited is not None and any(u > 1e-6 for u in unlimited):
        notes.append(Note.of(PlanNote.NOT_CLOSABLE))
    return extra


def _marginal_values(
    model: Model, duals: FloatArray | None, spending: list[SpendingRow]
) -> list[MarginalValue]:
    p = model.prepared
    marginal: list[MarginalValue] = []
    if duals is None:
        return marginal
    unused = {(row.source, row.year): row.unused for row in spending}
    for (s, i), row in sorted(model.row_budget.items()):
        value = -float(duals[row]) * 1000.0
        value = 0.0 if abs(value) < 1e-7 else round(value, 9)
        binding = unused[p.sources[s].id, p.years[i]] <= 1
        marginal.append(MarginalValue(p.years[i], p.sources[s].id, value, binding))
    return marginal


def _option_costs(model: Model, v: FloatArray) -> tuple[list[OptionCost], float]:
    """CACTUS TACH of every option, and the annualised cost of everything built."""
    p = model.prepared
    r = p.discount_rate
    option_costs: list[OptionCost] = []
    annualised = 0.0
    for o, opt in enumerate(p.options):
        cap_a = opt.capex * capital_recovery_factor(r, opt.life)
        fac_share = 0.0
        if opt.facility >= 0:
            fac = p.facilities[opt.facility]
            fac_share = (fac.capex * capital_recovery_factor(r, fac.life) + fac.opex) / fac.capacity
        option_costs.append(
            OptionCost(
                opt.id,
                rupiah(cap_a),
                rupiah(opt.opex),
                rupiah(fac_share),
                rupiah(cap_a + opt.opex + fac_share),
            )
        )
        moved = sum(
            float(v[model.col_x[o, f, i]]) for f in opt.from_steps for i in range(p.horizon)
        )
        annualised += (cap_a + opt.opex) * moved
    for e, fac in enumerate(p.facilities):
        built = sum(float(np.round(v[model.col_n[e, i]])) for i in range(p.horizon))
        annualised += (fac.capex * capital_recovery_factor(r, fac.life) + fac.opex) * built
    return option_costs, annualised


def _apbd_checks(model: Model, spending: list[SpendingRow], notes: list[Note]) -> list[ApbdCheck]:
    """The 2% commitment of the APBD source each year; a note for each year below it."""
    p = model.prepared
    checks: list[ApbdCheck] = []
    if p.apbd_source < 0:
        return checks
    src_id = p.sources[p.apbd_source].id
    for i, year in enumerate(p.years):
        spent = next(row.total for row in spending if row.source == src_id and row.year == year)
        apbd_i = p.apbd_rupiah[i]
        share = float(spent / apbd_i) if apbd_i > 0 else 0.0
        meets = meets_commitment(spent, apbd_i, p.apbd_percent)
        checks.append(ApbdCheck(year, src_id, spent, apbd_i, share, p.apbd_share, meets))
        if meets is False:
            notes.append(
                Note.of(
                    PlanNote.APBD_BELOW_COMMITMENT,
                    source=src_id,
                    year=year,
                    percent=share * 100,
                    commitment=float(p.apbd_share) * 100,
                )
            )
    return checks


def _life_notes(model: Model) -> list[Note]:
    p = model.prepared
    return [
        Note.of(PlanNote.LIFE_SHORTER_THAN_HORIZON, option=opt.id, life=opt.life)
        for opt in p.options
        if opt.life < p.horizon
    ]


def build_result(
    model: Model,
    values: FloatArray,
    method: Method,
    *,
    duals: FloatArray | None = None,
    elastic: FloatArray | None = None,
    notes: tuple[Note, ...] = (),
) -> PlanResult:
    p = model.prepared
    v = np.where(np.abs(values) < EPS, 0.0, values)
    program = _program(model, v)
    unlimited = shortfalls(model, elastic) if elastic is not None else None
    notes_out: list[Note] = list(notes)
    targets = _targets(model, v, method, unlimited, notes_out)
    spending = _spending(model, program)
    extra = _extra_funding(model, elastic, unlimited, notes_out)
    option_costs, annualised = _option_costs(model, v)
    checks = _apbd_checks(model, spending, notes_out)
    notes_out += _life_notes(model)
    households_moved = sum(float(v[c]) for c in model.col_x.values())
    short = shortfalls(model, v)
    return PlanResult(
        method=method,
        base_year=p.base_year,
        years=p.years,
        program=tuple(program),
        moves=tuple(_moves(model, v)),
        plants=tuple(_plants(model, v)),
        coverage=tuple(_coverage(model, v)),
        targets=tuple(targets),
        spending=tuple(spending),
        extra_funding=tuple(extra),
        marginal_values=tuple(_marginal_values(model, duals, spending)),
        option_costs=tuple(option_costs),
        apbd_checks=tuple(checks),
        total_cost=sum((line.rupiah for line in program), Decimal(0)),
        discounted_cost=rupiah(float(model.money_cost @ v)),
        annualised_cost=rupiah(annualised),
        annualised_cost_per_household=rupiah(annualised / households_moved)
        if households_moved > 1e-6
        else None,
        weighted_shortfall=round(
            sum((t.weight * u for t, u in zip(p.targets, short, strict=True)), 0.0), 6
        ),
        households_moved=_households(households_moved),
        extra_funding_total=sum((e.rupiah for e in extra), Decimal(0)),
        notes=tuple(notes_out),
        extra_funding_by_item=tuple(_extra_shares(model, elastic)) if elastic is not None else (),
    )
