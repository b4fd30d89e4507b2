"""The allocation engine's errors in the user's language (code -> msgid), and the planner's
own problems with a plan it builds for the engine.

The msgids are the English templates of :data:`akkopsi.engines.allocation.errors.TEMPLATES`
(a test keeps them equal); the Indonesian is in this app's ``.po``.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from akkopsi.core.engine_messages import MessageTable, engine_text
from akkopsi.core.engine_messages import located_text as engine_located_text
from akkopsi.engines.allocation.errors import PlanError, PlanNote, Stage
from akkopsi.engines.allocation.types import Note
from akkopsi.engines.errors import EngineError

__all__ = [
    "MESSAGES",
    "STAGES",
    "PlannerError",
    "engine_message",
    "located_text",
    "note_text",
    "plan_problem_text",
]


class PlannerError(StrEnum):
    """Problems the planner finds while it builds the engine's problem from a plan."""

    NO_BASE_POPULATION = "planner.no_base_population"
    BASELINE_PERCENT_SUM = "planner.baseline_percent_sum"


MESSAGES: MessageTable = {
    PlanError.MONEY_NOT_EXACT: gettext_lazy("money must be Decimal or int rupiah, not float"),
    PlanError.MONEY_INFINITE: gettext_lazy("the amount of money is infinite"),
    PlanError.MONEY_NEGATIVE: gettext_lazy("the amount of money must not be negative"),
    PlanError.NOT_A_NUMBER: gettext_lazy("must be a number"),
    PlanError.OUT_OF_RANGE: gettext_lazy("must be between %(low)g and %(high)g"),
    PlanError.NOT_WHOLE: gettext_lazy("must be a whole number"),
    PlanError.NOT_POSITIVE: gettext_lazy("must be more than zero"),
    PlanError.NEGATIVE: gettext_lazy("must not be negative"),
    PlanError.DUPLICATE_ID: gettext_lazy("the id '%(id)s' is used more than once"),
    PlanError.SERIES_LENGTH: gettext_lazy(
        "the household series must hold %(expected)d plan years, not %(given)d"
    ),
    PlanError.HOUSEHOLDS_FALL: gettext_lazy("the number of households must not fall"),
    PlanError.NOT_AN_ID_SET: gettext_lazy("must be a frozenset of ids or None"),
    PlanError.UNKNOWN_IDS: gettext_lazy("unknown ids: %(ids)s"),
    PlanError.HORIZON_TOO_SHORT: gettext_lazy("the plan horizon must be at least one year"),
    PlanError.LADDER_TOO_SHORT: gettext_lazy("a service ladder needs at least two steps"),
    PlanError.DUPLICATE_STEP: gettext_lazy("duplicate step name"),
    PlanError.BASELINE_LENGTH: gettext_lazy("the baseline must have one number per step"),
    PlanError.BASELINE_SUM: gettext_lazy(
        "the baseline adds up to %(total).0f, not %(households).0f households"
    ),
    PlanError.UNKNOWN_STEP: gettext_lazy("unknown step '%(step)s'"),
    PlanError.SHARED_ID: gettext_lazy("an option and a facility must not use the same id"),
    PlanError.UNKNOWN_SUB_SECTOR: gettext_lazy("unknown sub-sector '%(sub_sector)s'"),
    PlanError.NO_FROM_STEP: gettext_lazy("an option needs a from-step"),
    PlanError.FROM_NOT_BELOW: gettext_lazy(
        "the from-step '%(from_step)s' must be below the to-step '%(to_step)s'"
    ),
    PlanError.UNKNOWN_FACILITY: gettext_lazy("unknown facility '%(facility)s'"),
    PlanError.ENVELOPE_LENGTH: gettext_lazy(
        "the envelope must hold %(expected)d plan years, not %(given)d"
    ),
    PlanError.OPTION_CAPITAL_UNPAID: gettext_lazy(
        "no funding source may pay the capital of this option"
    ),
    PlanError.OPTION_OPERATING_UNPAID: gettext_lazy(
        "no funding source may pay the O&M of this option"
    ),
    PlanError.FACILITY_CAPITAL_UNPAID: gettext_lazy(
        "no funding source may pay the capital of this facility"
    ),
    PlanError.FACILITY_OPERATING_UNPAID: gettext_lazy(
        "no funding source may pay the O&M of this facility"
    ),
    PlanError.TARGET_YEAR: gettext_lazy(
        "the target year must lie within the plan (%(first)d-%(last)d); a target in or "
        "before the base year cannot be changed by the plan"
    ),
    PlanError.DUPLICATE_TARGET: gettext_lazy("duplicate target"),
    PlanError.AT_MOST_TOP_STEP: gettext_lazy("an 'at most' target on the top step means nothing"),
    PlanError.UNKNOWN_SOURCE: gettext_lazy("unknown funding source '%(source)s'"),
    PlanError.APBD_LENGTH: gettext_lazy("the APBD totals must hold %(expected)d plan years"),
    PlanError.APBD_FLOOR_ABOVE_ENVELOPE: gettext_lazy(
        "the 2%% APBD floor exceeds the envelope of that source"
    ),
    PlanError.APBD_FLOOR_UNREACHABLE: gettext_lazy(
        "the plan is infeasible: the APBD spending floor cannot be met with the options given"
    ),
    PlanError.SOLVER_STOPPED: gettext_lazy(
        "HiGHS stopped without an optimal solution (%(status)s)"
    ),
    PlanNote.TARGET_MISSED: gettext_lazy(
        "Target %(target)s %(kind)s %(step)s %(percent).0f%% in %(year)d is short by "
        "%(households)s households."
    ),
    PlanNote.EXTRA_FUNDING: gettext_lazy(
        "Extra funding of at least Rp%(rupiah)s closes the shortfall that money can close."
    ),
    PlanNote.NOT_CLOSABLE: gettext_lazy(
        "Part of the shortfall stays open even with unlimited money "
        "(stock limit, facility capacity or build rate)."
    ),
    PlanNote.APBD_BELOW_COMMITMENT: gettext_lazy(
        "Spending of %(source)s in %(year)d is %(percent).2f%% of the APBD, below the "
        "commitment of %(commitment).0f%%."
    ),
    PlanNote.LIFE_SHORTER_THAN_HORIZON: gettext_lazy(
        "The service life of option %(option)s (%(life)s yr) is shorter than the horizon; "
        "asset replacement is not modelled."
    ),
    PlanNote.NODE_LIMIT: gettext_lazy(
        "%(stage)s: the HiGHS limit of %(nodes)d nodes was reached; the best solution is "
        "used, not yet proven optimal (gap %(gap).2f%%)."
    ),
    PlanNote.GREEDY_BASELINE: gettext_lazy("Greedy baseline program (not optimal)."),
    PlanNote.GREEDY_MISSES_FLOOR: gettext_lazy(
        "The greedy baseline found no work to meet the APBD spending floor in %(years)s, "
        "although a program meeting it exists: this program breaks that floor and cannot "
        "be compared with the optimal program."
    ),
    PlannerError.NO_BASE_POPULATION: gettext_lazy(
        "the region registry has no population for the base year %(year)d and the plan "
        "gives none; fill in the population or use a growth rate"
    ),
    PlannerError.BASELINE_PERCENT_SUM: gettext_lazy(
        "the household percentages per step of %(ladder)s add up to %(total)s, must be 100"
    ),
}


STAGES: MessageTable = {
    Stage.SHORTFALL: gettext_lazy("stage 1 (target shortfall)"),
    Stage.EXTRA_FUNDING: gettext_lazy("stage 2 (extra funding)"),
    Stage.COST: gettext_lazy("stage 2 (cost)"),
    Stage.DUALS: gettext_lazy("LP dual (marginal value of money)"),
}
"""The solver's stages (named in ``where`` and in the node-limit note)."""


def _place(where: str) -> str:
    return str(STAGES.get(where, where))


def note_text(note: Note | str) -> str:
    """A note of a result in the active language; a note saved before the codes (a
    plain string) as it was saved."""
    if isinstance(note, str):
        return note
    msgid = MESSAGES.get(note.code)
    if msgid is None:
        return note.text or note.code
    params = dict(note.params)
    if isinstance(params.get("stage"), str):
        params["stage"] = _place(str(params["stage"]))
    return str(msgid) % params


def plan_problem_text(exc: EngineError) -> str:
    """The problem in the active language, without the place it names."""
    return engine_text(exc, MESSAGES)


def located_text(exc: EngineError) -> str:
    """``where: problem`` in the active language (reports and commands)."""
    return engine_located_text(exc, MESSAGES, _place)


def engine_message(exc: EngineError) -> str:
    """The problem in the active language, with the input it names (pages and reports)."""
    message = plan_problem_text(exc)
    if exc.where:
        return _("The plan cannot be computed (%(where)s): %(message)s") % {
            "where": _place(exc.where),
            "message": message,
        }
    return _("The plan cannot be computed: %(message)s") % {"message": message}
