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
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from akkopsi.engines.allocation.prepare import MONEY_SCALE, Prepared, prepare
from akkopsi.engines.allocation.types import PlanProblem

__all__ = ["MONEY_SCALE", "Model", "Prepared", "build_model", "prepare"]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int32]


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


Item = tuple[str, int, float, float, int, tuple[int, ...], tuple[int, ...]]
"""(kind ``"o"``/``"f"``, index, capital, O&M, life, capital sources, O&M sources)."""


def _items(p: Prepared) -> list[Item]:
    return [
        ("o", o, opt.capex, opt.opex, opt.life, p.option_cap_sources[o], p.option_om_sources[o])
        for o, opt in enumerate(p.options)
    ] + [
        ("f", e, fac.capex, fac.opex, fac.life, p.facility_cap_sources[e], p.facility_om_sources[e])
        for e, fac in enumerate(p.facilities)
    ]


def _pays_om(opex: float, life: int, i: int) -> bool:
    """An item has O&M in plan year ``i`` (never in the first: O&M starts after the build)."""
    return opex > 0 and i > 0 and life > 1


@dataclass(slots=True)
class _Columns:
    """The columns of the model, by what they stand for."""

    p: Prepared
    x: dict[tuple[int, int, int], int] = field(default_factory=dict)
    n: dict[tuple[int, int], int] = field(default_factory=dict)
    cap: dict[CapKey, int] = field(default_factory=dict)
    om: dict[CapKey, int] = field(default_factory=dict)
    u: tuple[int, ...] = ()
    z: dict[tuple[int, int], int] = field(default_factory=dict)
    money: list[tuple[int, int]] = field(default_factory=list)
    """(column, year index) of every money column."""

    def moved(self, o: int, i: int) -> dict[int, float]:
        """Households moved by option ``o`` in year ``i`` (one column per from-step)."""
        return {self.x[o, f, i]: 1.0 for f in self.p.options[o].from_steps}


def _columns(b: _Builder, p: Prepared) -> _Columns:
    cols = _Columns(p)
    for o, opt in enumerate(p.options):
        for i in range(p.horizon):
            for f in opt.from_steps:
                cols.x[o, f, i] = b.col()
    for e, fac in enumerate(p.facilities):
        for i in range(p.horizon):
            cols.n[e, i] = b.col(0.0, fac.max_per_year, integer=True)
    for kind, q, capex, opex, life, cap_src, om_src in _items(p):
        for i in range(p.horizon):
            if capex > 0:
                for s in cap_src:
                    cols.cap[kind, q, i, s] = c = b.col()
                    cols.money.append((c, i))
            if _pays_om(opex, life, i):
                for s in om_src:
                    cols.om[kind, q, i, s] = c = b.col()
                    cols.money.append((c, i))
    cols.u = tuple(b.col() for _ in p.targets)
    for s in range(len(p.sources)):
        for i in range(p.horizon):
            cols.z[s, i] = b.col(0.0, 0.0)
    return cols


def _built(cols: _Columns, kind: str, q: int, i: int, unit: float, terms: dict[int, float]) -> None:
    """Subtract ``unit`` x what item ``q`` built in year ``i`` from ``terms``."""
    if kind == "o":
        for c in cols.moved(q, i):
            _add(terms, c, -unit)
    else:
        _add(terms, cols.n[q, i], -unit)


def _cost_rows(b: _Builder, p: Prepared, cols: _Columns) -> None:
    """Capital and O&M split rows: the money of an item's sources pays its cost."""
    for kind, q, capex, opex, life, cap_src, om_src in _items(p):
        for i in range(p.horizon):
            if capex > 0:
                terms = {cols.cap[kind, q, i, s]: 1.0 for s in cap_src}
                _built(cols, kind, q, i, capex, terms)
                b.row(terms, 0.0, 0.0)
            if _pays_om(opex, life, i):
                terms = {cols.om[kind, q, i, s]: 1.0 for s in om_src}
                for tau in range(max(0, i - life + 1), i):
                    _built(cols, kind, q, tau, opex, terms)
                b.row(terms, 0.0, 0.0)


def _budget_rows(b: _Builder, p: Prepared, cols: _Columns) -> dict[tuple[int, int], int]:
    """Envelope of each source and year (plus the extra money), then the APBD floor."""
    row_budget: dict[tuple[int, int], int] = {}
    spend: dict[tuple[int, int], dict[int, float]] = {
        (s, i): {} for s in range(len(p.sources)) for i in range(p.horizon)
    }
    for key, c in list(cols.cap.items()) + list(cols.om.items()):
        spend[key[3], key[2]][c] = 1.0
    for s, src in enumerate(p.sources):
        for i in range(p.horizon):
            terms = dict(spend[s, i])
            terms[cols.z[s, i]] = -1.0
            row_budget[s, i] = b.row(terms, -math.inf, src.envelope[i])
    if p.apbd_floor:
        s = p.apbd_source
        for i in range(p.horizon):
            b.row(dict(spend[s, i]), p.apbd_share * p.apbd_total[i], math.inf)
    return row_budget


def _stock_rows(b: _Builder, p: Prepared, cols: _Columns) -> None:
    """Leave a step only from the start-of-year stock (+ newcomers on the entry step)."""
    for g, sub in enumerate(p.subs):
        for k in range(len(sub.steps)):
            leaving = [o for o, opt in enumerate(p.options) if opt.sub == g and k in opt.from_steps]
            if not leaving:
                continue
            arriving = [o for o, opt in enumerate(p.options) if opt.sub == g and opt.to_step == k]
            for i in range(p.horizon):
                terms: dict[int, float] = {}
                for o in leaving:
                    for tau in range(i + 1):
                        _add(terms, cols.x[o, k, tau], 1.0)
                for o in arriving:
                    for tau in range(i):
                        for c in cols.moved(o, tau):
                            _add(terms, c, -1.0)
                rhs = sub.baseline[k] + (sum(p.newcomers[: i + 1]) if k == sub.entry else 0.0)
                b.row(terms, -math.inf, rhs)


def _option_cap_rows(b: _Builder, p: Prepared, cols: _Columns) -> None:
    for o, opt in enumerate(p.options):
        if math.isfinite(opt.max_per_year):
            for i in range(p.horizon):
                b.row(cols.moved(o, i), -math.inf, opt.max_per_year)


def _capacity_rows(b: _Builder, p: Prepared, cols: _Columns) -> None:
    """Households served by a facility's options fit its spare capacity + living plants."""
    for e, fac in enumerate(p.facilities):
        users = [o for o, opt in enumerate(p.options) if opt.facility == e]
        if not users:
            continue
        for i in range(p.horizon):
            terms: dict[int, float] = {}
            for o in users:
                for tau in range(i + 1):
                    for c in cols.moved(o, tau):
                        _add(terms, c, 1.0)
            for tau in range(max(0, i - fac.life + 1), i + 1):
                _add(terms, cols.n[e, tau], -fac.capacity)
            b.row(terms, -math.inf, fac.spare)


def _target_rows(b: _Builder, p: Prepared, cols: _Columns) -> tuple[list[int], list[float]]:
    """Stock at/above each target's step at the end of its year, plus its shortfall."""
    row_target: list[int] = []
    constants: list[float] = []
    for j, t in enumerate(p.targets):
        sub = p.subs[t.sub]
        const = sum(sub.baseline[t.step :])
        if sub.entry >= t.step:
            const += sum(p.newcomers[: t.year + 1])
        terms = {cols.u[j]: 1.0}
        for o, opt in enumerate(p.options):
            if opt.sub != t.sub or opt.to_step < t.step:
                continue
            for f in opt.from_steps:
                if f < t.step:
                    for tau in range(t.year + 1):
                        _add(terms, cols.x[o, f, tau], 1.0)
        constants.append(const)
        row_target.append(b.row(terms, t.share * p.households[t.year] - const, math.inf))
    return row_target, constants


def _objectives(p: Prepared, cols: _Columns, n_cols: int) -> tuple[FloatArray, ...]:
    """Stage-1 (weighted shortfall), stage-2 (discounted money) and extra-money costs."""
    shortfall_cost = np.zeros(n_cols)
    shortfall_cost[list(cols.u)] = [t.weight for t in p.targets]
    money_cost = np.zeros(n_cols)
    if cols.money:
        money, year = np.asarray(cols.money, dtype=np.int64).T
        money_cost[money] = np.asarray(p.discount)[year]
    extra_cost = np.zeros(n_cols)
    extra_cost[list(cols.z.values())] = 1.0
    return shortfall_cost, money_cost, extra_cost


def build_model(problem: PlanProblem) -> Model:
    """Validate ``problem`` and build its MILP (see the module docstring for the maths)."""
    p = prepare(problem)
    b = _Builder()
    cols = _columns(b, p)
    _cost_rows(b, p, cols)
    row_budget = _budget_rows(b, p, cols)
    _stock_rows(b, p, cols)
    _option_cap_rows(b, p, cols)
    _capacity_rows(b, p, cols)
    row_target, constants = _target_rows(b, p, cols)
    n_cols, n_rows = len(b.lower), len(b.row_lower)
    rows = np.asarray(b.rows, dtype=np.int32)
    columns = np.asarray(b.cols, dtype=np.int32)
    order = np.lexsort((rows, columns))
    shortfall_cost, money_cost, extra_cost = _objectives(p, cols, n_cols)
    return Model(
        prepared=p,
        num_cols=n_cols,
        num_rows=n_rows,
        col_lower=np.asarray(b.lower, dtype=np.float64),
        col_upper=np.asarray(b.upper, dtype=np.float64),
        integrality=np.asarray(b.integer, dtype=np.int32),
        a_start=np.searchsorted(columns[order], np.arange(n_cols + 1)).astype(np.int32),
        a_index=rows[order],
        a_value=np.asarray(b.vals, dtype=np.float64)[order],
        row_lower=np.asarray(b.row_lower, dtype=np.float64),
        row_upper=np.asarray(b.row_upper, dtype=np.float64),
        shortfall_cost=shortfall_cost,
        money_cost=money_cost,
        extra_cost=extra_cost,
        col_x=cols.x,
        col_n=cols.n,
        col_cap=cols.cap,
        col_om=cols.om,
        col_u=cols.u,
        col_z=cols.z,
        row_budget=row_budget,
        row_target=tuple(row_target),
        target_constant=tuple(constants),
    )
