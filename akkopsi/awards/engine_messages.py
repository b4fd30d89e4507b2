"""The composite engine's errors, notes and checks in the user's language (code -> msgid).

The msgids are the English templates of :data:`akkopsi.engines.composite.errors.TEMPLATES`
(a test keeps them equal and complete); the Indonesian is in this app's ``.po``. See
``docs/adr/0038-engine-error-codes.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy

from akkopsi.core.engine_messages import MessageTable, engine_text
from akkopsi.core.engine_messages import located_text as engine_located_text
from akkopsi.engines.composite import AnalysisCheck
from akkopsi.engines.composite.errors import CompositeIssue
from akkopsi.engines.errors import EngineError, EngineProblem

__all__ = [
    "MESSAGES",
    "check_text",
    "composite_text",
    "located_text",
    "problem_text",
    "saved_check",
]

MESSAGES: MessageTable = {
    CompositeIssue.GMEAN_AGGREGATE_UNDEFINED: gettext_lazy(
        "the geometric mean of aggregate %(aggregate)s is undefined: the value of %(child)s for unit %(unit)s is %(value)g (must be > 0). Use a normalisation with a lower bound > 0, for example minmax 1-100"
    ),
    CompositeIssue.GMEAN_UNDEFINED: gettext_lazy(
        "the geometric mean is undefined: the normalised value of %(indicator)s for unit %(unit)s is %(value)g (must be > 0). Use a normalisation with a lower bound > 0, for example minmax 1-100"
    ),
    CompositeIssue.TARGET_NOT_BETTER: gettext_lazy(
        "the target of indicator %(indicator)s (%(target)g) must be better than the worst value in the data, otherwise the distance to the target is undefined"
    ),
    CompositeIssue.LOG_NEEDS_POSITIVE: gettext_lazy(
        "a log transform needs values > 0; the value of indicator %(indicator)s for unit %(unit)s is %(value)g"
    ),
    CompositeIssue.GROUP_COLUMN_MISSING: gettext_lazy(
        "the group column '%(column)s' (for imputation) is not in the data"
    ),
    CompositeIssue.NO_UNITS: gettext_lazy("the data have no units"),
    CompositeIssue.INDICATOR_COLUMN_MISSING: gettext_lazy(
        "the indicator column '%(column)s' is not in the data"
    ),
    CompositeIssue.DENOMINATOR_COLUMN_MISSING: gettext_lazy(
        "the denominator column '%(column)s' (for indicator %(indicator)s) is not in the data"
    ),
    CompositeIssue.ZERO_DENOMINATOR: gettext_lazy(
        "the denominator %(denominator)s is zero for unit %(unit)s; the division is undefined"
    ),
    CompositeIssue.SAMPLE_LENGTH: gettext_lazy(
        "the length of y must be N(d+2) = %(expected)d, got %(shape)s"
    ),
    CompositeIssue.NO_UNCERTAIN_FACTORS: gettext_lazy(
        "there are no uncertainty factors for the sensitivity analysis"
    ),
    CompositeIssue.SENSITIVITY_N_TOO_SMALL: gettext_lazy(
        "N for the sensitivity analysis must be >= 2"
    ),
    CompositeIssue.TABLE_SHAPE: gettext_lazy(
        "the size of the value table %(shape)s does not match %(units)d units x %(columns)d columns"
    ),
    CompositeIssue.EMPTY_UNIT_CODE: gettext_lazy("empty unit code at unit no. %(position)d"),
    CompositeIssue.DUPLICATE_UNIT: gettext_lazy("duplicate unit code '%(unit)s'"),
    CompositeIssue.DUPLICATE_DATA_COLUMN: gettext_lazy("duplicate column name in the data table"),
    CompositeIssue.INFINITE_VALUE: gettext_lazy("infinite values (inf) are not allowed"),
    CompositeIssue.UNIT_NAMES_LENGTH: gettext_lazy(
        "the number of unit names differs from the number of units"
    ),
    CompositeIssue.GROUP_LABELS_LENGTH: gettext_lazy(
        "the number of group labels differs from the number of units"
    ),
    CompositeIssue.COLUMN_LENGTH: gettext_lazy(
        "the column has %(given)d values, it should have %(expected)d"
    ),
    CompositeIssue.COLUMN_MISSING: gettext_lazy("the column '%(column)s' is not in the data"),
    CompositeIssue.WEIGHT_NOT_POSITIVE: gettext_lazy(
        "the weight must be a positive number (> 0), got %(weight)r"
    ),
    CompositeIssue.EMPTY_INDICATOR_CODE: gettext_lazy("empty indicator code"),
    CompositeIssue.BAD_DIRECTION: gettext_lazy(
        "the direction (Direction) must be 1 or -1, got %(direction)r"
    ),
    CompositeIssue.UNKNOWN_PARENT: gettext_lazy(
        "unknown parent (Parent) '%(parent)s': not an aggregate code"
    ),
    CompositeIssue.UNKNOWN_TRANSFORM: gettext_lazy(
        "unknown transform '%(transform)s'; choices: none, log, ln, log_ct"
    ),
    CompositeIssue.OWN_DENOMINATOR: gettext_lazy("an indicator must not be its own denominator"),
    CompositeIssue.LOG_CT_FIXED_BOUNDS: gettext_lazy(
        "the log_ct transform depends on the data, so it does not fit fixed goalposts/target; use the plain log (ln)"
    ),
    CompositeIssue.WINSORISE_LOG_CT_FIXED_BOUNDS: gettext_lazy(
        "winsorising with a log_ct fallback does not fit fixed goalposts/target"
    ),
    CompositeIssue.LOG_BOUND_NOT_POSITIVE: gettext_lazy(
        "a log transform needs goalposts/target > 0, got %(bound)g"
    ),
    CompositeIssue.BOUNDS_ORDER: gettext_lazy(
        "the lower value bound must be below the upper bound"
    ),
    CompositeIssue.EMPTY_AGGREGATE_CODE: gettext_lazy("empty aggregate code"),
    CompositeIssue.BAD_AGGREGATE_LEVEL: gettext_lazy(
        "an aggregate level must be a whole number >= 2, got %(level)r"
    ),
    CompositeIssue.UNKNOWN_AGGREGATION: gettext_lazy(
        "unknown aggregation method '%(method)s'; choices: amean, gmean"
    ),
    CompositeIssue.CYCLE: gettext_lazy("the structure of the methodology forms a cycle: %(loop)s"),
    CompositeIssue.INDICATOR_PARENT_LEVEL: gettext_lazy(
        "the parent of an indicator must be a Level 2 aggregate, but '%(parent)s' is at Level %(level)s"
    ),
    CompositeIssue.PARENT_LEVEL: gettext_lazy(
        "the parent '%(parent)s' (Level %(parent_level)s) must be exactly one level above '%(child)s' (Level %(level)s)"
    ),
    CompositeIssue.UNKNOWN_TIE_BREAK: gettext_lazy(
        "the tie-break code '%(node)s' is not an indicator or aggregate under the index"
    ),
    CompositeIssue.DUPLICATE_TIE_BREAK: gettext_lazy(
        "the tie-break code '%(node)s' is named twice"
    ),
    CompositeIssue.DUPLICATE_CODE: gettext_lazy("duplicate code '%(node)s'"),
    CompositeIssue.NO_INDICATORS: gettext_lazy("the methodology has no indicators (Level 1)"),
    CompositeIssue.NO_AGGREGATES: gettext_lazy("the methodology has no aggregates (Level >= 2)"),
    CompositeIssue.ROOT_COUNT: gettext_lazy(
        "the methodology must have exactly one top aggregate (without Parent), got %(count)d: %(roots)s"
    ),
    CompositeIssue.NO_CHILDREN: gettext_lazy("the aggregate '%(aggregate)s' has no children"),
    CompositeIssue.REPLICATIONS_TOO_FEW: gettext_lazy("the number of replications must be >= 1"),
    CompositeIssue.WINMAX_UNUSED: gettext_lazy(
        "winmax alternatives are given, but no indicator is winsorised"
    ),
    CompositeIssue.NOISE_LEVEL_MISSING: gettext_lazy(
        "level %(level)s in weight_noise does not exist; the weights that can be given noise are at levels 1 to %(top)d"
    ),
    CompositeIssue.AHP_NOT_SQUARE: gettext_lazy(
        "the pairwise comparison matrix must be square and not empty"
    ),
    CompositeIssue.AHP_TOO_LARGE: gettext_lazy(
        "AHP is supported up to %(max)d criteria, got %(given)d"
    ),
    CompositeIssue.AHP_NOT_POSITIVE: gettext_lazy(
        "every element of the comparison matrix must be a positive number"
    ),
    CompositeIssue.AHP_DIAGONAL: gettext_lazy("the diagonal of the comparison matrix must be 1"),
    CompositeIssue.AHP_NOT_RECIPROCAL: gettext_lazy(
        "the matrix is not reciprocal: A[%(i)d][%(j)d] x A[%(j)d][%(i)d] must be 1"
    ),
    CompositeIssue.AHP_LABELS: gettext_lazy(
        "the number of labels differs from the size of the matrix"
    ),
    CompositeIssue.NO_NODES_AT_LEVEL: gettext_lazy("there are no nodes at level %(level)s"),
    CompositeIssue.UNKNOWN_NORMALISATION: gettext_lazy(
        "unknown normalisation method '%(method)s'; choices: %(choices)s"
    ),
    CompositeIssue.GOALPOSTS_NEED_BOUNDS: gettext_lazy(
        "goalposts normalisation needs a lower (Lower) and an upper (Upper) bound"
    ),
    CompositeIssue.BOUNDS_NOT_FINITE: gettext_lazy("the Lower/Upper bounds must be finite numbers"),
    CompositeIssue.GOALPOSTS_ORDER: gettext_lazy(
        "the lower goalpost (Lower = %(lower)g) must be below the upper bound (Upper = %(upper)g)"
    ),
    CompositeIssue.RANGE_ORDER: gettext_lazy(
        "the lower bound of the range (Lower = %(lower)g) must be below the upper bound (Upper = %(upper)g)"
    ),
    CompositeIssue.BAD_OUTPUT_RANGE: gettext_lazy(
        "invalid output range: Floor must be below Scale"
    ),
    CompositeIssue.DIST2TARG_NEEDS_TARGET: gettext_lazy(
        "dist2targ normalisation needs a target value (Target)"
    ),
    CompositeIssue.ZSCORE_UNDEFINED: gettext_lazy(
        "z-score needs a finite mean and a standard deviation > 0"
    ),
    CompositeIssue.UNKNOWN_TREATMENT: gettext_lazy(
        "unknown outlier treatment '%(method)s'; choices: none, winsorise"
    ),
    CompositeIssue.BAD_WINMAX: gettext_lazy("WinMax must be a whole number >= 0"),
    CompositeIssue.BAD_THRESHOLDS: gettext_lazy(
        "the skewness and kurtosis thresholds must be positive"
    ),
    CompositeIssue.UNKNOWN_TREATMENT_CHOICE: gettext_lazy("unknown outlier treatment choice"),
    CompositeIssue.UNKNOWN_IMPUTATION: gettext_lazy(
        "unknown imputation method '%(method)s'; choices: %(choices)s"
    ),
    CompositeIssue.UNKNOWN_MISSING_POLICY: gettext_lazy(
        "unknown missing-data policy '%(method)s'; choices: %(choices)s"
    ),
    CompositeIssue.BAD_MIN_COVERAGE: gettext_lazy("MinCoverage must be between 0 and 1"),
    CompositeIssue.UNKNOWN_WEIGHT_CODES: gettext_lazy("unknown weight codes: %(codes)s"),
    CompositeIssue.DUPLICATE_NOISE_LEVEL: gettext_lazy("duplicate level in weight_noise"),
    CompositeIssue.BAD_NOISE: gettext_lazy(
        "the weight noise factor must be between 0 and 1 (1 excluded)"
    ),
    CompositeIssue.BAD_WINMAX_ALTERNATIVE: gettext_lazy(
        "winmax alternatives must be whole numbers >= 0"
    ),
    CompositeIssue.BAD_WEIGHT_SETS: gettext_lazy("weight_sets must be >= 1"),
    CompositeIssue.CONSTANT_INDICATOR: gettext_lazy(
        "indicator %(indicator)s has the same value for every unit (it does not discriminate)"
    ),
    CompositeIssue.PCA_TOO_FEW: gettext_lazy(
        "%(group)s: too few complete rows or zero variance; equal weights used"
    ),
    CompositeIssue.PCA_NEGATIVE_LOADING: gettext_lazy(
        "%(group)s: some loadings are negative or zero; they cannot be used directly as weights"
    ),
    CompositeIssue.NOMINAL_OUTSIDE_RANGE: gettext_lazy(
        "the official rank of %(count)d units (%(units)s) lies outside the range of the replications; the analysis must run the nominal methodology as one of its replications. Compute the results again"
    ),
    CompositeIssue.SOBOL_OUTSIDE_UNIT_INTERVAL: gettext_lazy(
        "Sobol indices outside [0, 1] even within their bootstrap interval: %(items)s; raise N (now %(n)d, %(runs)d runs)"
    ),
    CompositeIssue.SOBOL_TOO_WIDE: gettext_lazy(
        "bootstrap interval of a Sobol index wider than +-%(max_half_width)g: %(items)s; raise N (now %(n)d, %(runs)d runs)"
    ),
    CompositeIssue.FIRST_ORDER: gettext_lazy("first order"),
    CompositeIssue.CLI_ERROR: gettext_lazy("error: %(message)s"),
    CompositeIssue.CLI_UNCERTAINTY_TOO_SMALL: gettext_lazy("--uncertainty must be >= 1"),
    CompositeIssue.CLI_FILE_IO: gettext_lazy("the file cannot be read/written: %(error)s"),
    CompositeIssue.SUMMARY_DENOMINATE: gettext_lazy("Denominate %(count)d indicators"),
    CompositeIssue.SUMMARY_IMPUTE: gettext_lazy("Impute %(method)s: %(count)d values filled"),
    CompositeIssue.SUMMARY_TREAT: gettext_lazy(
        "Treat winsorise (winmax %(winmax)d): %(count)d indicators, log_CT: %(logs)d"
    ),
    CompositeIssue.SUMMARY_TOP: gettext_lazy("top 3: %(units)s"),
    CompositeIssue.SUMMARY_DONE: gettext_lazy(
        "%(units)d units, index %(index)s; results written to %(out)s"
    ),
    CompositeIssue.SUMMARY_DONE_UNCERTAIN: gettext_lazy(
        "%(units)d units, index %(index)s; results written to %(out)s, uncertainty %(n)d replications (seed %(seed)d)"
    ),
    CompositeIssue.TOML_NOT_TABLE: gettext_lazy("must be a TOML table, got %(value)s"),
    CompositeIssue.TOML_UNKNOWN_KEY: gettext_lazy("unknown key; choices: %(choices)s"),
    CompositeIssue.TOML_UNKNOWN_VALUE: gettext_lazy(
        "unknown value %(value)s; choices: %(choices)s"
    ),
    CompositeIssue.TOML_NOT_TEXT: gettext_lazy("unknown value %(value)s; must be text"),
    CompositeIssue.TOML_NOT_NUMBER: gettext_lazy("must be a number, got %(value)s"),
    CompositeIssue.TOML_NUMBER_BELOW: gettext_lazy("must be a number >= %(lo)g, got %(value)s"),
    CompositeIssue.TOML_NUMBER_NOT_FINITE: gettext_lazy("must be a finite number, got %(value)s"),
    CompositeIssue.TOML_NOT_COUNT: gettext_lazy("must be a whole number >= 0, got %(value)s"),
    CompositeIssue.TOML_ONLY_VALUE: gettext_lazy(
        "only %(only)s is supported by this engine, got %(value)s"
    ),
    CompositeIssue.SPEC_UNKNOWN_INDICATORS: gettext_lazy("indicators %(codes)s are not in iMeta"),
    CompositeIssue.SPEC_WRONG_DSET: gettext_lazy(
        "must be '%(expected)s' (the data set the previous step wrote), got %(value)s; the engine's order: %(order)s"
    ),
    CompositeIssue.SPEC_NOT_POSITIVE: gettext_lazy("must be positive, got %(value)s"),
    CompositeIssue.SPEC_THRESHOLD_DIFFERS: gettext_lazy(
        "must equal %(other)s (%(value)g): this engine uses one threshold for winsorising and for checking"
    ),
    CompositeIssue.SPEC_NOT_PAIR: gettext_lazy(
        "must be a list of two numbers, for example %(example)s, got %(value)s"
    ),
    CompositeIssue.SPEC_REQUIRED_CHOICE: gettext_lazy("required; choices: %(choices)s"),
    CompositeIssue.SPEC_GROUP_REQUIRED: gettext_lazy(
        "required for %(method)s: the name of the group column in iData (e.g. GDP_group)"
    ),
    CompositeIssue.SPEC_GROUP_UNUSED: gettext_lazy("%(method)s uses no group; use %(method)s_grp"),
    CompositeIssue.SPEC_NONE_OR_TABLE: gettext_lazy("must be 'none' or a table, got %(value)s"),
    CompositeIssue.SPEC_WEIGHTS: gettext_lazy(
        "must be 'Original' (the iMeta weights) or a table { iCode = weight }, got %(value)s"
    ),
    CompositeIssue.SPEC_BETWEEN_0_1: gettext_lazy("must be between 0 and 1, got %(value)g"),
    CompositeIssue.SPEC_TABLE_REQUIRED: gettext_lazy(
        "the table [%(table)s] is required (COINr step %(table)s)"
    ),
    CompositeIssue.FILE_NOT_FOUND: gettext_lazy("file not found"),
    CompositeIssue.FILE_NOT_UTF8: gettext_lazy("the file is not UTF-8 text"),
    CompositeIssue.TOML_INVALID: gettext_lazy("invalid TOML: %(error)s"),
    CompositeIssue.DENOMS_NOT_FOUND: gettext_lazy("denoms file not found"),
    CompositeIssue.DENOMS_ID_MISSING: gettext_lazy(
        "the ID column '%(column)s' (Denominate.denoms_ID) is missing"
    ),
    CompositeIssue.DENOMS_COLUMN_MISSING: gettext_lazy(
        "the denominator column '%(column)s' named in iMeta is not in denoms"
    ),
    CompositeIssue.DENOMS_UNIT_MISSING: gettext_lazy(
        "the unit '%(unit)s' of iData is not in denoms"
    ),
    CompositeIssue.CELL_NOT_NUMBER: gettext_lazy(
        "the cell holds the text '%(text)s', not a number"
    ),
    CompositeIssue.FILE_EMPTY: gettext_lazy("empty file"),
    CompositeIssue.EMPTY_HEADER: gettext_lazy("empty column name in the header row"),
    CompositeIssue.DUPLICATE_HEADER: gettext_lazy("duplicate column name '%(column)s'"),
    CompositeIssue.ROW_LENGTH: gettext_lazy(
        "the row has %(cells)d cells, the header has %(columns)d columns"
    ),
    CompositeIssue.CELL_INFINITE: gettext_lazy("infinite values are not allowed"),
    CompositeIssue.CELL_REQUIRED: gettext_lazy("column %(column)s is required"),
    CompositeIssue.NOT_INTEGER: gettext_lazy("%(column)s must be a whole number, got %(value)s"),
    CompositeIssue.UNKNOWN_CHOICE: gettext_lazy("unknown value '%(value)s'; choices: %(choices)s"),
    CompositeIssue.GOALPOSTS_NEED_LOWER_UPPER: gettext_lazy("goalposts needs Lower and Upper"),
    CompositeIssue.DIST2TARG_NEEDS_TARGET_COLUMN: gettext_lazy("dist2targ needs Target"),
    CompositeIssue.REQUIRED_COLUMN_MISSING: gettext_lazy(
        "the required column '%(column)s' is missing"
    ),
    CompositeIssue.UNKNOWN_TYPE: gettext_lazy(
        "unknown Type '%(type)s'; choices: Indicator, Aggregate, Group, Denominator, Other"
    ),
    CompositeIssue.EMPTY_ICODE: gettext_lazy("empty iCode"),
    CompositeIssue.DUPLICATE_ICODE: gettext_lazy(
        "duplicate iCode '%(node)s' (also in row %(row)d)"
    ),
    CompositeIssue.LEVEL_TYPE_MISMATCH: gettext_lazy(
        "Level %(level)s does not match Type %(type)s"
    ),
    CompositeIssue.INDICATOR_NEEDS_PARENT: gettext_lazy("an indicator must have a Parent"),
    CompositeIssue.LEVEL_TOO_LOW: gettext_lazy("Level must be >= 1, got %(level)s"),
    CompositeIssue.META_COLUMN_NOT_IN_DATA: gettext_lazy(
        "the indicator/denominator column '%(column)s' named in META is not in DATA"
    ),
    CompositeIssue.EMPTY_UCODE: gettext_lazy("empty uCode"),
    CompositeIssue.DUPLICATE_UNIT_ROW: gettext_lazy(
        "duplicate unit code '%(unit)s' (also in row %(row)d)"
    ),
    CompositeIssue.DATA_NO_UNITS: gettext_lazy("DATA has no unit rows"),
    CompositeIssue.METHOD_COLUMNS_WITH_SPEC: gettext_lazy(
        "method columns %(columns)s are not used with --spec: the steps are set by the specification"
    ),
}


def problem_text(problem: EngineProblem) -> str:
    """A note or failed check of the engine in the active language."""
    msgid = MESSAGES.get(problem.code)
    params = dict(problem.params)
    if isinstance(params.get("items"), str):
        # the Sobol checks list "factor (first order) ..." items
        first = f"({MESSAGES[CompositeIssue.FIRST_ORDER]})"
        params["items"] = str(params["items"]).replace("(first order)", first)
    return problem.message if msgid is None else str(msgid) % params


def composite_text(exc: EngineError) -> str:
    """The engine's error in the active language, without the place it names."""
    return engine_text(exc, MESSAGES)


def located_text(exc: EngineError) -> str:
    """``where: problem`` in the active language (as ``str(exc)`` reads in English)."""
    return engine_located_text(exc, MESSAGES)


def check_text(check: Any) -> str:
    """The message of a saved or computed analysis check in the active language: a check
    saved with its code and parameters is translated, an older one (text only) is shown
    as it was saved."""
    if isinstance(check, Mapping):
        if check.get("problem"):
            return problem_text(EngineProblem(check["problem"], check.get("params") or {}))
        return str(check.get("message", ""))
    problem = getattr(check, "problem", None)
    return "" if problem is None else problem_text(problem)


def saved_check(check: AnalysisCheck) -> dict[str, Any]:
    """A check as the results save it: its message in the active language, with its code
    and parameters so that a later reader can translate it again."""
    out: dict[str, Any] = {"code": check.code, "ok": check.ok, "message": check_text(check)}
    if check.problem is not None:
        out |= {"problem": str(check.problem.code), "params": dict(check.problem.params)}
    return out
