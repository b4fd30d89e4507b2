"""Yearly sanitation indicators and budgets per member: the alliance's data cycle.

Values are keyed as DHIS2 keys them: (member, indicator, year). Each member-year has one
Submission whose status (draft -> submitted -> verified, or returned) governs who may change
the values and whether the public sees them. Money is Decimal rupiah with sen.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from akkopsi.core.fields import MoneyField
from akkopsi.core.models import TimeStampedModel
from akkopsi.data.choices import (
    Direction,
    FundingSource,
    Stage,
    SubmissionStatus,
    SubSector,
    ValueKind,
)
from akkopsi.members.models import Member


class Indicator(TimeStampedModel):
    code = models.SlugField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Used as the column name in spreadsheets."),
    )
    name_id = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40)
    subsector = models.CharField(_("sub-sector"), max_length=20, choices=SubSector.choices)
    kind = models.CharField(
        _("kind of value"), max_length=10, choices=ValueKind.choices, default=ValueKind.PERCENT
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    min_value = models.DecimalField(_("lowest valid value"), max_digits=18, decimal_places=4)
    max_value = models.DecimalField(_("highest valid value"), max_digits=18, decimal_places=4)
    yoy_threshold = models.DecimalField(
        _("year-on-year warning threshold"),
        max_digits=18,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("A change from the previous year larger than this asks for a comment."),
    )
    definition = models.TextField(_("definition"), blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_value__gt=models.F("min_value")),
                name="%(app_label)s_%(class)s_range",
                violation_error_message=_("The highest valid value must be above the lowest."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id


class NationalTarget(TimeStampedModel):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target"), max_digits=18, decimal_places=4)
    source = models.CharField(
        _("source"), max_length=300, help_text=_("For example RPJMN 2020-2024 (Perpres 18/2020).")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("national target")
        verbose_name_plural = _("national targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"], name="%(app_label)s_%(class)s_unique"
            )
        ]


class ReportingYear(TimeStampedModel):
    """The secretariat opens a year for reporting, with a deadline."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000)]
    )
    opens_on = models.DateField(_("opens on"))
    deadline = models.DateField(_("deadline"))
    is_open = models.BooleanField(_("open"), default=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("reporting year")
        verbose_name_plural = _("reporting years")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("opens_on")),
                name="%(app_label)s_%(class)s_deadline_after_open",
                violation_error_message=_("The deadline must not be before the opening."),
            )
        ]

    def __str__(self) -> str:
        return str(self.year)


class Submission(TimeStampedModel):
    """The state of one member's data for one year."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="submissions"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(
        _("comment"),
        blank=True,
        help_text=_("Why it was returned, or why verified data was reopened."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "member"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"], name="%(app_label)s_%(class)s_unique"
            )
        ]
        indexes = [
            models.Index(fields=["year", "status"]),
            # the latest change without a scan
            models.Index(fields=["updated_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.year}: {self.get_status_display()}"

    @property
    def is_locked(self) -> bool:
        return self.status in {SubmissionStatus.VERIFIED, SubmissionStatus.SUBMITTED}


class ReopenRequestQuerySet(models.QuerySet["ReopenRequest"]):
    def pending(self) -> ReopenRequestQuerySet:
        """Requests the secretariat has neither granted nor refused."""
        return self.filter(granted_at__isnull=True, refused_at__isnull=True)


class ReopenRequest(TimeStampedModel):
    """Member staff ask the secretariat to open a submitted or verified year again; granting
    it returns the submission to draft (``services.grant_reopen``), refusing it keeps the data
    as it is, with the secretariat's reason (``services.refuse_reopen``)."""

    submission = models.ForeignKey(
        Submission,
        verbose_name=_("submission"),
        on_delete=models.PROTECT,
        related_name="reopen_requests",
    )
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted at"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refused_at = models.DateTimeField(_("refused at"), null=True, blank=True)
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refusal = models.TextField(_("reason for refusing"), blank=True)

    history = HistoricalRecords()
    objects = ReopenRequestQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("request to reopen")
        verbose_name_plural = _("requests to reopen")
        constraints = [
            models.UniqueConstraint(
                fields=["submission"],
                condition=Q(granted_at__isnull=True, refused_at__isnull=True),
                name="%(app_label)s_%(class)s_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.submission}: {self.reason[:40]}"

    @property
    def is_pending(self) -> bool:
        return self.granted_at is None and self.refused_at is None


class ImportBatch(TimeStampedModel):
    """One confirmed upload: the file, its hash, what it changed, who and when."""

    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        Member,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Set when member staff uploaded for their own kabupaten/kota."),
    )
    rows = models.PositiveIntegerField(_("rows read"), default=0)
    created = models.PositiveIntegerField(_("new values"), default=0)
    changed = models.PositiveIntegerField(_("changed values"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged values"), default=0)
    warnings = models.PositiveIntegerField(_("warnings"), default=0)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"

    def file_visible_to(self, user: Any) -> bool:
        """The uploaded workbook holds draft data: the member's own staff (the uploader is one
        of them while they hold the role) and the secretariat; an upload for no single member
        (the secretariat's, the API's) only the secretariat."""
        from akkopsi.accounts.permissions import Permission, can

        return can(user, Permission.SUBMIT_DATA, self.member_id)


class IndicatorValue(TimeStampedModel):
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="indicator_values"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="values"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    comment = models.TextField(_("comment"), blank=True)
    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("source file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "indicator", "year"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "indicator", "year"], name="%(app_label)s_%(class)s_unique"
            )
        ]
        indexes = [
            models.Index(fields=["indicator", "year"]),
            models.Index(fields=["year", "member"]),
            # the latest change without a scan
            models.Index(fields=["updated_at"]),
        ]


class ApbdTotal(TimeStampedModel):
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="apbd_totals"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    amount = MoneyField(_("APBD total (belanja)"), validators=[MinValueValidator(Decimal("0.01"))])
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "year", "stage"]
        verbose_name = _("APBD total")
        verbose_name_plural = _("APBD totals")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year", "stage"], name="%(app_label)s_%(class)s_unique"
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="%(app_label)s_%(class)s_positive"
            ),
        ]
        # the latest change without a scan
        indexes = [models.Index(fields=["updated_at"])]


class BudgetLine(TimeStampedModel):
    """Sanitation spending of a member in a year, by sub-sector x funding source x stage."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="budget_lines"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    subsector = models.CharField(_("sub-sector"), max_length=20, choices=SubSector.choices)
    source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    amount = MoneyField(_("amount"))
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "year", "subsector", "source", "stage"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year", "subsector", "source", "stage"],
                name="%(app_label)s_%(class)s_unique",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="%(app_label)s_%(class)s_not_negative"
            ),
        ]
        indexes = [
            models.Index(fields=["year", "source", "stage"]),
            # the latest change without a scan
            models.Index(fields=["updated_at"]),
        ]


class ReminderLog(models.Model):
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.TextField()

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")

    def __str__(self) -> str:
        return f"{self.member_id} {self.year} {self.sent_at:%Y-%m-%d}"


class ConfirmToken(models.Model):
    """One dry run's confirmation: used once, and the state of the data that dry run saw.

    ``fingerprint`` is ``importing.preview.fingerprint`` of the rows the preview compared
    against; confirming claims the token (``used_at``) in the transaction that writes, and
    refuses when the rows are no longer as the preview saw them.
    """

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("import confirmation")
        verbose_name_plural = _("import confirmations")

    def __str__(self) -> str:
        return self.token


class ReturnReason(TimeStampedModel):
    """Why the secretariat returned one value of a submission for correction.

    The reasons of the latest return stay ``open`` (the staff see them on the entry form)
    until the secretariat decides on the submission again: verifying it, or returning it
    with new reasons, closes them (kept, with their history)."""

    submission = models.ForeignKey(
        Submission,
        verbose_name=_("submission"),
        on_delete=models.PROTECT,
        related_name="return_reasons",
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"))
    is_open = models.BooleanField(_("open"), default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["submission", "indicator__position", "indicator__code"]
        verbose_name = _("reason for returning a value")
        verbose_name_plural = _("reasons for returning values")
        indexes = [models.Index(fields=["submission", "is_open"])]

    def __str__(self) -> str:
        return f"{self.submission_id} {self.indicator_id}: {self.reason}"
