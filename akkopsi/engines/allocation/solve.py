"""Solve the allocation MILP with HiGHS (highspy) in two lexicographic stages.

HiGHS is called directly through ``highspy`` (no modelling layer): the model is already in
column-wise sparse form, so one ``passModel`` call loads it. ``scipy.optimize.milp`` is not
used (it wraps the same HiGHS but returns no row duals for MILPs and cannot add the stage-2
row to a loaded model).

Determinism: one thread, fixed random seed, presolve on, no time limit, and a relative MIP
gap of 1e-9 (the default 1e-4 could leave the optimiser worse than the greedy baseline). The model is
built in canonical order (every list sorted by id), so reordering inputs changes nothing.

Solves made by :func:`solve`:

1. stage 1 (min weighted shortfall) and stage 2 (min discounted cost at that shortfall);
2. the LP with plants fixed at their stage-2 numbers and the stage-1 objective, whose
   budget-row duals give the marginal value of money;
3. only when something is short: the same two stages with unlimited extra money per
   source-year, minimising the nominal total of extra money at the smallest shortfall that
   money can reach. Its stage 1 is the LP relaxation, which is exact there (ADR 0056): with
   unlimited money, rounding every plant count up keeps a solution feasible (more plants
   only add capacity and cost, extra money pays the cost, caps are whole numbers) and
   leaves the shortfall unchanged, so the relaxation reaches the integer optimum. The same
   rounding, with the plants fixed and stage 2's objective, gives the MIP start of its
   stage 2.

``timings`` (optional, for the benchmark): CPU seconds of this process per stage
(``time.process_time``, so a busy shared machine does not inflate them) are added to it under
the :class:`Stage` names (the extra-money stage 1 with the suffix :data:`EXTRA`), the report
under :data:`REPORT`.
"""

from __future__ import annotations

import ctypes
import math
import os
import sys
import time

import highspy
import numpy as np

from akkopsi.engines.allocation.errors import (
    InfeasiblePlan,
    PlanError,
    PlanNote,
    SolverFailure,
    Stage,
)
from akkopsi.engines.allocation.model import FloatArray, Model, build_model
from akkopsi.engines.allocation.report import build_result
from akkopsi.engines.allocation.types import Method, Note, PlanProblem, PlanResult

__all__ = [
    "EXTRA",
    "REPORT",
    "SHORTFALL_TOLERANCE",
    "START",
    "Timings",
    "budget_duals",
    "lexicographic",
    "relaxation_lp",
    "solve",
    "solve_model",
    "solve_relaxation",
]

SHORTFALL_TOLERANCE = 1e-6
"""Weighted shortfall below this counts as zero."""

START = "start of the extra-money stage 2 (LP, plants rounded up)"
"""Key of :func:`_rounded_up` in ``timings``."""

REPORT = "report"
"""Key of the report (``build_result``) in ``timings``."""

EXTRA = " [extra money]"
"""Suffix of the extra-money stage 1 (an LP) in ``timings``."""

Timings = dict[str, float]
"""CPU seconds per stage, added up (see the module docstring)."""

MAX_NODES = 2000
"""Branch-and-bound nodes per MIP solve; past it the best solution found is kept and the
result carries a note with the remaining gap."""


_banner_muted = False


def _new_highs() -> highspy.Highs:
    """A HiGHS instance. HiGHS prints its banner on standard output when the first instance of
    a process is made, before any option can be set; that one is made with standard output
    muted, so the planner, the demo and ``solve_plans`` print only their own lines."""
    global _banner_muted
    if _banner_muted:
        return highspy.Highs()  # type: ignore[no-untyped-call]
    _banner_muted = True
    try:
        libc = ctypes.CDLL(None)
        saved, null = os.dup(1), os.open(os.devnull, os.O_WRONLY)
    except OSError:  # no C library to flush, or no file descriptor 1: leave the banner
        return highspy.Highs()  # type: ignore[no-untyped-call]
    sys.stdout.flush()
    os.dup2(null, 1)
    try:
        h = highspy.Highs()  # type: ignore[no-untyped-call]
        libc.fflush(None)
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(null)
    return h


def _stage_tolerance(z1: float) -> float:
    return 1e-9 * max(1.0, abs(z1))


def _highs(
    model: Model,
    cost: FloatArray,
    *,
    lower: FloatArray | None = None,
    upper: FloatArray | None = None,
    relax: bool = False,
) -> highspy.Highs:
    h = _new_highs()
    for name, value in (
        ("output_flag", False),
        ("threads", 1),
        ("random_seed", 0),
        ("presolve", "on"),
        ("mip_rel_gap", 1e-9),
        ("mip_abs_gap", 1e-9),
        # the sub-MIP heuristics (RINS, RENS) took 70-80% of the time on the benchmark
        # plans without improving the result
        ("mip_heuristic_run_rins", False),
        ("mip_heuristic_run_rens", False),
        # the remaining primal heuristics (root reduced-cost sub-MIP, feasibility jump, the
        # effort-driven ones) cost about a quarter of the CPU time on 30 benchmark plans and
        # changed no result beyond solver noise (a few rupiah on Rp100 miliar): the root
        # LP with cuts finds the optimum on these small models by itself
        ("mip_heuristic_effort", 0.0),
        ("mip_heuristic_run_root_reduced_cost", False),
        ("mip_heuristic_run_feasibility_jump", False),
        # a deterministic effort limit instead of a time limit (which would not be
        # reproducible): on the hardest benchmark plans the optimum was found at the root
        # and the remaining 15,000+ nodes only proved it
        ("mip_max_nodes", MAX_NODES),
        # no restart of the root after presolving it again: about 12% less CPU time on 52
        # benchmark plans with every objective unchanged (profile in ADR 0056)
        ("mip_allow_restart", False),
    ):
        h.setOptionValue(name, value)
    integrality = np.zeros(model.num_cols, dtype=np.int32) if relax else model.integrality
    h.passModel(
        model.num_cols,
        model.num_rows,
        int(model.a_index.size),
        int(highspy.MatrixFormat.kColwise),
        int(highspy.ObjSense.kMinimize),
        0.0,
        cost,
        model.col_lower if lower is None else lower,
        model.col_upper if upper is None else upper,
        model.row_lower,
        model.row_upper,
        model.a_start,
        model.a_index,
        model.a_value,
        integrality,
    )
    return h


def _run(
    h: highspy.Highs,
    stage: str,
    notes: list[Note] | None = None,
    timings: Timings | None = None,
    label: str = "",
) -> FloatArray:
    start = time.process_time()
    h.run()
    if timings is not None:
        key = label or str(stage)
        timings[key] = timings.get(key, 0.0) + time.process_time() - start
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kOptimal:
        return np.asarray(h.getSolution().col_value, dtype=np.float64)
    info = h.getInfo()
    if status == highspy.HighsModelStatus.kSolutionLimit and info.primal_solution_status == 2:
        if notes is not None:
            notes.append(
                Note.of(
                    PlanNote.NODE_LIMIT, stage=str(stage), nodes=MAX_NODES, gap=info.mip_gap * 100
                )
            )
        return np.asarray(h.getSolution().col_value, dtype=np.float64)
    if status in (
        highspy.HighsModelStatus.kInfeasible,
        highspy.HighsModelStatus.kUnboundedOrInfeasible,
    ):
        raise InfeasiblePlan(PlanError.APBD_FLOOR_UNREACHABLE, where=stage)
    raise SolverFailure(PlanError.SOLVER_STOPPED, where=stage, status=str(status))


def _start(h: highspy.Highs, values: FloatArray) -> None:
    """Pass ``values`` as MIP start. Presolve is off for that solve: HiGHS 1.16 maps a MIP
    start through presolve with the objective offset dropped and may stop at the start as
    "optimal" (seen on a random plan; the optimiser-vs-greedy property test caught it)."""
    h.setOptionValue("presolve", "off")
    start = highspy.HighsSolution()
    start.col_value = values
    h.setSolution(start)


def _rounded_up(
    h: highspy.Highs, model: Model, values: FloatArray, upper: FloatArray
) -> FloatArray | None:
    """The extra-money stage 2 with every plant count of the stage-1 LP ``values`` rounded
    up and fixed, solved as an LP on the loaded (still continuous) model: a feasible point
    (module docstring) that starts the MIP about a fifth faster; ``None`` if HiGHS finds
    none. Bounds are restored and integrality put back."""
    plants = np.flatnonzero(model.integrality).astype(np.int32)
    fixed = np.ceil(values[plants] - 1e-6)
    h.changeColsBounds(int(plants.size), plants, fixed, fixed)
    h.run()
    ok = h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    out = np.asarray(h.getSolution().col_value, dtype=np.float64) if ok else None
    h.changeColsBounds(int(plants.size), plants, model.col_lower[plants], upper[plants])
    h.changeColsIntegrality(
        model.num_cols,
        np.arange(model.num_cols, dtype=np.int32),
        model.integrality.astype(np.uint8),
    )
    return out


def lexicographic(
    model: Model,
    *,
    elastic: bool = False,
    relax: bool = False,
    notes: list[Note] | None = None,
    timings: Timings | None = None,
) -> tuple[FloatArray, float, float]:
    """Stage 1 then stage 2; returns (column values, weighted shortfall, stage-2 objective).

    ``elastic`` opens the extra-money columns and makes stage 2 minimise extra money (its
    stage 1 is solved as the LP relaxation, exact there: see the module docstring);
    ``relax`` drops integrality (the LP relaxation).
    """
    if model.num_cols == 0:
        return np.zeros(0), 0.0, 0.0
    upper = model.col_upper
    if elastic:
        upper = upper.copy()
        upper[list(model.col_z.values())] = math.inf
    h = _highs(model, model.shortfall_cost, upper=upper, relax=relax or elastic)
    values = _run(h, Stage.SHORTFALL, notes, timings, Stage.SHORTFALL + EXTRA if elastic else "")
    z1 = float(model.shortfall_cost @ values)
    u_cols = np.asarray(model.col_u, dtype=np.int32)
    if u_cols.size:
        weights = model.shortfall_cost[u_cols]
        h.addRow(-math.inf, z1 + _stage_tolerance(z1), int(u_cols.size), u_cols, weights)
    second = model.extra_cost if elastic else model.money_cost
    h.changeColsCost(model.num_cols, np.arange(model.num_cols, dtype=np.int32), second)
    start: FloatArray | None = values
    if elastic and not relax:
        began = time.process_time()
        start = _rounded_up(h, model, values, upper)
        if timings is not None:
            timings[START] = timings.get(START, 0.0) + time.process_time() - began
    if start is not None and not relax:
        # A feasible start: the stage-1 optimum (about 2x faster on the benchmark plans) or
        # the rounded-up plants of the extra-money LP (ADR 0056).
        _start(h, start)
    stage = Stage.EXTRA_FUNDING if elastic else Stage.COST
    values = _run(h, stage, notes, timings)
    return values, z1, float(second @ values)


def budget_duals(model: Model, values: FloatArray, timings: Timings | None = None) -> FloatArray:
    """Row duals of the stage-1 LP with plants fixed at ``values``.

    HiGHS reports, for a minimisation, ``row_dual = d(objective)/d(row bound)``; a binding
    budget row (``<=`` envelope) therefore has a dual <= 0, and ``-dual`` is the fall of
    the weighted shortfall per extra model money unit (Rp1 juta).
    """
    if model.num_cols == 0 or model.num_rows == 0:
        return np.zeros(model.num_rows)
    lower = model.col_lower.copy()
    upper = model.col_upper.copy()
    plants = model.integrality.astype(bool)
    fixed = np.round(values[plants])
    lower[plants] = fixed
    upper[plants] = fixed
    h = _highs(model, model.shortfall_cost, lower=lower, upper=upper, relax=True)
    _run(h, Stage.DUALS, timings=timings)
    return np.asarray(h.getSolution().row_dual, dtype=np.float64)


def relaxation_lp(model: Model) -> highspy.Highs:
    """The stage-1 LP relaxation of ``model`` loaded in HiGHS with the engine's options, not
    yet run: one LP solve of the plan's size (the benchmark's floor for every stage)."""
    return _highs(model, model.shortfall_cost, relax=True)


def solve_relaxation(model: Model) -> tuple[float, float]:
    """Stage-1 and stage-2 objective values of the LP relaxation (integers relaxed)."""
    _, z1, cost = lexicographic(model, relax=True)
    return z1, cost


def solve_model(model: Model, *, timings: Timings | None = None) -> PlanResult:
    """Solve a built model and report (see the module docstring for the solves made)."""
    notes: list[Note] = []
    values, z1, _ = lexicographic(model, notes=notes, timings=timings)
    duals = budget_duals(model, values, timings)
    elastic = None
    if z1 > SHORTFALL_TOLERANCE:
        elastic, _, _ = lexicographic(model, elastic=True, notes=notes, timings=timings)
    start = time.process_time()
    result = build_result(
        model, values, Method.OPTIMAL, duals=duals, elastic=elastic, notes=tuple(notes)
    )
    if timings is not None:
        timings[REPORT] = timings.get(REPORT, 0.0) + time.process_time() - start
    return result


def solve(problem: PlanProblem) -> PlanResult:
    """Cost-optimal program reaching the targets as far as the money allows."""
    return solve_model(build_model(problem))
