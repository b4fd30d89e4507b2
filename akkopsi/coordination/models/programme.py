"""Divisions of the board and their yearly work programme; working groups; the advocacy log."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from akkopsi.core.fields import MoneyField
from akkopsi.core.formatting import format_date
from akkopsi.core.models import TimeStampedModel, VoidableModel
from akkopsi.members.models import Member
from akkopsi.regions.models import Province


class Division(VoidableModel, TimeStampedModel):
    name = models.CharField(_("name"), max_length=150, unique=True)
    functions = models.TextField(_("functions"), blank=True)
    tasks = models.TextField(_("tasks"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("division")
        verbose_name_plural = _("divisions")

    def __str__(self) -> str:
        return self.name


class ProgrammeActivity(VoidableModel, TimeStampedModel):
    division = models.ForeignKey(
        Division, verbose_name=_("division"), on_delete=models.PROTECT, related_name="activities"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("activity"), max_length=300)
    target = models.CharField(_("target"), max_length=300, blank=True)
    budget = MoneyField(
        _("budget (Rp)"),
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    responsible = models.CharField(_("responsible person"), max_length=150, blank=True)
    progress = models.PositiveSmallIntegerField(
        _("progress (per cent)"),
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    progress_note = models.TextField(_("progress note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "division__name", "pk"]
        verbose_name = _("work programme activity")
        verbose_name_plural = _("work programme activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="%(app_label)s_%(class)s_progress_max_100",
                violation_error_message=_("Progress is at most 100."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class WorkingGroupScope(models.TextChoices):
    NATIONAL = "national", _("national")
    REGIONAL = "regional", _("regional")


class WorkingGroup(VoidableModel, TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    scope = models.CharField(_("scope"), max_length=20, choices=WorkingGroupScope.choices)
    region = models.CharField(
        _("region"),
        max_length=150,
        blank=True,
        help_text=_("Island group or province, for example Kalimantan."),
    )
    province = models.ForeignKey(
        Province, verbose_name=_("province"), null=True, blank=True, on_delete=models.PROTECT
    )
    mandate = models.TextField(_("mandate"))
    members = models.ManyToManyField(
        Member, verbose_name=_("member kabupaten/kota"), blank=True, related_name="working_groups"
    )
    people = models.TextField(_("people"), blank=True, help_text=_("One person per line."))
    formed_on = models.DateField(_("formed on"))
    formed_at = models.ForeignKey(
        "coordination.Meeting",
        verbose_name=_("formed at meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="groups_formed",
    )
    formed_by_decision = models.TextField(_("decision forming the group"), blank=True)

    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        ordering = ["scope", "name"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.scope == WorkingGroupScope.REGIONAL and not (self.region or self.province_id):
            errors["region"] = _("A regional working group needs its region or province.")
        if self.formed_at is not None and self.formed_on and self.formed_on < self.formed_at.day:
            errors["formed_on"] = _("The group cannot be formed before the meeting that formed it.")
        if errors:
            raise ValidationError(errors)


class AdvocacyVisit(VoidableModel, TimeStampedModel):
    institution = models.CharField(_("institution"), max_length=200)
    visited_on = models.DateField(_("date"))
    delegation = models.TextField(_("delegation"), help_text=_("One person per line."))
    topics = models.TextField(_("topics"))
    outcomes = models.TextField(_("outcomes"), blank=True)
    reported_at = models.ForeignKey(
        "coordination.Meeting",
        verbose_name=_("reported at meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="advocacy_reports",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-visited_on"]
        verbose_name = _("advocacy visit")
        verbose_name_plural = _("advocacy log")

    def __str__(self) -> str:
        return f"{self.institution} ({format_date(self.visited_on)})"
