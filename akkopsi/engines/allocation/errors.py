"""Errors of the allocation engine.

Every error derives from :class:`akkopsi.engines.errors.EngineError`: ``message`` is in
Indonesian (what the user reads) and ``where`` names the offending input, written as a
path into :class:`~akkopsi.engines.allocation.types.PlanProblem`, for example
``"sources[dak].envelope[2026]"`` or ``"options[tangki_septik].from_steps"``.
"""

from __future__ import annotations

from akkopsi.engines.errors import EngineError

__all__ = ["InfeasiblePlan", "InvalidPlan", "SolverFailure"]


class InvalidPlan(EngineError):
    """The plan is inconsistent: a value is out of range or a name points at nothing.

    An unreachable target is *not* an error: it is reported as a shortfall together with
    the extra money that would close it.
    """


class InfeasiblePlan(EngineError):
    """The constraints cannot hold together.

    Only a hard floor (``ApbdRule`` in ``floor`` mode) can make the model infeasible: with
    no floor, doing nothing is always a feasible program.
    """


class SolverFailure(EngineError):
    """HiGHS stopped without an optimal solution (time limit, numerical trouble)."""
