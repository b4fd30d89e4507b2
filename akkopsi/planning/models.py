"""Sanitation investment plans (SSK/MPS) of a member, their scenarios and solved results.

A plan holds the member's situation (base year, horizon, households, growth, baseline
ladder); a scenario holds the choices (targets, envelopes per source and year, APBD rule,
option overrides). Shares are stored in percent, money as Decimal rupiah with sen.
``planning/solve.py`` is the only place that turns these rows into the engine's inputs.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from akkopsi.core.fields import MoneyField
from akkopsi.core.models import TimeStampedModel
from akkopsi.engines.rules import HOUSEHOLD_SIZE
from akkopsi.members.models import Member
from akkopsi.planning.choices import ApbdMode, TargetKind

PERCENT: dict[str, Any] = {
    "max_digits": 7,
    "decimal_places": 3,
    "validators": [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
}


class Plan(TimeStampedModel):
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="plans"
    )
    name = models.CharField(_("name"), max_length=200)
    base_year = models.PositiveSmallIntegerField(
        _("base year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    horizon = models.PositiveSmallIntegerField(
        _("horizon (years)"), default=5, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    population = models.PositiveIntegerField(
        _("population in the base year"), null=True, blank=True
    )
    household_size = models.DecimalField(
        _("persons per household"),
        max_digits=4,
        decimal_places=2,
        default=HOUSEHOLD_SIZE,
        validators=[MinValueValidator(Decimal(1))],
    )
    households = models.PositiveIntegerField(
        _("households in the base year"), validators=[MinValueValidator(1)]
    )
    growth_percent = models.DecimalField(
        _("household growth per year (percent)"),
        max_digits=6,
        decimal_places=3,
        default=Decimal("1.2"),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(20))],
    )
    discount_percent = models.DecimalField(
        _("discount rate (percent)"),
        max_digits=6,
        decimal_places=3,
        default=Decimal(5),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(50))],
    )
    use_population_series = models.BooleanField(
        _("households from the registry's population series"),
        default=False,
        help_text=_(
            "Households of each plan year follow the member's population in the region "
            "registry (scaled to the households of the base year); years after the last "
            "registered year continue at the series' average growth. Otherwise the growth "
            "rate above is used."
        ),
    )
    iplt_spare_households = models.PositiveIntegerField(
        _("spare capacity of existing IPLT (households)"),
        default=0,
        help_text=_(
            "Households that the member's existing sludge treatment plants can still take."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "-base_year", "name"]
        verbose_name = _("investment plan")
        verbose_name_plural = _("investment plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(horizon__gte=1),
                name="%(app_label)s_%(class)s_horizon",
                violation_error_message=_("A plan covers at least one year."),
            ),
            models.CheckConstraint(
                condition=Q(households__gte=1),
                name="%(app_label)s_%(class)s_households",
                violation_error_message=_("A plan needs at least one household."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def years(self) -> list[int]:
        return list(range(self.base_year + 1, self.base_year + self.horizon + 1))


class BaselineShare(models.Model):
    """Share of households on one step of a sub-sector's ladder in the base year."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="baseline")
    sub_sector = models.CharField(_("sub-sector"), max_length=20)
    step = models.CharField(_("step"), max_length=30)
    percent = models.DecimalField(_("share (percent)"), **PERCENT)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "sub_sector", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "sub_sector", "step"], name="%(app_label)s_%(class)s_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sub_sector}.{self.step}: {self.percent}"


class Scenario(TimeStampedModel):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="scenarios")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    apbd_min_percent = models.DecimalField(
        _("minimum share of APBD for sanitation (percent)"), default=Decimal(2), **PERCENT
    )
    apbd_mode = models.CharField(
        _("APBD rule"), max_length=10, choices=ApbdMode.choices, default=ApbdMode.CHECK
    )
    interim_targets = models.BooleanField(
        _("interim targets each year"),
        default=True,
        help_text=_(
            "Add a target for every year before each target's year, on a straight line from the "
            "base year, so that the program is spread over the years."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "id"]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")

    def __str__(self) -> str:
        return self.name

    @property
    def member(self) -> Member:
        """The member the scenario is about (for the permission helper)."""
        return self.plan.member


class ScenarioTarget(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="targets")
    sub_sector = models.CharField(_("sub-sector"), max_length=20)
    step = models.CharField(_("step"), max_length=30)
    kind = models.CharField(
        _("kind"), max_length=10, choices=TargetKind.choices, default=TargetKind.AT_LEAST
    )
    year = models.PositiveSmallIntegerField(_("year"))
    percent = models.DecimalField(_("target (percent)"), **PERCENT)

    history = HistoricalRecords()

    class Meta:
        ordering = ["scenario", "sub_sector", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "sub_sector", "step", "kind", "year"],
                name="%(app_label)s_%(class)s_unique_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.sub_sector}.{self.step} {self.kind} {self.percent} ({self.year})"


class FundingEnvelope(models.Model):
    """Money a source can give to the program in one plan year."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="envelopes")
    source = models.CharField(_("funding source"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"))
    amount = MoneyField(_("amount"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["scenario", "source", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "source", "year"], name="%(app_label)s_%(class)s_unique"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="%(app_label)s_%(class)s_not_negative",
                violation_error_message=_("An envelope cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.year}: {self.amount}"


class ApbdBudget(models.Model):
    """Total APBD of the kabupaten/kota in one plan year (for the 2% rule)."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="apbd")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = MoneyField(_("APBD total"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["scenario", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "year"], name="%(app_label)s_%(class)s_unique"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="%(app_label)s_%(class)s_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"APBD {self.year}: {self.amount}"


class OptionOverride(models.Model):
    """A member's change to one option of the default catalogue (empty = the default)."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="overrides")
    option = models.CharField(_("option"), max_length=40)
    enabled = models.BooleanField(_("available"), default=True)
    capital_cost_per_household = MoneyField(_("capital cost per household"), null=True, blank=True)
    operating_cost_per_household = MoneyField(
        _("operating cost per household per year"), null=True, blank=True
    )
    max_households_per_year = models.PositiveIntegerField(
        _("at most households per year"), null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["scenario", "option"]
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "option"], name="%(app_label)s_%(class)s_unique"
            )
        ]

    def __str__(self) -> str:
        return self.option


class CatalogueOverride(TimeStampedModel):
    """A member's own figures for one option or facility of the default catalogue.

    Used by every scenario of every plan of the member; a scenario's :class:`OptionOverride`
    goes on top. An empty figure keeps the catalogue's default. For a facility (IPLT,
    TPS3R) the costs are per plant and the capacity is households per plant.
    """

    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="planning_catalogue",
    )
    item = models.CharField(_("option or facility"), max_length=40)
    capital_cost = MoneyField(_("capital cost"), null=True, blank=True)
    operating_cost = MoneyField(_("operating cost per year"), null=True, blank=True)
    lifetime_years = models.PositiveSmallIntegerField(
        _("lifetime (years)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    capacity_households = models.PositiveIntegerField(
        _("capacity (households per plant)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
    )
    source = models.CharField(_("source of the figures"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "item"]
        verbose_name = _("catalogue figure of a member")
        verbose_name_plural = _("catalogue figures of members")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "item"], name="%(app_label)s_%(class)s_unique"
            ),
            models.CheckConstraint(
                condition=Q(capital_cost__isnull=True) | Q(capital_cost__gte=0),
                name="%(app_label)s_%(class)s_capital_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(operating_cost__isnull=True) | Q(operating_cost__gte=0),
                name="%(app_label)s_%(class)s_operating_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.item}"


class SolveResult(models.Model):
    """One solve of a scenario: inputs and result as JSON, with the engine's version."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="results")
    created_at = models.DateTimeField(_("solved at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    engine_version = models.CharField(_("engine version"), max_length=20)
    inputs = models.JSONField(_("inputs"))
    result = models.JSONField(_("result"))
    planned_total = MoneyField(_("funds planned"))
    gap_total = MoneyField(_("funding gap"))
    targets_met = models.BooleanField(_("all targets met"))
    households_moved = models.PositiveIntegerField(_("households moved up"))
    totals = models.JSONField(
        _("totals"), help_text=_("Planned and gap by source, planned by sub-sector (rupiah).")
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = ["created_at", "id"]
        verbose_name = _("solved result")
        verbose_name_plural = _("solved results")

    def __str__(self) -> str:
        return f"{self.scenario} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def needs_total(self) -> Decimal:
        return self.planned_total + self.gap_total
