"""The checks an uncertainty and sensitivity analysis must pass before it is published.

* ``nominal_in_range``: every unit's nominal (official) rank lies within the best and
  worst rank of the replications (true by construction: replication 0 is the nominal
  methodology; the check guards the construction);
* ``sobol_in_unit_interval``: every first-order and total Sobol index is inside [0, 1]
  within its bootstrap interval (the interval meets [0, 1]); an estimate far outside
  says the sample is too small for the estimator;
* ``sobol_precision``: every bootstrap interval is at most ``2 * max_half_width`` wide,
  so that a tiny sample cannot pass the previous check by a huge interval.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from akkopsi.engines.errors import EngineProblem, Param

from ._results import SensitivityResult, UncertaintyResult
from .errors import CompositeIssue

#: Widest accepted half-width of a Sobol index's bootstrap interval.
MAX_HALF_WIDTH = 0.2


@dataclass(frozen=True, slots=True)
class AnalysisCheck:
    """One check: its code, whether it passed, and (when not) what failed and what to do
    (``problem``: a :class:`~.errors.CompositeIssue` with its parameters)."""

    code: str
    ok: bool
    problem: EngineProblem | None = None

    @property
    def message(self) -> str:
        """What failed, in English (empty when the check passed)."""
        return "" if self.problem is None else self.problem.message


def _problem(issue: CompositeIssue, **params: Param) -> EngineProblem:
    return EngineProblem(issue, params)


def check_uncertainty(ua: UncertaintyResult) -> AnalysisCheck:
    bad = ua.nominal_outside_range()
    if not bad:
        return AnalysisCheck("nominal_in_range", True)
    return AnalysisCheck(
        "nominal_in_range",
        False,
        _problem(CompositeIssue.NOMINAL_OUTSIDE_RANGE, count=len(bad), units=", ".join(bad[:5])),
    )


def check_sensitivity(
    sa: SensitivityResult, *, max_half_width: float = MAX_HALF_WIDTH
) -> tuple[AnalysisCheck, AnalysisCheck]:
    outside: list[str] = []
    wide: list[str] = []
    orders = (("first order", sa.si, sa.si_ci), ("total", sa.sti, sa.sti_ci))
    for name, est, ci in orders:
        for k, factor in enumerate(sa.factors):
            lo, hi = float(ci[k, 0]), float(ci[k, 1])
            if np.isnan(lo) or np.isnan(hi):
                continue  # V = 0: the output does not vary, no index to estimate
            label = f"{factor} ({name}) {float(est[k]):.2f} [{lo:.2f}; {hi:.2f}]"
            if hi < 0.0 or lo > 1.0:
                outside.append(label)
            if (hi - lo) / 2 > max_half_width:
                wide.append(label)
    more: dict[str, Param] = {"n": sa.n, "runs": sa.runs}
    return (
        AnalysisCheck(
            "sobol_in_unit_interval",
            not outside,
            None
            if not outside
            else _problem(
                CompositeIssue.SOBOL_OUTSIDE_UNIT_INTERVAL, items=", ".join(outside), **more
            ),
        ),
        AnalysisCheck(
            "sobol_precision",
            not wide,
            None
            if not wide
            else _problem(
                CompositeIssue.SOBOL_TOO_WIDE,
                max_half_width=max_half_width,
                items=", ".join(wide),
                **more,
            ),
        ),
    )


def check_analysis(
    ua: UncertaintyResult | None,
    sa: SensitivityResult | None,
    *,
    max_half_width: float = MAX_HALF_WIDTH,
) -> tuple[AnalysisCheck, ...]:
    """The checks of whichever analyses were run, in a fixed order."""
    out: list[AnalysisCheck] = []
    if ua is not None:
        out.append(check_uncertainty(ua))
    if sa is not None:
        out.extend(check_sensitivity(sa, max_half_width=max_half_width))
    return tuple(out)
