"""The Sanipura Award: versioned methodologies, editions, nominations, jury scores, results.

A methodology version is a tree: categories (Level 2) made of criteria (Level 1), each
criterion either an indicator of the data catalogue or a jury criterion scored against a
rubric; the index (Level 3) aggregates the categories. A version is immutable once an
edition uses it; improving it means a new version (a copy). ``awards.compute`` is the only
module that turns these rows into the engine's Methodology.
"""

from akkopsi.awards.models.choices import (
    Aggregation,
    MissingData,
    Normalise,
    Source,
    Transform,
    UncertainImputation,
    UncertainNormalisation,
    Weighting,
)
from akkopsi.awards.models.editions import (
    Edition,
    JurorProfile,
    JuryMembership,
    JuryScore,
    Nomination,
    ResultRun,
)
from akkopsi.awards.models.methodology import (
    Category,
    Criterion,
    Locked,
    MethodologyVersion,
    refuse_if_locked,
)

__all__ = [
    "Aggregation",
    "Category",
    "Criterion",
    "Edition",
    "JurorProfile",
    "JuryMembership",
    "JuryScore",
    "Locked",
    "MethodologyVersion",
    "MissingData",
    "Nomination",
    "Normalise",
    "ResultRun",
    "Source",
    "Transform",
    "UncertainImputation",
    "UncertainNormalisation",
    "Weighting",
    "refuse_if_locked",
]
