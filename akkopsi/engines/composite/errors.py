"""Domain errors of the composite-indicator engine.

All of them derive from :class:`akkopsi.engines.errors.EngineError`, so adapters can catch
one base class. Each carries a code of :class:`CompositeIssue` (``exc.error_code``; ``exc.code``
of a :class:`MethodologyError` names the indicator at fault) with its parameters; the English
templates are in :data:`TEMPLATES`, and the awards app translates them
(``akkopsi/awards/engine_messages.py``, see ``docs/adr/0038-engine-error-codes.md``).
``where`` names the place (file, row, column, indicator, unit) that caused the error.

The notes and checks the engine returns (:attr:`CompositeResult.notes`,
:attr:`PCAResult.caveats`, :attr:`AnalysisCheck.problem`) use the same codes.
"""

from __future__ import annotations

from enum import StrEnum

from akkopsi.engines.errors import EngineError, Param, Place, register_templates

__all__ = [
    "TEMPLATES",
    "CompositeError",
    "CompositeIssue",
    "DataError",
    "DomainError",
    "InputFileError",
    "MethodologyError",
]


class CompositeIssue(StrEnum):
    """The codes of the composite engine's errors, notes and failed checks."""

    GMEAN_AGGREGATE_UNDEFINED = "composite.gmean_aggregate_undefined"
    GMEAN_UNDEFINED = "composite.gmean_undefined"
    TARGET_NOT_BETTER = "composite.target_not_better"
    LOG_NEEDS_POSITIVE = "composite.log_needs_positive"
    GROUP_COLUMN_MISSING = "composite.group_column_missing"
    NO_UNITS = "composite.no_units"
    INDICATOR_COLUMN_MISSING = "composite.indicator_column_missing"
    DENOMINATOR_COLUMN_MISSING = "composite.denominator_column_missing"
    ZERO_DENOMINATOR = "composite.zero_denominator"
    SAMPLE_LENGTH = "composite.sample_length"
    NO_UNCERTAIN_FACTORS = "composite.no_uncertain_factors"
    SENSITIVITY_N_TOO_SMALL = "composite.sensitivity_n_too_small"
    TABLE_SHAPE = "composite.table_shape"
    EMPTY_UNIT_CODE = "composite.empty_unit_code"
    DUPLICATE_UNIT = "composite.duplicate_unit"
    DUPLICATE_DATA_COLUMN = "composite.duplicate_data_column"
    INFINITE_VALUE = "composite.infinite_value"
    UNIT_NAMES_LENGTH = "composite.unit_names_length"
    GROUP_LABELS_LENGTH = "composite.group_labels_length"
    COLUMN_LENGTH = "composite.column_length"
    COLUMN_MISSING = "composite.column_missing"
    WEIGHT_NOT_POSITIVE = "composite.weight_not_positive"
    EMPTY_INDICATOR_CODE = "composite.empty_indicator_code"
    BAD_DIRECTION = "composite.bad_direction"
    UNKNOWN_PARENT = "composite.unknown_parent"
    UNKNOWN_TRANSFORM = "composite.unknown_transform"
    OWN_DENOMINATOR = "composite.own_denominator"
    LOG_CT_FIXED_BOUNDS = "composite.log_ct_fixed_bounds"
    WINSORISE_LOG_CT_FIXED_BOUNDS = "composite.winsorise_log_ct_fixed_bounds"
    LOG_BOUND_NOT_POSITIVE = "composite.log_bound_not_positive"
    BOUNDS_ORDER = "composite.bounds_order"
    EMPTY_AGGREGATE_CODE = "composite.empty_aggregate_code"
    BAD_AGGREGATE_LEVEL = "composite.bad_aggregate_level"
    UNKNOWN_AGGREGATION = "composite.unknown_aggregation"
    CYCLE = "composite.cycle"
    INDICATOR_PARENT_LEVEL = "composite.indicator_parent_level"
    PARENT_LEVEL = "composite.parent_level"
    UNKNOWN_TIE_BREAK = "composite.unknown_tie_break"
    DUPLICATE_TIE_BREAK = "composite.duplicate_tie_break"
    DUPLICATE_CODE = "composite.duplicate_code"
    NO_INDICATORS = "composite.no_indicators"
    NO_AGGREGATES = "composite.no_aggregates"
    ROOT_COUNT = "composite.root_count"
    NO_CHILDREN = "composite.no_children"
    REPLICATIONS_TOO_FEW = "composite.replications_too_few"
    WINMAX_UNUSED = "composite.winmax_unused"
    NOISE_LEVEL_MISSING = "composite.noise_level_missing"
    AHP_NOT_SQUARE = "composite.ahp_not_square"
    AHP_TOO_LARGE = "composite.ahp_too_large"
    AHP_NOT_POSITIVE = "composite.ahp_not_positive"
    AHP_DIAGONAL = "composite.ahp_diagonal"
    AHP_NOT_RECIPROCAL = "composite.ahp_not_reciprocal"
    AHP_LABELS = "composite.ahp_labels"
    NO_NODES_AT_LEVEL = "composite.no_nodes_at_level"
    UNKNOWN_NORMALISATION = "composite.unknown_normalisation"
    GOALPOSTS_NEED_BOUNDS = "composite.goalposts_need_bounds"
    BOUNDS_NOT_FINITE = "composite.bounds_not_finite"
    GOALPOSTS_ORDER = "composite.goalposts_order"
    RANGE_ORDER = "composite.range_order"
    BAD_OUTPUT_RANGE = "composite.bad_output_range"
    DIST2TARG_NEEDS_TARGET = "composite.dist2targ_needs_target"
    ZSCORE_UNDEFINED = "composite.zscore_undefined"
    UNKNOWN_TREATMENT = "composite.unknown_treatment"
    BAD_WINMAX = "composite.bad_winmax"
    BAD_THRESHOLDS = "composite.bad_thresholds"
    UNKNOWN_TREATMENT_CHOICE = "composite.unknown_treatment_choice"
    UNKNOWN_IMPUTATION = "composite.unknown_imputation"
    UNKNOWN_MISSING_POLICY = "composite.unknown_missing_policy"
    BAD_MIN_COVERAGE = "composite.bad_min_coverage"
    UNKNOWN_WEIGHT_CODES = "composite.unknown_weight_codes"
    DUPLICATE_NOISE_LEVEL = "composite.duplicate_noise_level"
    BAD_NOISE = "composite.bad_noise"
    BAD_WINMAX_ALTERNATIVE = "composite.bad_winmax_alternative"
    BAD_WEIGHT_SETS = "composite.bad_weight_sets"
    CONSTANT_INDICATOR = "composite.constant_indicator"
    PCA_TOO_FEW = "composite.pca_too_few"
    PCA_NEGATIVE_LOADING = "composite.pca_negative_loading"
    NOMINAL_OUTSIDE_RANGE = "composite.nominal_outside_range"
    SOBOL_OUTSIDE_UNIT_INTERVAL = "composite.sobol_outside_unit_interval"
    SOBOL_TOO_WIDE = "composite.sobol_too_wide"
    FIRST_ORDER = "composite.first_order"
    TOML_NOT_TABLE = "composite.toml_not_table"
    TOML_UNKNOWN_KEY = "composite.toml_unknown_key"
    TOML_UNKNOWN_VALUE = "composite.toml_unknown_value"
    TOML_NOT_TEXT = "composite.toml_not_text"
    TOML_NOT_NUMBER = "composite.toml_not_number"
    TOML_NUMBER_BELOW = "composite.toml_number_below"
    TOML_NUMBER_NOT_FINITE = "composite.toml_number_not_finite"
    TOML_NOT_COUNT = "composite.toml_not_count"
    TOML_ONLY_VALUE = "composite.toml_only_value"
    SPEC_UNKNOWN_INDICATORS = "composite.spec_unknown_indicators"
    SPEC_WRONG_DSET = "composite.spec_wrong_dset"
    SPEC_NOT_POSITIVE = "composite.spec_not_positive"
    SPEC_THRESHOLD_DIFFERS = "composite.spec_threshold_differs"
    SPEC_NOT_PAIR = "composite.spec_not_pair"
    SPEC_REQUIRED_CHOICE = "composite.spec_required_choice"
    SPEC_GROUP_REQUIRED = "composite.spec_group_required"
    SPEC_GROUP_UNUSED = "composite.spec_group_unused"
    SPEC_NONE_OR_TABLE = "composite.spec_none_or_table"
    SPEC_WEIGHTS = "composite.spec_weights"
    SPEC_BETWEEN_0_1 = "composite.spec_between_0_1"
    SPEC_TABLE_REQUIRED = "composite.spec_table_required"
    FILE_NOT_FOUND = "composite.file_not_found"
    FILE_NOT_UTF8 = "composite.file_not_utf8"
    TOML_INVALID = "composite.toml_invalid"
    DENOMS_NOT_FOUND = "composite.denoms_not_found"
    DENOMS_ID_MISSING = "composite.denoms_id_missing"
    DENOMS_COLUMN_MISSING = "composite.denoms_column_missing"
    DENOMS_UNIT_MISSING = "composite.denoms_unit_missing"
    CELL_NOT_NUMBER = "composite.cell_not_number"
    FILE_EMPTY = "composite.file_empty"
    EMPTY_HEADER = "composite.empty_header"
    DUPLICATE_HEADER = "composite.duplicate_header"
    ROW_LENGTH = "composite.row_length"
    CELL_INFINITE = "composite.cell_infinite"
    CELL_REQUIRED = "composite.cell_required"
    NOT_INTEGER = "composite.not_integer"
    UNKNOWN_CHOICE = "composite.unknown_choice"
    GOALPOSTS_NEED_LOWER_UPPER = "composite.goalposts_need_lower_upper"
    DIST2TARG_NEEDS_TARGET_COLUMN = "composite.dist2targ_needs_target_column"
    REQUIRED_COLUMN_MISSING = "composite.required_column_missing"
    UNKNOWN_TYPE = "composite.unknown_type"
    EMPTY_ICODE = "composite.empty_icode"
    DUPLICATE_ICODE = "composite.duplicate_icode"
    LEVEL_TYPE_MISMATCH = "composite.level_type_mismatch"
    INDICATOR_NEEDS_PARENT = "composite.indicator_needs_parent"
    LEVEL_TOO_LOW = "composite.level_too_low"
    META_COLUMN_NOT_IN_DATA = "composite.meta_column_not_in_data"
    EMPTY_UCODE = "composite.empty_ucode"
    DUPLICATE_UNIT_ROW = "composite.duplicate_unit_row"
    DATA_NO_UNITS = "composite.data_no_units"
    METHOD_COLUMNS_WITH_SPEC = "composite.method_columns_with_spec"
    CLI_ERROR = "composite.cli_error"
    CLI_UNCERTAINTY_TOO_SMALL = "composite.cli_uncertainty_too_small"
    CLI_FILE_IO = "composite.cli_file_io"
    SUMMARY_DENOMINATE = "composite.summary_denominate"
    SUMMARY_IMPUTE = "composite.summary_impute"
    SUMMARY_TREAT = "composite.summary_treat"
    SUMMARY_TOP = "composite.summary_top"
    SUMMARY_DONE = "composite.summary_done"
    SUMMARY_DONE_UNCERTAIN = "composite.summary_done_uncertain"


TEMPLATES: dict[str, str] = {
    CompositeIssue.GMEAN_AGGREGATE_UNDEFINED: "the geometric mean of aggregate %(aggregate)s is undefined: the value of %(child)s for unit %(unit)s is %(value)g (must be > 0). Use a normalisation with a lower bound > 0, for example minmax 1-100",
    CompositeIssue.GMEAN_UNDEFINED: "the geometric mean is undefined: the normalised value of %(indicator)s for unit %(unit)s is %(value)g (must be > 0). Use a normalisation with a lower bound > 0, for example minmax 1-100",
    CompositeIssue.TARGET_NOT_BETTER: "the target of indicator %(indicator)s (%(target)g) must be better than the worst value in the data, otherwise the distance to the target is undefined",
    CompositeIssue.LOG_NEEDS_POSITIVE: "a log transform needs values > 0; the value of indicator %(indicator)s for unit %(unit)s is %(value)g",
    CompositeIssue.GROUP_COLUMN_MISSING: "the group column '%(column)s' (for imputation) is not in the data",
    CompositeIssue.NO_UNITS: "the data have no units",
    CompositeIssue.INDICATOR_COLUMN_MISSING: "the indicator column '%(column)s' is not in the data",
    CompositeIssue.DENOMINATOR_COLUMN_MISSING: "the denominator column '%(column)s' (for indicator %(indicator)s) is not in the data",
    CompositeIssue.ZERO_DENOMINATOR: "the denominator %(denominator)s is zero for unit %(unit)s; the division is undefined",
    CompositeIssue.SAMPLE_LENGTH: "the length of y must be N(d+2) = %(expected)d, got %(shape)s",
    CompositeIssue.NO_UNCERTAIN_FACTORS: "there are no uncertainty factors for the sensitivity analysis",
    CompositeIssue.SENSITIVITY_N_TOO_SMALL: "N for the sensitivity analysis must be >= 2",
    CompositeIssue.TABLE_SHAPE: "the size of the value table %(shape)s does not match %(units)d units x %(columns)d columns",
    CompositeIssue.EMPTY_UNIT_CODE: "empty unit code at unit no. %(position)d",
    CompositeIssue.DUPLICATE_UNIT: "duplicate unit code '%(unit)s'",
    CompositeIssue.DUPLICATE_DATA_COLUMN: "duplicate column name in the data table",
    CompositeIssue.INFINITE_VALUE: "infinite values (inf) are not allowed",
    CompositeIssue.UNIT_NAMES_LENGTH: "the number of unit names differs from the number of units",
    CompositeIssue.GROUP_LABELS_LENGTH: "the number of group labels differs from the number of units",
    CompositeIssue.COLUMN_LENGTH: "the column has %(given)d values, it should have %(expected)d",
    CompositeIssue.COLUMN_MISSING: "the column '%(column)s' is not in the data",
    CompositeIssue.WEIGHT_NOT_POSITIVE: "the weight must be a positive number (> 0), got %(weight)r",
    CompositeIssue.EMPTY_INDICATOR_CODE: "empty indicator code",
    CompositeIssue.BAD_DIRECTION: "the direction (Direction) must be 1 or -1, got %(direction)r",
    CompositeIssue.UNKNOWN_PARENT: "unknown parent (Parent) '%(parent)s': not an aggregate code",
    CompositeIssue.UNKNOWN_TRANSFORM: "unknown transform '%(transform)s'; choices: none, log, ln, log_ct",
    CompositeIssue.OWN_DENOMINATOR: "an indicator must not be its own denominator",
    CompositeIssue.LOG_CT_FIXED_BOUNDS: "the log_ct transform depends on the data, so it does not fit fixed goalposts/target; use the plain log (ln)",
    CompositeIssue.WINSORISE_LOG_CT_FIXED_BOUNDS: "winsorising with a log_ct fallback does not fit fixed goalposts/target",
    CompositeIssue.LOG_BOUND_NOT_POSITIVE: "a log transform needs goalposts/target > 0, got %(bound)g",
    CompositeIssue.BOUNDS_ORDER: "the lower value bound must be below the upper bound",
    CompositeIssue.EMPTY_AGGREGATE_CODE: "empty aggregate code",
    CompositeIssue.BAD_AGGREGATE_LEVEL: "an aggregate level must be a whole number >= 2, got %(level)r",
    CompositeIssue.UNKNOWN_AGGREGATION: "unknown aggregation method '%(method)s'; choices: amean, gmean",
    CompositeIssue.CYCLE: "the structure of the methodology forms a cycle: %(loop)s",
    CompositeIssue.INDICATOR_PARENT_LEVEL: "the parent of an indicator must be a Level 2 aggregate, but '%(parent)s' is at Level %(level)s",
    CompositeIssue.PARENT_LEVEL: "the parent '%(parent)s' (Level %(parent_level)s) must be exactly one level above '%(child)s' (Level %(level)s)",
    CompositeIssue.UNKNOWN_TIE_BREAK: "the tie-break code '%(node)s' is not an indicator or aggregate under the index",
    CompositeIssue.DUPLICATE_TIE_BREAK: "the tie-break code '%(node)s' is named twice",
    CompositeIssue.DUPLICATE_CODE: "duplicate code '%(node)s'",
    CompositeIssue.NO_INDICATORS: "the methodology has no indicators (Level 1)",
    CompositeIssue.NO_AGGREGATES: "the methodology has no aggregates (Level >= 2)",
    CompositeIssue.ROOT_COUNT: "the methodology must have exactly one top aggregate (without Parent), got %(count)d: %(roots)s",
    CompositeIssue.NO_CHILDREN: "the aggregate '%(aggregate)s' has no children",
    CompositeIssue.REPLICATIONS_TOO_FEW: "the number of replications must be >= 1",
    CompositeIssue.WINMAX_UNUSED: "winmax alternatives are given, but no indicator is winsorised",
    CompositeIssue.NOISE_LEVEL_MISSING: "level %(level)s in weight_noise does not exist; the weights that can be given noise are at levels 1 to %(top)d",
    CompositeIssue.AHP_NOT_SQUARE: "the pairwise comparison matrix must be square and not empty",
    CompositeIssue.AHP_TOO_LARGE: "AHP is supported up to %(max)d criteria, got %(given)d",
    CompositeIssue.AHP_NOT_POSITIVE: "every element of the comparison matrix must be a positive number",
    CompositeIssue.AHP_DIAGONAL: "the diagonal of the comparison matrix must be 1",
    CompositeIssue.AHP_NOT_RECIPROCAL: "the matrix is not reciprocal: A[%(i)d][%(j)d] x A[%(j)d][%(i)d] must be 1",
    CompositeIssue.AHP_LABELS: "the number of labels differs from the size of the matrix",
    CompositeIssue.NO_NODES_AT_LEVEL: "there are no nodes at level %(level)s",
    CompositeIssue.UNKNOWN_NORMALISATION: "unknown normalisation method '%(method)s'; choices: %(choices)s",
    CompositeIssue.GOALPOSTS_NEED_BOUNDS: "goalposts normalisation needs a lower (Lower) and an upper (Upper) bound",
    CompositeIssue.BOUNDS_NOT_FINITE: "the Lower/Upper bounds must be finite numbers",
    CompositeIssue.GOALPOSTS_ORDER: "the lower goalpost (Lower = %(lower)g) must be below the upper bound (Upper = %(upper)g)",
    CompositeIssue.RANGE_ORDER: "the lower bound of the range (Lower = %(lower)g) must be below the upper bound (Upper = %(upper)g)",
    CompositeIssue.BAD_OUTPUT_RANGE: "invalid output range: Floor must be below Scale",
    CompositeIssue.DIST2TARG_NEEDS_TARGET: "dist2targ normalisation needs a target value (Target)",
    CompositeIssue.ZSCORE_UNDEFINED: "z-score needs a finite mean and a standard deviation > 0",
    CompositeIssue.UNKNOWN_TREATMENT: "unknown outlier treatment '%(method)s'; choices: none, winsorise",
    CompositeIssue.BAD_WINMAX: "WinMax must be a whole number >= 0",
    CompositeIssue.BAD_THRESHOLDS: "the skewness and kurtosis thresholds must be positive",
    CompositeIssue.UNKNOWN_TREATMENT_CHOICE: "unknown outlier treatment choice",
    CompositeIssue.UNKNOWN_IMPUTATION: "unknown imputation method '%(method)s'; choices: %(choices)s",
    CompositeIssue.UNKNOWN_MISSING_POLICY: "unknown missing-data policy '%(method)s'; choices: %(choices)s",
    CompositeIssue.BAD_MIN_COVERAGE: "MinCoverage must be between 0 and 1",
    CompositeIssue.UNKNOWN_WEIGHT_CODES: "unknown weight codes: %(codes)s",
    CompositeIssue.DUPLICATE_NOISE_LEVEL: "duplicate level in weight_noise",
    CompositeIssue.BAD_NOISE: "the weight noise factor must be between 0 and 1 (1 excluded)",
    CompositeIssue.BAD_WINMAX_ALTERNATIVE: "winmax alternatives must be whole numbers >= 0",
    CompositeIssue.BAD_WEIGHT_SETS: "weight_sets must be >= 1",
    CompositeIssue.CONSTANT_INDICATOR: "indicator %(indicator)s has the same value for every unit (it does not discriminate)",
    CompositeIssue.PCA_TOO_FEW: "%(group)s: too few complete rows or zero variance; equal weights used",
    CompositeIssue.PCA_NEGATIVE_LOADING: "%(group)s: some loadings are negative or zero; they cannot be used directly as weights",
    CompositeIssue.NOMINAL_OUTSIDE_RANGE: "the official rank of %(count)d units (%(units)s) lies outside the range of the replications; the analysis must run the nominal methodology as one of its replications. Compute the results again",
    CompositeIssue.SOBOL_OUTSIDE_UNIT_INTERVAL: "Sobol indices outside [0, 1] even within their bootstrap interval: %(items)s; raise N (now %(n)d, %(runs)d runs)",
    CompositeIssue.SOBOL_TOO_WIDE: "bootstrap interval of a Sobol index wider than +-%(max_half_width)g: %(items)s; raise N (now %(n)d, %(runs)d runs)",
    CompositeIssue.FIRST_ORDER: "first order",
    CompositeIssue.CLI_ERROR: "error: %(message)s",
    CompositeIssue.CLI_UNCERTAINTY_TOO_SMALL: "--uncertainty must be >= 1",
    CompositeIssue.CLI_FILE_IO: "the file cannot be read/written: %(error)s",
    CompositeIssue.SUMMARY_DENOMINATE: "Denominate %(count)d indicators",
    CompositeIssue.SUMMARY_IMPUTE: "Impute %(method)s: %(count)d values filled",
    CompositeIssue.SUMMARY_TREAT: "Treat winsorise (winmax %(winmax)d): %(count)d indicators, log_CT: %(logs)d",
    CompositeIssue.SUMMARY_TOP: "top 3: %(units)s",
    CompositeIssue.SUMMARY_DONE: "%(units)d units, index %(index)s; results written to %(out)s",
    CompositeIssue.SUMMARY_DONE_UNCERTAIN: "%(units)d units, index %(index)s; results written to %(out)s, uncertainty %(n)d replications (seed %(seed)d)",
    CompositeIssue.TOML_NOT_TABLE: "must be a TOML table, got %(value)s",
    CompositeIssue.TOML_UNKNOWN_KEY: "unknown key; choices: %(choices)s",
    CompositeIssue.TOML_UNKNOWN_VALUE: "unknown value %(value)s; choices: %(choices)s",
    CompositeIssue.TOML_NOT_TEXT: "unknown value %(value)s; must be text",
    CompositeIssue.TOML_NOT_NUMBER: "must be a number, got %(value)s",
    CompositeIssue.TOML_NUMBER_BELOW: "must be a number >= %(lo)g, got %(value)s",
    CompositeIssue.TOML_NUMBER_NOT_FINITE: "must be a finite number, got %(value)s",
    CompositeIssue.TOML_NOT_COUNT: "must be a whole number >= 0, got %(value)s",
    CompositeIssue.TOML_ONLY_VALUE: "only %(only)s is supported by this engine, got %(value)s",
    CompositeIssue.SPEC_UNKNOWN_INDICATORS: "indicators %(codes)s are not in iMeta",
    CompositeIssue.SPEC_WRONG_DSET: "must be '%(expected)s' (the data set the previous step wrote), got %(value)s; the engine's order: %(order)s",
    CompositeIssue.SPEC_NOT_POSITIVE: "must be positive, got %(value)s",
    CompositeIssue.SPEC_THRESHOLD_DIFFERS: "must equal %(other)s (%(value)g): this engine uses one threshold for winsorising and for checking",
    CompositeIssue.SPEC_NOT_PAIR: "must be a list of two numbers, for example %(example)s, got %(value)s",
    CompositeIssue.SPEC_REQUIRED_CHOICE: "required; choices: %(choices)s",
    CompositeIssue.SPEC_GROUP_REQUIRED: "required for %(method)s: the name of the group column in iData (e.g. GDP_group)",
    CompositeIssue.SPEC_GROUP_UNUSED: "%(method)s uses no group; use %(method)s_grp",
    CompositeIssue.SPEC_NONE_OR_TABLE: "must be 'none' or a table, got %(value)s",
    CompositeIssue.SPEC_WEIGHTS: "must be 'Original' (the iMeta weights) or a table { iCode = weight }, got %(value)s",
    CompositeIssue.SPEC_BETWEEN_0_1: "must be between 0 and 1, got %(value)g",
    CompositeIssue.SPEC_TABLE_REQUIRED: "the table [%(table)s] is required (COINr step %(table)s)",
    CompositeIssue.FILE_NOT_FOUND: "file not found",
    CompositeIssue.FILE_NOT_UTF8: "the file is not UTF-8 text",
    CompositeIssue.TOML_INVALID: "invalid TOML: %(error)s",
    CompositeIssue.DENOMS_NOT_FOUND: "denoms file not found",
    CompositeIssue.DENOMS_ID_MISSING: "the ID column '%(column)s' (Denominate.denoms_ID) is missing",
    CompositeIssue.DENOMS_COLUMN_MISSING: "the denominator column '%(column)s' named in iMeta is not in denoms",
    CompositeIssue.DENOMS_UNIT_MISSING: "the unit '%(unit)s' of iData is not in denoms",
    CompositeIssue.CELL_NOT_NUMBER: "the cell holds the text '%(text)s', not a number",
    CompositeIssue.FILE_EMPTY: "empty file",
    CompositeIssue.EMPTY_HEADER: "empty column name in the header row",
    CompositeIssue.DUPLICATE_HEADER: "duplicate column name '%(column)s'",
    CompositeIssue.ROW_LENGTH: "the row has %(cells)d cells, the header has %(columns)d columns",
    CompositeIssue.CELL_INFINITE: "infinite values are not allowed",
    CompositeIssue.CELL_REQUIRED: "column %(column)s is required",
    CompositeIssue.NOT_INTEGER: "%(column)s must be a whole number, got %(value)s",
    CompositeIssue.UNKNOWN_CHOICE: "unknown value '%(value)s'; choices: %(choices)s",
    CompositeIssue.GOALPOSTS_NEED_LOWER_UPPER: "goalposts needs Lower and Upper",
    CompositeIssue.DIST2TARG_NEEDS_TARGET_COLUMN: "dist2targ needs Target",
    CompositeIssue.REQUIRED_COLUMN_MISSING: "the required column '%(column)s' is missing",
    CompositeIssue.UNKNOWN_TYPE: "unknown Type '%(type)s'; choices: Indicator, Aggregate, Group, Denominator, Other",
    CompositeIssue.EMPTY_ICODE: "empty iCode",
    CompositeIssue.DUPLICATE_ICODE: "duplicate iCode '%(node)s' (also in row %(row)d)",
    CompositeIssue.LEVEL_TYPE_MISMATCH: "Level %(level)s does not match Type %(type)s",
    CompositeIssue.INDICATOR_NEEDS_PARENT: "an indicator must have a Parent",
    CompositeIssue.LEVEL_TOO_LOW: "Level must be >= 1, got %(level)s",
    CompositeIssue.META_COLUMN_NOT_IN_DATA: "the indicator/denominator column '%(column)s' named in META is not in DATA",
    CompositeIssue.EMPTY_UCODE: "empty uCode",
    CompositeIssue.DUPLICATE_UNIT_ROW: "duplicate unit code '%(unit)s' (also in row %(row)d)",
    CompositeIssue.DATA_NO_UNITS: "DATA has no unit rows",
    CompositeIssue.METHOD_COLUMNS_WITH_SPEC: "method columns %(columns)s are not used with --spec: the steps are set by the specification",
}
register_templates(TEMPLATES)


class CompositeError(EngineError):
    """Base class of every error raised by ``akkopsi.engines.composite``."""


class MethodologyError(CompositeError):
    """The methodology (tree, weights, per-indicator methods) is invalid.

    ``code`` is the indicator or aggregate code at fault and ``field`` the attribute
    (named as the META column: ``Parent``, ``Weight``, ``Lower`` ...), so the META reader
    can translate them into a row and column.
    """

    def __init__(
        self,
        issue: str,
        *,
        where: str | Place | None = None,
        code: str | None = None,
        field: str | None = None,
        **params: Param,
    ) -> None:
        if where is None and code is not None:
            where = Place(code=code, column=field or None)
        super().__init__(issue, where=where, **params)
        self.code = code
        self.field = field


class DataError(CompositeError):
    """The indicator data do not fit the methodology (missing column, duplicate unit ...)."""

    def __init__(
        self,
        issue: str,
        *,
        where: str | Place | None = None,
        unit: str | None = None,
        column: str | None = None,
        **params: Param,
    ) -> None:
        if where is None and (unit is not None or column is not None):
            where = Place(unit=unit, column=column)
        named = {k: v for k, v in (("unit", unit), ("column", column)) if v is not None}
        super().__init__(issue, where=where, **named, **params)
        self.unit = unit
        self.column = column


class DomainError(CompositeError):
    """A computation is undefined for the given values (log of a non-positive number,
    geometric mean of a value <= 0, division by a zero denominator ...)."""


class InputFileError(CompositeError):
    """A CSV input file is malformed; its place is ``Place(file, row, column)``."""
