"""Members of the alliance: kabupaten/kota with membership periods, heads of region, contacts.

Membership is one row per period (joined, left, reason). The count at any date is exact and
history is never rewritten: rejoining adds a period; a mistaken period is voided with a reason.
"""

from __future__ import annotations

from datetime import date
from typing import cast

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from akkopsi.core.models import TimeStampedModel, VoidableModel, VoidableQuerySet
from akkopsi.regions.models import Regency


class MemberQuerySet(models.QuerySet):
    def active_on(self, day: date) -> MemberQuerySet:
        """Members with a live membership period covering ``day`` (one EXISTS subquery)."""
        return self.filter(
            Exists(MembershipPeriod.objects.covering(day).filter(member=OuterRef("pk")))
        )

    def inactive_on(self, day: date) -> MemberQuerySet:
        return self.exclude(
            Exists(MembershipPeriod.objects.covering(day).filter(member=OuterRef("pk")))
        )

    def with_status(self, day: date) -> MemberQuerySet:
        return self.annotate(
            is_active=Exists(MembershipPeriod.objects.covering(day).filter(member=OuterRef("pk")))
        )


class Member(TimeStampedModel):
    regency = models.OneToOneField(
        Regency, verbose_name=_("kabupaten/kota"), on_delete=models.PROTECT, related_name="member"
    )
    membership_number = models.CharField(
        _("membership number"),
        max_length=30,
        unique=True,
        help_text=_("The official number the alliance issues on joining."),
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    pokja_decree = models.CharField(
        _("Pokja Sanitasi decree"),
        max_length=200,
        blank=True,
        help_text=_("Number and date of the SK."),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = MemberQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["regency__code"]
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return self.regency.display_name

    @property
    def code(self) -> str:
        return self.regency_id

    def is_active_on(self, day: date) -> bool:
        return self.periods.covering(day).exists()


class MembershipPeriodQuerySet(VoidableQuerySet):
    def covering(self, day: date) -> MembershipPeriodQuerySet:
        return (
            cast(MembershipPeriodQuerySet, self.live())
            .filter(joined_on__lte=day)
            .filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
        )


class MembershipPeriod(VoidableModel, TimeStampedModel):
    """One period of membership. ``left_on`` is the first day no longer a member."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="periods"
    )
    joined_on = models.DateField(_("joined on"))
    join_note = models.CharField(
        _("joining note"),
        max_length=200,
        blank=True,
        help_text=_("For example the summit at which the member was admitted."),
    )
    left_on = models.DateField(_("left on"), null=True, blank=True)
    leave_reason = models.TextField(_("reason for leaving"), blank=True)

    objects = MembershipPeriodQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "joined_on"]
        verbose_name = _("membership period")
        verbose_name_plural = _("membership periods")
        indexes = [models.Index(fields=["member", "joined_on", "left_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gt=models.F("joined_on")),
                name="%(app_label)s_%(class)s_left_after_joined",
                violation_error_message=_("The date of leaving must be after the date of joining."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.joined_on} – {self.left_on or '…'}"

    def clean(self) -> None:
        if self.left_on and self.joined_on and self.left_on <= self.joined_on:
            raise ValidationError(
                {"left_on": _("The date of leaving must be after the date of joining.")}
            )


class HeadTitle(models.TextChoices):
    BUPATI = "bupati", _("Bupati")
    WALI_KOTA = "wali_kota", _("Wali Kota")
    PJ_BUPATI = "pj_bupati", _("Penjabat Bupati")
    PJ_WALI_KOTA = "pj_wali_kota", _("Penjabat Wali Kota")
    PLT = "plt", _("Pelaksana Tugas")


class HeadOfRegionQuerySet(VoidableQuerySet):
    def serving_on(self, day: date) -> HeadOfRegionQuerySet:
        """Who heads the region on ``day``: live terms with ``term_start <= day`` and
        ``day < term_end`` (the end is the day the successor takes office; none = still in
        office), newest term first, so ``.first()`` is the head (where terms overlap by
        mistake, the one who took office last). The one rule for the Rapor, the member list
        and every page that names the head of region on a date."""
        return (
            cast(HeadOfRegionQuerySet, self.live())
            .filter(term_start__lte=day)
            .filter(Q(term_end__isnull=True) | Q(term_end__gt=day))
            .order_by("-term_start", "-pk")
        )


class HeadOfRegion(VoidableModel, TimeStampedModel):
    """The Bupati or Wali Kota of a member, with the term served."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="heads"
    )
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("title"), max_length=20, choices=HeadTitle.choices)
    term_start = models.DateField(_("term start"))
    term_end = models.DateField(_("term end"), null=True, blank=True)

    objects = HeadOfRegionQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "-term_start"]
        verbose_name = _("head of region")
        verbose_name_plural = _("heads of region")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gt=models.F("term_start")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_("The end of the term must be after its start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_title_display()} {self.name}"

    def clean(self) -> None:
        if self.term_end and self.term_start and self.term_end <= self.term_start:
            raise ValidationError({"term_end": _("The end of the term must be after its start.")})


class Contact(VoidableModel, TimeStampedModel):
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    institution = models.CharField(
        _("institution"),
        max_length=150,
        blank=True,
        help_text=_("For example Bappeda, Dinas PUPR, Dinas Kesehatan."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["member", "-is_primary", "name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return self.name
