"""Methodology versions: a tree of categories (Level 2) made of criteria (Level 1), each
criterion an indicator of the data catalogue or a jury criterion scored against a rubric.
A version is immutable once an edition uses it (:func:`refuse_if_locked`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from akkopsi.awards.models.choices import (
    Aggregation,
    MissingData,
    Normalise,
    Source,
    Transform,
    Weighting,
)
from akkopsi.core.models import TimeStampedModel


class Locked(ValidationError):
    pass


def refuse_if_locked(version: MethodologyVersion) -> None:
    """Raise :class:`Locked` when an edition uses ``version``."""
    if version.is_locked:
        raise Locked(_("This methodology version is used by an edition; make a new version."))


def _pairwise_help() -> Any:
    return _(
        "Pairwise comparisons for AHP, one row per item in order: how much more important "
        "the row is than the column (1 to 9, or 1/3 ...)."
    )


# Field blocks shared by the version (for its categories) and a category (for its
# criteria), and by categories and criteria (their weight).


def weighting_field(label: Any) -> models.CharField[Any, Any]:
    return models.CharField(
        label, max_length=10, choices=Weighting.choices, default=Weighting.MANUAL
    )


def pairwise_field(label: Any) -> models.JSONField[Any, Any]:
    return models.JSONField(label, default=list, blank=True, help_text=_pairwise_help())


def weight_field() -> models.DecimalField[Any, Any]:
    return models.DecimalField(
        _("weight"), max_digits=8, decimal_places=4, default=1, validators=[MinValueValidator(0)]
    )


class MethodologyVersion(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    index_aggregation = models.CharField(
        _("aggregation of the categories"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.AMEAN,
    )
    winsorise = models.BooleanField(
        _("treat outliers (winsorise, then log)"),
        default=False,
        help_text=_("COINr's default: up to 5 points while |skew| >= 2 and kurtosis >= 3.5."),
    )
    weight_noise = models.DecimalField(
        _("weight uncertainty (fraction)"),
        max_digits=4,
        decimal_places=2,
        default=0.25,
        help_text=_("Weights vary uniformly within plus or minus this fraction in the analysis."),
    )
    category_weighting = weighting_field(_("weighting of the categories"))
    category_pairwise = pairwise_field(_("pairwise comparisons of the categories"))
    tie_break = models.CharField(
        _("tie-break"),
        max_length=200,
        blank=True,
        help_text=_(
            "Codes of categories or criteria, separated by commas: equal scores are ordered "
            "by these, in turn; members equal on all of them share the better rank."
        ),
    )
    max_arrears_days = models.PositiveIntegerField(
        _("dues arrears allowed (days)"),
        null=True,
        blank=True,
        help_text=_(
            "A member with yearly dues unpaid for more than this many days after the due date "
            "is not eligible. Empty: dues are not checked."
        ),
    )
    uncertain_normalisations = models.JSONField(
        _("normalisation alternatives"),
        default=list,
        blank=True,
        help_text=_("Tried besides the methodology's own in the uncertainty analysis."),
    )
    uncertain_aggregations = models.JSONField(
        _("aggregation alternatives"),
        default=list,
        blank=True,
        help_text=_("Applied to every level in the uncertainty analysis."),
    )
    uncertain_imputations = models.JSONField(
        _("imputation alternatives"),
        default=list,
        blank=True,
        help_text=_("Ways to fill in missing values, tried in the uncertainty analysis."),
    )
    min_jurors = models.PositiveSmallIntegerField(
        _("jurors needed per nomination"), default=1, validators=[MinValueValidator(1)]
    )
    disagreement = models.DecimalField(
        _("large disagreement (score points)"),
        max_digits=6,
        decimal_places=2,
        default=2,
        help_text=_("A spread between jurors at least this large is flagged for discussion."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("methodology version")
        verbose_name_plural = _("methodology versions")
        ordering = ["name", "version"]
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="awards_method_name_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def is_locked(self) -> bool:
        """Used by an edition: immutable from then on."""
        return self.pk is not None and self.editions.exists()

    @property
    def tie_break_codes(self) -> list[str]:
        return [c.strip() for c in self.tie_break.split(",") if c.strip()]

    def save(self, *args: Any, **kwargs: Any) -> None:
        refuse_if_locked(self)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        refuse_if_locked(self)
        return super().delete(*args, **kwargs)


class _PartOfVersion(models.Model):
    """A row of a methodology version: refused once the version is locked.

    ``version_path`` names the attributes that lead from the row to its version.
    """

    version_path: tuple[str, ...] = ("methodology",)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        refuse_if_locked(self._version())
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        refuse_if_locked(self._version())
        return super().delete(*args, **kwargs)

    def _version(self) -> MethodologyVersion:
        obj: Any = self
        for name in self.version_path:
            obj = getattr(obj, name)
        return obj


class Category(_PartOfVersion):
    methodology = models.ForeignKey(
        MethodologyVersion,
        verbose_name=_("methodology version"),
        on_delete=models.CASCADE,
        related_name="categories",
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    weight = weight_field()
    aggregation = models.CharField(
        _("aggregation"), max_length=10, choices=Aggregation.choices, default=Aggregation.AMEAN
    )
    missing = models.CharField(
        _("missing data"), max_length=20, choices=MissingData.choices, default=MissingData.REWEIGHT
    )
    min_coverage = models.DecimalField(
        _("minimum data coverage"),
        max_digits=3,
        decimal_places=2,
        default=0,
        help_text=_("Share of the criteria (0 to 1) a unit needs to be scored."),
    )
    weighting = weighting_field(_("weighting of the criteria"))
    pairwise = pairwise_field(_("pairwise comparisons of the criteria"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["methodology", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["methodology", "code"], name="awards_category_code")
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(_PartOfVersion):
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="criteria"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    indicator = models.ForeignKey(
        "data.Indicator",
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    denominator = models.ForeignKey(
        "data.Indicator",
        verbose_name=_("denominator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The value is divided by this indicator first (e.g. per capita)."),
    )
    rubric = models.JSONField(
        _("rubric"),
        default=list,
        blank=True,
        help_text=_('Levels of a jury criterion: [{"score": 1, "label": "..."}, ...].'),
    )
    direction = models.SmallIntegerField(
        _("direction"), choices=[(1, _("Higher is better")), (-1, _("Lower is better"))], default=1
    )
    transform = models.CharField(
        _("transformation"), max_length=10, choices=Transform.choices, default=Transform.NONE
    )
    normalisation = models.CharField(
        _("normalisation"), max_length=10, choices=Normalise.choices, default=Normalise.MINMAX
    )
    lower = models.FloatField(_("lower goalpost"), null=True, blank=True)
    upper = models.FloatField(_("upper goalpost"), null=True, blank=True)
    target = models.FloatField(_("target"), null=True, blank=True)
    weight = weight_field()
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["category__position", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="awards_criterion_code")
        ]

    def __str__(self) -> str:
        return self.name

    version_path = ("category", "methodology")

    def clean(self) -> None:
        if self.source == Source.CATALOGUE and self.indicator_id is None:
            raise ValidationError({"indicator": _("Choose an indicator of the data catalogue.")})
        if self.source == Source.JURY and not self.rubric:
            raise ValidationError({"rubric": _("A jury criterion needs rubric levels.")})

    @property
    def rubric_scores(self) -> list[float]:
        return [float(level["score"]) for level in self.rubric]
