"""Errors of the allocation engine.

Every error derives from :class:`akkopsi.engines.errors.EngineError`: ``error_code`` is one
of :class:`PlanError` with its ``params``, translated where a user reads it, and ``where``
names the offending input, written as a path into
:class:`~akkopsi.engines.allocation.types.PlanProblem`, for example
``"sources[dak].envelope[2026]"`` or ``"options[tangki_septik].from_steps"``.
"""

from __future__ import annotations

from enum import StrEnum

from akkopsi.engines.errors import EngineError, register_templates

__all__ = [
    "TEMPLATES",
    "InfeasiblePlan",
    "InvalidPlan",
    "PlanError",
    "PlanNote",
    "SolverFailure",
    "Stage",
]


class PlanError(StrEnum):
    """The codes of the allocation engine's errors (parameters in :data:`TEMPLATES`)."""

    MONEY_NOT_EXACT = "money_not_exact"
    MONEY_INFINITE = "money_infinite"
    MONEY_NEGATIVE = "money_negative"
    NOT_A_NUMBER = "not_a_number"
    OUT_OF_RANGE = "out_of_range"
    NOT_WHOLE = "not_whole"
    NOT_POSITIVE = "not_positive"
    NEGATIVE = "negative"
    DUPLICATE_ID = "duplicate_id"
    SERIES_LENGTH = "series_length"
    HOUSEHOLDS_FALL = "households_fall"
    NOT_AN_ID_SET = "not_an_id_set"
    UNKNOWN_IDS = "unknown_ids"
    HORIZON_TOO_SHORT = "horizon_too_short"
    LADDER_TOO_SHORT = "ladder_too_short"
    DUPLICATE_STEP = "duplicate_step"
    BASELINE_LENGTH = "baseline_length"
    BASELINE_SUM = "baseline_sum"
    UNKNOWN_STEP = "unknown_step"
    SHARED_ID = "shared_id"
    UNKNOWN_SUB_SECTOR = "unknown_sub_sector"
    NO_FROM_STEP = "no_from_step"
    FROM_NOT_BELOW = "from_not_below"
    UNKNOWN_FACILITY = "unknown_facility"
    ENVELOPE_LENGTH = "envelope_length"
    OPTION_CAPITAL_UNPAID = "option_capital_unpaid"
    OPTION_OPERATING_UNPAID = "option_operating_unpaid"
    FACILITY_CAPITAL_UNPAID = "facility_capital_unpaid"
    FACILITY_OPERATING_UNPAID = "facility_operating_unpaid"
    TARGET_YEAR = "target_year"
    DUPLICATE_TARGET = "duplicate_target"
    AT_MOST_TOP_STEP = "at_most_top_step"
    UNKNOWN_SOURCE = "unknown_source"
    APBD_LENGTH = "apbd_length"
    APBD_FLOOR_ABOVE_ENVELOPE = "apbd_floor_above_envelope"
    APBD_FLOOR_UNREACHABLE = "apbd_floor_unreachable"
    SOLVER_STOPPED = "solver_stopped"


TEMPLATES: dict[str, str] = {
    PlanError.MONEY_NOT_EXACT: "money must be Decimal or int rupiah, not float",
    PlanError.MONEY_INFINITE: "the amount of money is infinite",
    PlanError.MONEY_NEGATIVE: "the amount of money must not be negative",
    PlanError.NOT_A_NUMBER: "must be a number",
    PlanError.OUT_OF_RANGE: "must be between %(low)g and %(high)g",
    PlanError.NOT_WHOLE: "must be a whole number",
    PlanError.NOT_POSITIVE: "must be more than zero",
    PlanError.NEGATIVE: "must not be negative",
    PlanError.DUPLICATE_ID: "the id '%(id)s' is used more than once",
    PlanError.SERIES_LENGTH: "the household series must hold %(expected)d plan years, not %(given)d",
    PlanError.HOUSEHOLDS_FALL: "the number of households must not fall",
    PlanError.NOT_AN_ID_SET: "must be a frozenset of ids or None",
    PlanError.UNKNOWN_IDS: "unknown ids: %(ids)s",
    PlanError.HORIZON_TOO_SHORT: "the plan horizon must be at least one year",
    PlanError.LADDER_TOO_SHORT: "a service ladder needs at least two steps",
    PlanError.DUPLICATE_STEP: "duplicate step name",
    PlanError.BASELINE_LENGTH: "the baseline must have one number per step",
    PlanError.BASELINE_SUM: "the baseline adds up to %(total).0f, not %(households).0f households",
    PlanError.UNKNOWN_STEP: "unknown step '%(step)s'",
    PlanError.SHARED_ID: "an option and a facility must not use the same id",
    PlanError.UNKNOWN_SUB_SECTOR: "unknown sub-sector '%(sub_sector)s'",
    PlanError.NO_FROM_STEP: "an option needs a from-step",
    PlanError.FROM_NOT_BELOW: "the from-step '%(from_step)s' must be below the to-step '%(to_step)s'",
    PlanError.UNKNOWN_FACILITY: "unknown facility '%(facility)s'",
    PlanError.ENVELOPE_LENGTH: "the envelope must hold %(expected)d plan years, not %(given)d",
    PlanError.OPTION_CAPITAL_UNPAID: "no funding source may pay the capital of this option",
    PlanError.OPTION_OPERATING_UNPAID: "no funding source may pay the O&M of this option",
    PlanError.FACILITY_CAPITAL_UNPAID: "no funding source may pay the capital of this facility",
    PlanError.FACILITY_OPERATING_UNPAID: "no funding source may pay the O&M of this facility",
    PlanError.TARGET_YEAR: (
        "the target year must lie within the plan (%(first)d-%(last)d); a target in or "
        "before the base year cannot be changed by the plan"
    ),
    PlanError.DUPLICATE_TARGET: "duplicate target",
    PlanError.AT_MOST_TOP_STEP: "an 'at most' target on the top step means nothing",
    PlanError.UNKNOWN_SOURCE: "unknown funding source '%(source)s'",
    PlanError.APBD_LENGTH: "the APBD totals must hold %(expected)d plan years",
    PlanError.APBD_FLOOR_ABOVE_ENVELOPE: "the 2%% APBD floor exceeds the envelope of that source",
    PlanError.APBD_FLOOR_UNREACHABLE: (
        "the plan is infeasible: the APBD spending floor cannot be met with the options given"
    ),
    PlanError.SOLVER_STOPPED: "HiGHS stopped without an optimal solution (%(status)s)",
}
"""The English text of every code (``%``-style placeholders name the parameters)."""


class PlanNote(StrEnum):
    """The codes of the notes saved with a result (:class:`~.types.Note`)."""

    TARGET_MISSED = "note.target_missed"
    EXTRA_FUNDING = "note.extra_funding"
    NOT_CLOSABLE = "note.not_closable"
    APBD_BELOW_COMMITMENT = "note.apbd_below_commitment"
    LIFE_SHORTER_THAN_HORIZON = "note.life_shorter_than_horizon"
    NODE_LIMIT = "note.node_limit"
    GREEDY_BASELINE = "note.greedy_baseline"
    GREEDY_MISSES_FLOOR = "note.greedy_misses_floor"


NOTE_TEMPLATES: dict[str, str] = {
    PlanNote.TARGET_MISSED: (
        "Target %(target)s %(kind)s %(step)s %(percent).0f%% in %(year)d is short by "
        "%(households)s households."
    ),
    PlanNote.EXTRA_FUNDING: (
        "Extra funding of at least Rp%(rupiah)s closes the shortfall that money can close."
    ),
    PlanNote.NOT_CLOSABLE: (
        "Part of the shortfall stays open even with unlimited money "
        "(stock limit, facility capacity or build rate)."
    ),
    PlanNote.APBD_BELOW_COMMITMENT: (
        "Spending of %(source)s in %(year)d is %(percent).2f%% of the APBD, below the "
        "commitment of %(commitment).0f%%."
    ),
    PlanNote.LIFE_SHORTER_THAN_HORIZON: (
        "The service life of option %(option)s (%(life)s yr) is shorter than the horizon; "
        "asset replacement is not modelled."
    ),
    PlanNote.NODE_LIMIT: (
        "%(stage)s: the HiGHS limit of %(nodes)d nodes was reached; the best solution is "
        "used, not yet proven optimal (gap %(gap).2f%%)."
    ),
    PlanNote.GREEDY_BASELINE: "Greedy baseline program (not optimal).",
    PlanNote.GREEDY_MISSES_FLOOR: (
        "The greedy baseline found no work to meet the APBD spending floor in %(years)s, "
        "although a program meeting it exists: this program breaks that floor and cannot "
        "be compared with the optimal program."
    ),
}
"""The English text of every note code."""


class Stage(StrEnum):
    """The solver's stages, named in ``where`` of a solver error and in the node-limit
    note (the value is the English name)."""

    SHORTFALL = "stage 1 (target shortfall)"
    EXTRA_FUNDING = "stage 2 (extra funding)"
    COST = "stage 2 (cost)"
    DUALS = "LP dual (marginal value of money)"


register_templates(TEMPLATES)
register_templates(NOTE_TEMPLATES)


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
