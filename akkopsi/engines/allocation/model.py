r"""Build the sanitation investment MILP as sparse arrays (OSeMOSYS-style).

Sets and data
-------------
* plan years :math:`i = 0..T-1` (calendar year ``base_year + 1 + i``); households
  :math:`H_i` (:math:`H_{-1}` = base year), newcomers :math:`N_i = H_i - H_{i-1} \ge 0`;
* sub-sectors :math:`g`, each a ladder of steps :math:`k = 0..K_g-1` (lowest first), baseline
  :math:`B_{g,k}` households, entry step :math:`\epsilon_g` of newcomers (default 0);
* options :math:`o` of sub-sector :math:`g(o)`, from-steps :math:`F_o`, to-step
  :math:`k_o > \max F_o`, capital :math:`a_o` per household, O&M :math:`b_o` per household
  per year, life :math:`L_o`, optional annual cap :math:`U_o` and facility :math:`e(o)`;
* facilities :math:`e`: capacity :math:`C_e` households per plant, capital :math:`A_e` and
  O&M :math:`B^{op}_e` per plant, life :math:`L_e`, spare capacity :math:`R_e`, annual cap
  :math:`M_e` plants;
* sources :math:`s`: envelope :math:`E_{s,i}`; :math:`K(q)` / :math:`O(q)` = sources allowed
  to pay the capital / O&M of item :math:`q` (option or facility);
* targets :math:`j` = (sub-sector, step :math:`k_j`, year :math:`i_j`, share :math:`v_j`),
  all in "at least" form: *at most* :math:`v` *at or below* step :math:`k` is rewritten as
  *at least* :math:`1-v` *at or above* step :math:`k+1` (so "0% BABS" = "100% >= the step
  above BABS"). An "at most" on the top step is refused (it says nothing).

Variables (all :math:`\ge 0`)
------------------------------
* :math:`x_{o,f,i}` households moved by option :math:`o` from step :math:`f \in F_o` in year
  :math:`i` (continuous);
* :math:`n_{e,i} \in \mathbb{Z}` plants built (:math:`\le M_e`);
* :math:`c_{q,i,s}` capital money of item :math:`q` paid by :math:`s \in K(q)` in year :math:`i`;
* :math:`m_{q,i,s}` O&M money of item :math:`q` paid by :math:`s \in O(q)` in year :math:`i`;
* :math:`u_j` shortfall of target :math:`j` in households;
* :math:`z_{s,i}` extra money (fixed at 0 except in the "extra funding" solve).

"Households moved by option o in year i funded by source s" is :math:`c_{o,i,s}/a_o`: the
source split is carried by the money variables, so an option with no capital cost needs no
source, and the report divides households between sources pro rata.

Constraints (money in millions of rupiah, households as they are)
------------------------------------------------------------------
.. math::

   \textstyle\sum_{s\in K(o)} c_{o,i,s} = a_o \sum_f x_{o,f,i}, \qquad
   \sum_{s\in K(e)} c_{e,i,s} = A_e\, n_{e,i}                                  \quad (capital)

   \textstyle\sum_{s\in O(o)} m_{o,i,s} = b_o \sum_{i-L_o<\tau<i} \sum_f x_{o,f,\tau}, \qquad
   \sum_{s\in O(e)} m_{e,i,s} = B^{op}_e \sum_{i-L_e<\tau<i} n_{e,\tau}          \quad (O\&M)

   \textstyle\sum_q c_{q,i,s} + \sum_q m_{q,i,s} - z_{s,i} \le E_{s,i}          \quad (budget)

O&M starts the year *after* the build year and stops when the asset's life ends; it is paid
by the sources allowed to pay O&M for that item, in any split (typically APBD kab/kota and,
for community assets and desludging fees, swadaya).

Stock (households leave a step only from those standing on it at the start of the year,
plus newcomers of that year; a household cannot climb two options in one year):

.. math::

   \sum_{o: k\in F_o} x_{o,k,i} \le B_{g,k} + [k=\epsilon_g]\sum_{\tau\le i} N_\tau
        + \sum_{\tau<i}\Big(\sum_{o: k_o=k}\sum_f x_{o,f,\tau} - \sum_{o: k\in F_o} x_{o,k,\tau}\Big)

Capacity link (households served keep using the facility; a plant gives capacity while it
lives), annual build caps:

.. math::

   \sum_{o: e(o)=e}\sum_{\tau\le i}\sum_f x_{o,f,\tau} \le R_e + C_e \sum_{i-L_e<\tau\le i} n_{e,\tau},
   \qquad \sum_f x_{o,f,i} \le U_o

Targets (stock at or above :math:`k_j` at the end of year :math:`i_j`, plus the shortfall):

.. math::

   \sum_{k\ge k_j} B_{g,k} + [\epsilon_g \ge k_j]\sum_{\tau\le i_j} N_\tau
   + \sum_{\tau\le i_j}\sum_{o: k_o\ge k_j}\sum_{f\in F_o, f<k_j} x_{o,f,\tau} + u_j \ge v_j H_{i_j}

APBD floor (``ApbdRule`` in floor mode): :math:`\sum_q c_{q,i,s^*} + m_{q,i,s^*} \ge
\rho\,\mathrm{APBD}_i`.

Objective (lexicographic, two solves, no big-M)
-----------------------------------------------
1. :math:`z_1^* = \min \sum_j w_j u_j` with weight :math:`w_j = k_j` (index of the target
   step on its ladder, lowest = 0): higher steps weigh more, and the unit is "households x
   steps", so closing an aman shortfall counts three times a BABS one on the 4-step ladder;
2. add :math:`\sum_j w_j u_j \le z_1^* + 10^{-9}\max(1, z_1^*)` and
   :math:`\min \sum_i \delta_i \sum_s \big(\sum_q c_{q,i,s} + m_{q,i,s}\big)`,
   :math:`\delta_i = (1+r)^{-i}` (discounted to the first plan year).

Extra funding: the columns :math:`z_{s,i}` (upper bound 0 otherwise) are opened; stage 1
then gives the smallest shortfall that any amount of money can reach (what stays short is
blocked by stock, capacity life or build caps) and stage 2 minimises :math:`\sum_{s,i}
z_{s,i}` (nominal) at that shortfall: the minimal extra money per source and year.

Marginal value of money: plants are fixed at their stage-2 values, integrality dropped, and
the stage-1 LP solved again; the dual :math:`y_{s,i} \le 0` of budget row :math:`(s,i)` is
:math:`\partial z_1 / \partial E_{s,i}`, reported as :math:`-1000\,y_{s,i}` per Rp1 miliar.

A weighted single objective would need a big-M of the order of (cost x households) /
(tolerance), about 1e12 here; two solves keep every coefficient within ~1e-1..1e6.

Scaling: money enters the model in millions of rupiah (a septic tank is 10, an IPLT 6,600,
a yearly envelope 1e3..1e5), so coefficients stay within a few orders of magnitude.

Validation decisions (:class:`InvalidPlan`, ``where`` names the input): a target already
met at baseline (share below the baseline share) is accepted and reported as
``met_at_baseline`` - growth entering at a low step can still make it bind; a target dated
in the base year or earlier, or after the horizon, is refused as meaningless (the program
cannot change it); so are shares outside [0, 1], an "at most" on the top step, duplicate
targets, unknown sub-sectors/steps/facilities/ids, a from-step not strictly below the
to-step, negative households/baselines/money/rates, float money, a baseline not adding up
to the households, a falling household series, an item with a cost that no source may pay,
a horizon below one year, and an APBD floor above that source's envelope.

Not modelled (documented simplifications): salvage value of assets living past the
horizon, households falling back when an asset's life ends inside the horizon, O&M of
assets that existed in the base year (the envelopes are what is left for the program),
declining household numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import numpy.typing as npt

from akkopsi.engines.allocation.errors import InvalidPlan
from akkopsi.engines.allocation.types import ApbdRuleMode, PlanProblem, Target, TargetKind

__all__ = ["MONEY_SCALE", "Model", "Prepared", "build_model", "prepare"]

MONEY_SCALE = 1_000_000
"""Rupiah per model money unit (the model counts money in millions of rupiah)."""

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int32]


# ------------------------------------------------------------------ prepared problem


@dataclass(frozen=True, slots=True)
class PSub:
    id: str
    steps: tuple[str, ...]
    baseline: tuple[float, ...]
    entry: int


@dataclass(frozen=True, slots=True)
class POption:
    id: str
    sub: int
    from_steps: tuple[int, ...]
    to_step: int
    capex: float
    opex: float
    life: int
    facility: int
    """Index into ``Prepared.facilities``; -1 = none."""
    max_per_year: float


@dataclass(frozen=True, slots=True)
class PFacility:
    id: str
    capacity: float
    capex: float
    opex: float
    life: int
    spare: float
    max_per_year: float


@dataclass(frozen=True, slots=True)
class PSource:
    id: str
    envelope: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class PTarget:
    sub: int
    step: int
    """At-least step (``AT_MOST`` targets are rewritten)."""
    year: int
    share: float
    """At-least share."""
    weight: float
    original: Target


@dataclass(frozen=True, slots=True)
class Prepared:
    """A validated problem in canonical order (every list sorted by id) and model units."""

    base_year: int
    horizon: int
    base_households: float
    households: tuple[float, ...]
    newcomers: tuple[float, ...]
    subs: tuple[PSub, ...]
    options: tuple[POption, ...]
    facilities: tuple[PFacility, ...]
    sources: tuple[PSource, ...]
    targets: tuple[PTarget, ...]
    option_cap_sources: tuple[tuple[int, ...], ...]
    option_om_sources: tuple[tuple[int, ...], ...]
    facility_cap_sources: tuple[tuple[int, ...], ...]
    facility_om_sources: tuple[tuple[int, ...], ...]
    discount_rate: float
    discount: tuple[float, ...]
    apbd_source: int
    """-1 = no APBD rule."""
    apbd_total: tuple[float, ...]
    apbd_share: float
    apbd_floor: bool
    apbd_rupiah: tuple[Decimal, ...] = ()
    """The APBD totals as given (exact rupiah), for the commitment check."""
    apbd_percent: Decimal = Decimal(0)
    """The minimum share as an exact percent, for the commitment check."""

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(self.base_year + 1 + i for i in range(self.horizon))


def _money(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise InvalidPlan("uang harus Decimal atau int rupiah, bukan float", where=where)
    if isinstance(value, Decimal) and not value.is_finite():
        raise InvalidPlan("nilai uang tidak terhingga", where=where)
    if value < 0:
        raise InvalidPlan("nilai uang tidak boleh negatif", where=where)
    return float(value) / MONEY_SCALE


def _ratio(value: object, where: str, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, Decimal | float | int):
        raise InvalidPlan("harus berupa angka", where=where)
    out = float(value)
    if not math.isfinite(out) or out < lo or out > hi:
        raise InvalidPlan(f"harus di antara {lo:g} dan {hi:g}", where=where)
    return out


def _count(value: object, where: str, *, positive: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidPlan("harus bilangan bulat", where=where)
    if value < (1 if positive else 0):
        raise InvalidPlan(
            "harus lebih dari nol" if positive else "tidak boleh negatif", where=where
        )
    return value


def _unique(ids: Sequence[str], where: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise InvalidPlan(f"id '{item}' dipakai lebih dari sekali", where=f"{where}[{item}]")
        seen.add(item)


def _household_series(problem: PlanProblem, horizon: int) -> tuple[float, tuple[float, ...]]:
    base = float(_count(problem.households, "households"))
    if problem.household_series is not None:
        series = problem.household_series
        if len(series) != horizon:
            raise InvalidPlan(
                f"deret rumah tangga harus berisi {horizon} tahun rencana, bukan {len(series)}",
                where="household_series",
            )
        out: list[float] = []
        prev = base
        for i, value in enumerate(series):
            where = f"household_series[{problem.base_year + 1 + i}]"
            now = float(_count(value, where))
            if now < prev:
                raise InvalidPlan("jumlah rumah tangga tidak boleh turun", where=where)
            out.append(now)
            prev = now
        return base, tuple(out)
    growth = _ratio(problem.growth_rate, "growth_rate", 0.0, 1.0)
    return base, tuple(base * (1.0 + growth) ** (i + 1) for i in range(horizon))


def _allowed(rule: frozenset[str] | None, item: str, known: set[str], where: str) -> bool:
    if rule is None:
        return True
    if not isinstance(rule, frozenset):
        raise InvalidPlan("harus frozenset id atau None", where=where)
    unknown = sorted(rule - known)
    if unknown:
        raise InvalidPlan(f"id tidak dikenal: {', '.join(unknown)}", where=where)
    return item in rule


def prepare(problem: PlanProblem) -> Prepared:
    """Validate ``problem`` and bring it into canonical order and model units.

    Raises :class:`InvalidPlan` naming the offending input.
    """
    horizon = problem.horizon
    if isinstance(horizon, bool) or not isinstance(horizon, int) or horizon < 1:
        raise InvalidPlan("horizon rencana minimal satu tahun", where="horizon")
    base_year = problem.base_year
    years = [base_year + 1 + i for i in range(horizon)]
    base, households = _household_series(problem, horizon)
    newcomers = tuple(households[i] - (households[i - 1] if i else base) for i in range(horizon))
    r = _ratio(problem.discount_rate, "discount_rate", 0.0, 1.0)

    # sub-sectors and ladders
    _unique([s.id for s in problem.sub_sectors], "sub_sectors")
    subs: list[PSub] = []
    for sub in sorted(problem.sub_sectors, key=lambda s: s.id):
        where = f"sub_sectors[{sub.id}]"
        if len(sub.steps) < 2:
            raise InvalidPlan("tangga layanan minimal dua anak tangga", where=f"{where}.steps")
        if len(set(sub.steps)) != len(sub.steps):
            raise InvalidPlan("nama anak tangga ganda", where=f"{where}.steps")
        if len(sub.baseline) != len(sub.steps):
            raise InvalidPlan(
                "jumlah angka baseline harus sama dengan jumlah anak tangga",
                where=f"{where}.baseline",
            )
        baseline = tuple(
            float(_count(v, f"{where}.baseline[{step}]"))
            for step, v in zip(sub.steps, sub.baseline, strict=True)
        )
        if sum(baseline) != base:
            raise InvalidPlan(
                f"baseline berjumlah {sum(baseline):.0f}, bukan {base:.0f} rumah tangga",
                where=f"{where}.baseline",
            )
        entry = 0
        if sub.entry_step is not None:
            if sub.entry_step not in sub.steps:
                raise InvalidPlan(
                    f"anak tangga '{sub.entry_step}' tidak dikenal", where=f"{where}.entry_step"
                )
            entry = sub.steps.index(sub.entry_step)
        subs.append(PSub(sub.id, tuple(sub.steps), baseline, entry))
    sub_index = {s.id: n for n, s in enumerate(subs)}

    # facilities
    _unique([f.id for f in problem.facilities], "facilities")
    facs: list[PFacility] = []
    for fac in sorted(problem.facilities, key=lambda f: f.id):
        where = f"facilities[{fac.id}]"
        cap = _count(fac.capacity_households, f"{where}.capacity_households", positive=True)
        top = fac.max_plants_per_year
        facs.append(
            PFacility(
                fac.id,
                float(cap),
                _money(fac.capital_cost_per_plant, f"{where}.capital_cost_per_plant"),
                _money(fac.operating_cost_per_plant, f"{where}.operating_cost_per_plant"),
                _count(fac.lifetime_years, f"{where}.lifetime_years", positive=True),
                float(_count(fac.existing_spare_capacity, f"{where}.existing_spare_capacity")),
                math.inf if top is None else float(_count(top, f"{where}.max_plants_per_year")),
            )
        )
    fac_index = {f.id: n for n, f in enumerate(facs)}

    # options
    _unique([o.id for o in problem.options], "options")
    if set(fac_index) & {o.id for o in problem.options}:
        raise InvalidPlan("opsi dan fasilitas tidak boleh memakai id yang sama", where="options")
    opts: list[POption] = []
    for opt in sorted(problem.options, key=lambda o: o.id):
        where = f"options[{opt.id}]"
        if opt.sub_sector not in sub_index:
            raise InvalidPlan(
                f"sub-sektor '{opt.sub_sector}' tidak dikenal", where=f"{where}.sub_sector"
            )
        g = sub_index[opt.sub_sector]
        steps = subs[g].steps
        if opt.to_step not in steps:
            raise InvalidPlan(
                f"anak tangga '{opt.to_step}' tidak dikenal", where=f"{where}.to_step"
            )
        if not opt.from_steps:
            raise InvalidPlan("opsi harus punya anak tangga asal", where=f"{where}.from_steps")
        for step in opt.from_steps:
            if step not in steps:
                raise InvalidPlan(
                    f"anak tangga '{step}' tidak dikenal", where=f"{where}.from_steps"
                )
        to = steps.index(opt.to_step)
        froms = tuple(sorted({steps.index(s) for s in opt.from_steps}))
        if froms[-1] >= to:
            raise InvalidPlan(
                f"anak tangga asal '{steps[froms[-1]]}' harus di bawah tujuan '{opt.to_step}'",
                where=f"{where}.from_steps",
            )
        fac_n = -1
        if opt.facility is not None:
            if opt.facility not in fac_index:
                raise InvalidPlan(
                    f"fasilitas '{opt.facility}' tidak dikenal", where=f"{where}.facility"
                )
            fac_n = fac_index[opt.facility]
        top = opt.max_households_per_year
        opts.append(
            POption(
                opt.id,
                g,
                froms,
                to,
                _money(opt.capital_cost_per_household, f"{where}.capital_cost_per_household"),
                _money(opt.operating_cost_per_household, f"{where}.operating_cost_per_household"),
                _count(opt.lifetime_years, f"{where}.lifetime_years", positive=True),
                fac_n,
                math.inf if top is None else float(_count(top, f"{where}.max_households_per_year")),
            )
        )

    # sources and what they may pay for
    _unique([s.id for s in problem.sources], "sources")
    known = {o.id for o in opts} | {f.id for f in facs}
    srcs: list[PSource] = []
    src_sorted = sorted(problem.sources, key=lambda s: s.id)
    cap_rules: list[list[int]] = [[] for _ in opts]
    om_rules: list[list[int]] = [[] for _ in opts]
    fcap_rules: list[list[int]] = [[] for _ in facs]
    fom_rules: list[list[int]] = [[] for _ in facs]
    for n, src in enumerate(src_sorted):
        where = f"sources[{src.id}]"
        if len(src.envelope) != horizon:
            raise InvalidPlan(
                f"pagu harus berisi {horizon} tahun rencana, bukan {len(src.envelope)}",
                where=f"{where}.envelope",
            )
        env = tuple(_money(v, f"{where}.envelope[{years[i]}]") for i, v in enumerate(src.envelope))
        srcs.append(PSource(src.id, env))
        for rules, frules, rule, name in (
            (cap_rules, fcap_rules, src.capital_for, "capital_for"),
            (om_rules, fom_rules, src.operating_for, "operating_for"),
        ):
            for k, o in enumerate(opts):
                if _allowed(rule, o.id, known, f"{where}.{name}"):
                    rules[k].append(n)
            for k, f in enumerate(facs):
                if _allowed(rule, f.id, known, f"{where}.{name}"):
                    frules[k].append(n)
    for k, o in enumerate(opts):
        if o.capex > 0 and not cap_rules[k]:
            raise InvalidPlan(
                "tidak ada sumber dana yang boleh membiayai modal opsi ini",
                where=f"options[{o.id}]",
            )
        if o.opex > 0 and not om_rules[k]:
            raise InvalidPlan(
                "tidak ada sumber dana yang boleh membiayai O&M opsi ini", where=f"options[{o.id}]"
            )
    for k, f in enumerate(facs):
        if f.capex > 0 and not fcap_rules[k]:
            raise InvalidPlan(
                "tidak ada sumber dana yang boleh membiayai modal fasilitas ini",
                where=f"facilities[{f.id}]",
            )
        if f.opex > 0 and not fom_rules[k]:
            raise InvalidPlan(
                "tidak ada sumber dana yang boleh membiayai O&M fasilitas ini",
                where=f"facilities[{f.id}]",
            )

    # targets
    targets: list[PTarget] = []
    seen: set[tuple[str, str, str, int]] = set()
    for t in problem.targets:
        where = f"targets[{t.sub_sector}.{t.step}.{t.year}]"
        if t.sub_sector not in sub_index:
            raise InvalidPlan(
                f"sub-sektor '{t.sub_sector}' tidak dikenal", where=f"{where}.sub_sector"
            )
        psub = subs[sub_index[t.sub_sector]]
        if t.step not in psub.steps:
            raise InvalidPlan(f"anak tangga '{t.step}' tidak dikenal", where=f"{where}.step")
        if t.year not in years:
            raise InvalidPlan(
                f"tahun target harus di dalam rencana ({years[0]}-{years[-1]}); target pada "
                "atau sebelum tahun dasar tidak bisa dipengaruhi rencana",
                where=f"{where}.year",
            )
        kind = TargetKind(t.kind)
        key = (t.sub_sector, t.step, kind.value, t.year)
        if key in seen:
            raise InvalidPlan("target ganda", where=where)
        seen.add(key)
        share = _ratio(t.share, f"{where}.share", 0.0, 1.0)
        at = psub.steps.index(t.step)
        if kind is TargetKind.AT_MOST:
            if at == len(psub.steps) - 1:
                raise InvalidPlan(
                    "target 'paling banyak' pada anak tangga tertinggi tidak bermakna",
                    where=f"{where}.step",
                )
            at, share = at + 1, 1.0 - share
        targets.append(
            PTarget(sub_index[t.sub_sector], at, years.index(t.year), share, float(at), t)
        )
    targets.sort(key=lambda p: (subs[p.sub].id, p.step, p.year, p.original.kind, p.original.step))

    # APBD rule
    apbd_source, apbd_share, apbd_floor = -1, 0.0, False
    apbd_total: tuple[float, ...] = ()
    apbd_rupiah: tuple[Decimal, ...] = ()
    apbd_percent = Decimal(0)
    if problem.apbd_rule is not None:
        apbd = problem.apbd_rule
        ids = [s.id for s in srcs]
        if apbd.source not in ids:
            raise InvalidPlan(
                f"sumber dana '{apbd.source}' tidak dikenal", where="apbd_rule.source"
            )
        if len(apbd.apbd_total) != horizon:
            raise InvalidPlan(
                f"total APBD harus berisi {horizon} tahun rencana", where="apbd_rule.apbd_total"
            )
        apbd_source = ids.index(apbd.source)
        apbd_total = tuple(
            _money(v, f"apbd_rule.apbd_total[{years[i]}]") for i, v in enumerate(apbd.apbd_total)
        )
        apbd_share = _ratio(apbd.min_share, "apbd_rule.min_share", 0.0, 1.0)
        apbd_rupiah = tuple(Decimal(str(v)) for v in apbd.apbd_total)
        apbd_percent = Decimal(str(apbd.min_share)) * 100
        apbd_floor = ApbdRuleMode(apbd.mode) is ApbdRuleMode.FLOOR
        if apbd_floor:
            for i, apbd_i in enumerate(apbd_total):
                if apbd_share * apbd_i > srcs[apbd_source].envelope[i] + 1e-9:
                    raise InvalidPlan(
                        "batas bawah 2% APBD melebihi pagu sumber dana itu",
                        where=f"apbd_rule.apbd_total[{years[i]}]",
                    )

    return Prepared(
        base_year=base_year,
        horizon=horizon,
        base_households=base,
        households=households,
        newcomers=newcomers,
        subs=tuple(subs),
        options=tuple(opts),
        facilities=tuple(facs),
        sources=tuple(srcs),
        targets=tuple(targets),
        option_cap_sources=tuple(tuple(r) for r in cap_rules),
        option_om_sources=tuple(tuple(r) for r in om_rules),
        facility_cap_sources=tuple(tuple(r) for r in fcap_rules),
        facility_om_sources=tuple(tuple(r) for r in fom_rules),
        discount_rate=r,
        discount=tuple((1.0 + r) ** -i for i in range(horizon)),
        apbd_source=apbd_source,
        apbd_total=apbd_total,
        apbd_share=apbd_share,
        apbd_floor=apbd_floor,
        apbd_rupiah=apbd_rupiah,
        apbd_percent=apbd_percent,
    )


# ------------------------------------------------------------------------ the model

CapKey = tuple[str, int, int, int]
"""(``"o"`` or ``"f"``, item index, year index, source index)."""


@dataclass(frozen=True, slots=True, eq=False)
class Model:
    """The MILP in HiGHS column-wise (CSC) form plus the keys to read a solution."""

    prepared: Prepared
    num_cols: int
    num_rows: int
    col_lower: FloatArray
    col_upper: FloatArray
    integrality: IntArray
    a_start: IntArray
    a_index: IntArray
    a_value: FloatArray
    row_lower: FloatArray
    row_upper: FloatArray
    shortfall_cost: FloatArray
    """Stage-1 objective: weight of each target on its shortfall column."""
    money_cost: FloatArray
    """Stage-2 objective: discount factor on every money column."""
    extra_cost: FloatArray
    """Objective of the extra-funding solve: 1 on every extra-money column."""
    col_x: dict[tuple[int, int, int], int] = field(default_factory=dict)
    col_n: dict[tuple[int, int], int] = field(default_factory=dict)
    col_cap: dict[CapKey, int] = field(default_factory=dict)
    col_om: dict[CapKey, int] = field(default_factory=dict)
    col_u: tuple[int, ...] = ()
    col_z: dict[tuple[int, int], int] = field(default_factory=dict)
    row_budget: dict[tuple[int, int], int] = field(default_factory=dict)
    row_target: tuple[int, ...] = ()
    target_constant: tuple[float, ...] = ()
    """Households at/above each target's step with no program (baseline + newcomers)."""


class _Builder:
    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.integer: list[int] = []
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.vals: list[float] = []
        self.row_lower: list[float] = []
        self.row_upper: list[float] = []

    def col(self, lower: float = 0.0, upper: float = math.inf, integer: bool = False) -> int:
        self.lower.append(lower)
        self.upper.append(upper)
        self.integer.append(1 if integer else 0)
        return len(self.lower) - 1

    def row(self, terms: dict[int, float], lower: float, upper: float) -> int:
        n = len(self.row_lower)
        for col, val in terms.items():
            if val != 0.0:
                self.rows.append(n)
                self.cols.append(col)
                self.vals.append(val)
        self.row_lower.append(lower)
        self.row_upper.append(upper)
        return n


def _add(terms: dict[int, float], col: int, val: float) -> None:
    terms[col] = terms.get(col, 0.0) + val


def build_model(problem: PlanProblem) -> Model:
    """Validate ``problem`` and build its MILP (see the module docstring for the maths)."""
    p = prepare(problem)
    b = _Builder()
    T = p.horizon
    col_x: dict[tuple[int, int, int], int] = {}
    col_n: dict[tuple[int, int], int] = {}
    col_cap: dict[CapKey, int] = {}
    col_om: dict[CapKey, int] = {}
    col_z: dict[tuple[int, int], int] = {}
    money_cols: list[tuple[int, int]] = []  # (column, year index)

    for o, opt in enumerate(p.options):
        for i in range(T):
            for f in opt.from_steps:
                col_x[o, f, i] = b.col()
    for e, fac in enumerate(p.facilities):
        for i in range(T):
            col_n[e, i] = b.col(0.0, fac.max_per_year, integer=True)
    items: list[tuple[str, int, float, float, int, tuple[int, ...], tuple[int, ...]]] = [
        ("o", o, opt.capex, opt.opex, opt.life, p.option_cap_sources[o], p.option_om_sources[o])
        for o, opt in enumerate(p.options)
    ] + [
        ("f", e, fac.capex, fac.opex, fac.life, p.facility_cap_sources[e], p.facility_om_sources[e])
        for e, fac in enumerate(p.facilities)
    ]
    for kind, q, capex, opex, life, cap_src, om_src in items:
        for i in range(T):
            if capex > 0:
                for s in cap_src:
                    col_cap[kind, q, i, s] = c = b.col()
                    money_cols.append((c, i))
            if opex > 0 and i > 0 and life > 1:
                for s in om_src:
                    col_om[kind, q, i, s] = c = b.col()
                    money_cols.append((c, i))
    col_u = tuple(b.col() for _ in p.targets)
    for s in range(len(p.sources)):
        for i in range(T):
            col_z[s, i] = b.col(0.0, 0.0)

    def moved(o: int, i: int) -> dict[int, float]:
        return {col_x[o, f, i]: 1.0 for f in p.options[o].from_steps}

    # capital and O&M split rows
    terms: dict[int, float]
    for kind, q, capex, opex, life, cap_src, om_src in items:
        for i in range(T):
            if capex > 0:
                terms = {col_cap[kind, q, i, s]: 1.0 for s in cap_src}
                if kind == "o":
                    for c in moved(q, i):
                        _add(terms, c, -capex)
                else:
                    _add(terms, col_n[q, i], -capex)
                b.row(terms, 0.0, 0.0)
            if opex > 0 and i > 0 and life > 1:
                terms = {col_om[kind, q, i, s]: 1.0 for s in om_src}
                for tau in range(max(0, i - life + 1), i):
                    if kind == "o":
                        for c in moved(q, tau):
                            _add(terms, c, -opex)
                    else:
                        _add(terms, col_n[q, tau], -opex)
                b.row(terms, 0.0, 0.0)

    # budget rows
    row_budget: dict[tuple[int, int], int] = {}
    spend: dict[tuple[int, int], dict[int, float]] = {
        (s, i): {} for s in range(len(p.sources)) for i in range(T)
    }
    for key, c in list(col_cap.items()) + list(col_om.items()):
        spend[key[3], key[2]][c] = 1.0
    for s, src in enumerate(p.sources):
        for i in range(T):
            terms = dict(spend[s, i])
            terms[col_z[s, i]] = -1.0
            row_budget[s, i] = b.row(terms, -math.inf, src.envelope[i])
    if p.apbd_floor:
        s = p.apbd_source
        for i in range(T):
            b.row(dict(spend[s, i]), p.apbd_share * p.apbd_total[i], math.inf)

    # stock rows: leave a step only from the start-of-year stock (+ newcomers)
    for g, sub in enumerate(p.subs):
        for k in range(len(sub.steps)):
            leaving = [o for o, opt in enumerate(p.options) if opt.sub == g and k in opt.from_steps]
            if not leaving:
                continue
            arriving = [o for o, opt in enumerate(p.options) if opt.sub == g and opt.to_step == k]
            for i in range(T):
                terms = {}
                for o in leaving:
                    for tau in range(i + 1):
                        _add(terms, col_x[o, k, tau], 1.0)
                for o in arriving:
                    for tau in range(i):
                        for c in moved(o, tau):
                            _add(terms, c, -1.0)
                rhs = sub.baseline[k] + (sum(p.newcomers[: i + 1]) if k == sub.entry else 0.0)
                b.row(terms, -math.inf, rhs)

    # annual caps of options
    for o, opt in enumerate(p.options):
        if math.isfinite(opt.max_per_year):
            for i in range(T):
                b.row(moved(o, i), -math.inf, opt.max_per_year)

    # capacity links
    for e, fac in enumerate(p.facilities):
        users = [o for o, opt in enumerate(p.options) if opt.facility == e]
        if not users:
            continue
        for i in range(T):
            terms = {}
            for o in users:
                for tau in range(i + 1):
                    for c in moved(o, tau):
                        _add(terms, c, 1.0)
            for tau in range(max(0, i - fac.life + 1), i + 1):
                _add(terms, col_n[e, tau], -fac.capacity)
            b.row(terms, -math.inf, fac.spare)

    # targets
    row_target: list[int] = []
    constants: list[float] = []
    for j, t in enumerate(p.targets):
        sub = p.subs[t.sub]
        const = sum(sub.baseline[t.step :])
        if sub.entry >= t.step:
            const += sum(p.newcomers[: t.year + 1])
        terms = {col_u[j]: 1.0}
        for o, opt in enumerate(p.options):
            if opt.sub != t.sub or opt.to_step < t.step:
                continue
            for f in opt.from_steps:
                if f < t.step:
                    for tau in range(t.year + 1):
                        _add(terms, col_x[o, f, tau], 1.0)
        constants.append(const)
        row_target.append(b.row(terms, t.share * p.households[t.year] - const, math.inf))

    n_cols, n_rows = len(b.lower), len(b.row_lower)
    rows = np.asarray(b.rows, dtype=np.int32)
    cols = np.asarray(b.cols, dtype=np.int32)
    vals = np.asarray(b.vals, dtype=np.float64)
    order = np.lexsort((rows, cols))
    start = np.searchsorted(cols[order], np.arange(n_cols + 1)).astype(np.int32)
    shortfall_cost = np.zeros(n_cols)
    for j, t in enumerate(p.targets):
        shortfall_cost[col_u[j]] = t.weight
    money_cost = np.zeros(n_cols)
    for c, i in money_cols:
        money_cost[c] = p.discount[i]
    extra_cost = np.zeros(n_cols)
    for c in col_z.values():
        extra_cost[c] = 1.0
    return Model(
        prepared=p,
        num_cols=n_cols,
        num_rows=n_rows,
        col_lower=np.asarray(b.lower, dtype=np.float64),
        col_upper=np.asarray(b.upper, dtype=np.float64),
        integrality=np.asarray(b.integer, dtype=np.int32),
        a_start=start,
        a_index=rows[order],
        a_value=vals[order],
        row_lower=np.asarray(b.row_lower, dtype=np.float64),
        row_upper=np.asarray(b.row_upper, dtype=np.float64),
        shortfall_cost=shortfall_cost,
        money_cost=money_cost,
        extra_cost=extra_cost,
        col_x=col_x,
        col_n=col_n,
        col_cap=col_cap,
        col_om=col_om,
        col_u=col_u,
        col_z=col_z,
        row_budget=row_budget,
        row_target=tuple(row_target),
        target_constant=tuple(constants),
    )
