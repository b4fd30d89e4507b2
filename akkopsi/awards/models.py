"""The Sanipura Award: versioned methodologies, editions, nominations, jury scores, results.

A methodology version is a tree: categories (Level 2) made of criteria (Level 1), each
criterion either an indicator of the data catalogue or a jury criterion scored against a
rubric; the index (Level 3) aggregates the categories. A version is immutable once an
edition uses it; improving it means a new version (a copy). ``awards.compute`` is the only
module that turns these rows into the engine's Methodology.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from akkopsi.core.models import TimeStampedModel
from akkopsi.members.models import Member
from akkopsi.regions.models import Province


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
    category_weighting = models.CharField(
        _("weighting of the categories"),
        max_length=10,
        choices=Weighting.choices,
        default=Weighting.MANUAL,
    )
    category_pairwise = models.JSONField(
        _("pairwise comparisons of the categories"),
        default=list,
        blank=True,
        help_text=_pairwise_help(),
    )
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
    weight = models.DecimalField(
        _("weight"), max_digits=8, decimal_places=4, default=1, validators=[MinValueValidator(0)]
    )
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
    weighting = models.CharField(
        _("weighting of the criteria"),
        max_length=10,
        choices=Weighting.choices,
        default=Weighting.MANUAL,
    )
    pairwise = models.JSONField(
        _("pairwise comparisons of the criteria"),
        default=list,
        blank=True,
        help_text=_pairwise_help(),
    )
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
    weight = models.DecimalField(
        _("weight"), max_digits=8, decimal_places=4, default=1, validators=[MinValueValidator(0)]
    )
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


class Edition(TimeStampedModel):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    data_year = models.PositiveSmallIntegerField(
        _("data year"), help_text=_("The year of the verified data the edition uses.")
    )
    methodology = models.ForeignKey(
        MethodologyVersion,
        verbose_name=_("methodology version"),
        on_delete=models.PROTECT,
        related_name="editions",
    )
    open_categories = models.ManyToManyField(
        Category, verbose_name=_("categories open"), related_name="+", blank=True
    )
    nominations_open = models.DateField(_("nominations open"))
    nominations_close = models.DateField(_("nominations close"))
    jury_closes = models.DateField(_("jury closes"))
    announcement = models.DateField(_("announcement"))
    jury_closed = models.BooleanField(_("jury closed"), default=False)
    published = models.BooleanField(_("results published"), default=False)
    scorecards_preview = models.BooleanField(
        _("members see their own scorecard before publication"), default=False
    )

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(_("Sanipura Award %(year)s") % {"year": self.year})


class Nomination(TimeStampedModel):
    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="nominations"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    narrative = models.TextField(_("narrative"))
    evidence = models.FileField(
        _("evidence"),
        upload_to="awards/evidence/%Y/",
        blank=True,
        validators=[FileExtensionValidator(["pdf", "jpg", "jpeg", "png"])],
        help_text=_("One PDF or image file, at most 5 MB."),
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominated by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    eligible = models.BooleanField(_("eligible"), null=True, blank=True)
    eligibility_note = models.TextField(_("eligibility note"), blank=True)
    eligibility_by_hand = models.BooleanField(
        _("eligibility decided by hand"),
        default=False,
        help_text=_("The automatic check no longer changes a decision taken by hand."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["edition", "member__regency__name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "member"], name="awards_one_nomination")
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.edition.year}"

    def file_visible_to(self, user: Any) -> bool:
        """The evidence file: whoever may see the nomination."""
        from akkopsi.awards.access import can_see_nomination

        return can_see_nomination(user, self)


class JurorProfile(models.Model):
    """The province a juror comes from: a juror never scores a member of it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("juror"),
        on_delete=models.CASCADE,
        related_name="juror_profile",
    )
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    conflicts = models.ManyToManyField(
        Member,
        verbose_name=_("declared conflicts of interest"),
        blank=True,
        related_name="+",
        help_text=_("Members this juror does not score."),
    )

    class Meta:
        verbose_name = _("juror profile")
        verbose_name_plural = _("juror profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.province})"


class JuryMembership(TimeStampedModel):
    """A juror sits on the jury of one category of an edition, and scores only there."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="juries"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("juror"),
        on_delete=models.PROTECT,
        related_name="juries",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jury membership")
        verbose_name_plural = _("jury memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "category", "juror"], name="awards_one_jury_seat"
            )
        ]

    def __str__(self) -> str:
        return f"{self.juror} · {self.category} · {self.edition.year}"


class JuryScore(TimeStampedModel):
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.PROTECT, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("juror"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jury score")
        verbose_name_plural = _("jury scores")
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "criterion", "juror"], name="awards_one_score"
            )
        ]


class ResultRun(models.Model):
    """One computation of an edition's results, with everything needed to reproduce it."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="runs"
    )
    methodology = models.ForeignKey(MethodologyVersion, on_delete=models.PROTECT, related_name="+")
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    engine_version = models.CharField(_("engine version"), max_length=20)
    seed = models.PositiveIntegerField(_("seed"))
    replications = models.PositiveIntegerField(_("replications"))
    snapshot = models.JSONField(_("inputs"))  # data, methodology, weights, engine version
    results = models.JSONField(_("results"))  # per unit: scores, ranks, contributions, ...
    # A recomputation keeps the run it replaces, marked with when, by which run and why.
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    superseded_reason = models.TextField(_("reason superseded"), blank=True)

    class Meta:
        verbose_name = _("result run")
        verbose_name_plural = _("result runs")
        ordering = ["-computed_at", "-id"]
        get_latest_by = ["computed_at", "id"]

    def __str__(self) -> str:
        return f"{self.edition} · {self.computed_at:%Y-%m-%d %H:%M}"

    @property
    def failed_checks(self) -> list[dict[str, Any]]:
        """The checks of its uncertainty analysis that failed; a run with an analysis
        but no checks (computed before they existed) counts as failing."""
        if not self.replications:
            return []
        checks = self.results.get("checks")
        if checks is None:
            return [
                {
                    "code": "checks",
                    "ok": False,
                    "message": _("computed before the checks existed; compute the results again"),
                }
            ]
        return [c for c in checks if not c["ok"]]
