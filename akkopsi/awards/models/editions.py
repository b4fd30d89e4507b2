"""Editions of the award and what happens in them: nominations, juries and their scores,
and the computed results (each run kept with its inputs)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from akkopsi.awards.models.methodology import Category, Criterion, MethodologyVersion
from akkopsi.core.models import TimeStampedModel
from akkopsi.members.models import Member
from akkopsi.regions.models import Province

if TYPE_CHECKING:
    from akkopsi.awards.access import Viewer


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

    def file_visible_to(self, user: Viewer) -> bool:
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
