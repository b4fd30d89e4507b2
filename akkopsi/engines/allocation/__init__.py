"""Sanitation investment planner: a costed, funded, year-by-year program (SSK/MPS).

Pure Python + NumPy + HiGHS (``highspy``); no Django. Three steps, each callable alone::

    model = build_model(problem)      # validate + sparse MILP (model.py)
    result = solve(problem)           # two-stage HiGHS solve + report (solve.py, report.py)
    baseline = solve_greedy(problem)  # Consul-style greedy baseline (greedy.py)
    check_result(problem, result)     # every constraint broken, from the problem (check.py)
    results = solve_many(problems)    # many plans over worker processes (batch.py)

An inconsistent plan raises :class:`InvalidPlan` naming the offending input; a target that
the money cannot reach is not an error: it is reported as a shortfall, with the minimal
extra money per source and year that would close it and the marginal value of money.
"""

from akkopsi.engines.allocation.batch import Outcome, solve_many
from akkopsi.engines.allocation.check import Violation, check_result
from akkopsi.engines.allocation.defaults import default_catalogue, default_targets
from akkopsi.engines.allocation.errors import (
    InfeasiblePlan,
    InvalidPlan,
    PlanError,
    PlanNote,
    SolverFailure,
    Stage,
)
from akkopsi.engines.allocation.greedy import solve_greedy
from akkopsi.engines.allocation.model import MONEY_SCALE, Model, build_model
from akkopsi.engines.allocation.solve import solve, solve_model, solve_relaxation
from akkopsi.engines.allocation.types import (
    ApbdCheck,
    ApbdRule,
    ApbdRuleMode,
    Catalogue,
    Constraint,
    CostKind,
    CoverageRow,
    ExtraFunding,
    ExtraFundingShare,
    Facility,
    FundingRule,
    ItemKind,
    Ladder,
    MarginalValue,
    Method,
    Money,
    MoveRow,
    Note,
    Option,
    OptionCost,
    PlanProblem,
    PlanResult,
    PlantRow,
    ProgramLine,
    Ratio,
    Source,
    SpendingRow,
    SubSector,
    Target,
    TargetKind,
    TargetResult,
)

__all__ = [
    "MONEY_SCALE",
    "ApbdCheck",
    "ApbdRule",
    "ApbdRuleMode",
    "Catalogue",
    "Constraint",
    "CostKind",
    "CoverageRow",
    "ExtraFunding",
    "ExtraFundingShare",
    "Facility",
    "FundingRule",
    "InfeasiblePlan",
    "InvalidPlan",
    "ItemKind",
    "Ladder",
    "MarginalValue",
    "Method",
    "Model",
    "Money",
    "MoveRow",
    "Note",
    "Option",
    "OptionCost",
    "Outcome",
    "PlanError",
    "PlanNote",
    "PlanProblem",
    "PlanResult",
    "PlantRow",
    "ProgramLine",
    "Ratio",
    "SolverFailure",
    "Source",
    "SpendingRow",
    "Stage",
    "SubSector",
    "Target",
    "TargetKind",
    "TargetResult",
    "Violation",
    "build_model",
    "check_result",
    "default_catalogue",
    "default_targets",
    "solve",
    "solve_greedy",
    "solve_many",
    "solve_model",
    "solve_relaxation",
]
