"""The choices of a methodology version: aggregation, missing data, normalisation,
transformation, source and weighting of criteria and categories, and the alternatives
of the uncertainty analysis."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Aggregation(models.TextChoices):
    AMEAN = "amean", _("Weighted arithmetic mean")
    GMEAN = "gmean", _("Weighted geometric mean")


class MissingData(models.TextChoices):
    REWEIGHT = "reweight", _("Reweight the criteria present")
    EXCLUDE = "exclude", _("Exclude the unit")
    IMPUTE_MEDIAN = "impute_median", _("Impute the median of the nominees")


class Normalise(models.TextChoices):
    MINMAX = "minmax", _("Min-max (0-100)")
    GOALPOSTS = "goalposts", _("Goalposts (fixed bounds, 0-100)")
    ZSCORE = "zscore", _("z-score")
    RANK = "rank", _("Rank")
    DIST2TARG = "dist2targ", _("Distance to target")


class Transform(models.TextChoices):
    NONE = "none", _("No transformation")
    LN = "ln", _("Natural logarithm")


class Source(models.TextChoices):
    CATALOGUE = "catalogue", _("Indicator from the data catalogue")
    JURY = "jury", _("Jury criterion (rubric)")


class Weighting(models.TextChoices):
    MANUAL = "manual", _("Manual weights")
    AHP = "ahp", _("AHP (pairwise comparisons)")
    PCA = "pca", _("PCA (first principal component of the data)")


class UncertainNormalisation(models.TextChoices):
    MINMAX = "minmax", _("Min-max (1-100)")
    RANK = "rank", _("Rank")


class UncertainImputation(models.TextChoices):
    NONE = "none", _("No imputation (the category's missing-data policy)")
    MEAN = "mean", _("Mean of the nominees")
    MEDIAN = "median", _("Median of the nominees")
