"""Dues schedules (versioned, per year and member class) and number sequences."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from akkopsi.core.models import TimeStampedModel
from akkopsi.dues.choices import Prorate
from akkopsi.dues.due import DEFAULT_GRACE_DAYS
from akkopsi.dues.models.base import money_field
from akkopsi.regions.models import RegencyKind


class DuesSchedule(TimeStampedModel):
    """The dues of one year as the board decided them. Versioned: a schedule that already
    has invoices is never edited, a new version supersedes it."""

    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    prorate = models.CharField(
        _("members joining during the year"),
        max_length=10,
        choices=Prorate.choices,
        default=Prorate.MONTHS,
    )
    due_on = models.DateField(_("due date"))
    grace_days = models.PositiveSmallIntegerField(
        _("grace period (days)"),
        default=DEFAULT_GRACE_DAYS,
        help_text=_(
            "Invoices issued later than this many days before the due date are due this many "
            "days after their date of issue instead."
        ),
    )
    decided_on = models.DateField(_("decided on"))
    decision_reference = models.CharField(
        _("decision reference"),
        max_length=200,
        help_text=_("The board decision that set these dues, for example its number and meeting."),
    )
    notes = models.TextField(_("notes"), blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-version"]
        verbose_name = _("dues schedule")
        verbose_name_plural = _("dues schedules")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "version"],
                name="%(app_label)s_%(class)s_unique_year_version",
                violation_error_message=_("This version of the year's schedule already exists."),
            ),
        ]

    def __str__(self) -> str:
        return gettext("Dues %(year)s, version %(version)s") % {
            "year": self.year,
            "version": self.version,
        }

    def amount_for(self, member_class: str) -> Decimal | None:
        for line in self.lines.all():
            if line.member_class == member_class:
                return line.amount
        return None


class ScheduleLine(models.Model):
    """The yearly amount for one member class (the kind of the kabupaten/kota)."""

    schedule = models.ForeignKey(
        DuesSchedule, verbose_name=_("schedule"), on_delete=models.PROTECT, related_name="lines"
    )
    member_class = models.CharField(_("member class"), max_length=10, choices=RegencyKind.choices)
    amount = money_field(_("yearly amount"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["schedule", "member_class"]
        verbose_name = _("schedule line")
        verbose_name_plural = _("schedule lines")
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "member_class"],
                name="%(app_label)s_%(class)s_unique_class",
                violation_error_message=_("A schedule has one amount per member class."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="%(app_label)s_%(class)s_amount_positive",
                violation_error_message=_("The amount must be more than zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_member_class_display()}: {self.amount}"
