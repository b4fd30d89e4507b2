"""Composite-indicator engine following COINr's pipeline and defaults.

Pure Python + numpy: no Django, no other application code. The pipeline per indicator is
denominate -> impute -> transform -> treat (winsorise / log_CT) -> normalise (min-max,
goalposts, z-score, rank, distance to target; direction applied), then aggregation level
by level (weighted arithmetic or geometric mean, with a missing-data policy) and
competition ranking (1 = best, ties share the lowest rank; the methodology's ``tie_break``
names nodes that order equal index scores first).

Public API::

    compute(data, method) -> CompositeResult
    uncertainty(data, method, spec, n, seed) -> UncertaintyResult
    sensitivity(data, method, spec, n, seed) -> SensitivityResult
    compare(data, method_a, method_b) -> Comparison
    what_would_it_take(data, method) -> WhatIfResult
    ahp_weights(matrix, labels) -> AHPResult
    pca_weights(result, level) -> PCAResult
    ipm_methodology() -> Methodology
    read_meta(path), read_data(path, method), write_results(path, result, ua)
"""

from ._checks import MAX_HALF_WIDTH, AnalysisCheck, check_analysis
from ._compute import compute
from ._ipm import ipm_methodology
from ._rank import competition_ranks, tie_broken_ranks
from ._sensitivity import saltelli_design, sensitivity, sobol_bootstrap, sobol_estimates
from ._treat import kurtosis, skewness
from ._uncertainty import uncertainty
from ._weights import RANDOM_INDEX, ahp_weights, compare, pca_weights
from ._whatif import what_would_it_take
from .errors import CompositeError, DataError, DomainError, InputFileError, MethodologyError
from .io import read_data, read_meta, write_results
from .types import (
    Aggregate,
    AHPResult,
    Comparison,
    CompositeResult,
    Imputation,
    Indicator,
    IndicatorTable,
    Methodology,
    MissingPolicy,
    Normalisation,
    PCAResult,
    SensitivityResult,
    Treatment,
    TreatmentRecord,
    UncertaintyResult,
    UncertaintySpec,
    WhatIfResult,
)

__all__ = [
    "MAX_HALF_WIDTH",
    "RANDOM_INDEX",
    "AHPResult",
    "Aggregate",
    "AnalysisCheck",
    "Comparison",
    "CompositeError",
    "CompositeResult",
    "DataError",
    "DomainError",
    "Imputation",
    "Indicator",
    "IndicatorTable",
    "InputFileError",
    "Methodology",
    "MethodologyError",
    "MissingPolicy",
    "Normalisation",
    "PCAResult",
    "SensitivityResult",
    "Treatment",
    "TreatmentRecord",
    "UncertaintyResult",
    "UncertaintySpec",
    "WhatIfResult",
    "ahp_weights",
    "check_analysis",
    "compare",
    "competition_ranks",
    "compute",
    "ipm_methodology",
    "kurtosis",
    "pca_weights",
    "read_data",
    "read_meta",
    "saltelli_design",
    "sensitivity",
    "skewness",
    "sobol_bootstrap",
    "sobol_estimates",
    "tie_broken_ranks",
    "uncertainty",
    "what_would_it_take",
    "write_results",
]
