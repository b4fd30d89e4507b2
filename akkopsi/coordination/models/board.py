"""The alliance's board (pengurus): positions held by heads of region for a term."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from akkopsi.core.models import TimeStampedModel, VoidableModel, VoidableQuerySet
from akkopsi.members.models import Member


class BoardRole(models.TextChoices):
    KETUA_UMUM = "ketua_umum", _("Ketua Umum")
    WAKIL_KETUA = "wakil_ketua", _("Wakil Ketua Umum")
    KETUA_I = "ketua_1", _("Ketua I")
    KETUA_II = "ketua_2", _("Ketua II")
    SEKRETARIS_UMUM = "sekretaris_umum", _("Sekretaris Umum")
    BENDAHARA_UMUM = "bendahara_umum", _("Bendahara Umum")
    KETUA_BIDANG = "ketua_bidang", _("Ketua Bidang")
    KOORDINATOR_WILAYAH = "koordinator_wilayah", _("Koordinator Wilayah")
    DEWAN_PENGURUS = "dewan_pengurus", _("Dewan Pengurus")


ROLE_ORDER = {role: i for i, role in enumerate(BoardRole.values)}


class BoardPositionQuerySet(VoidableQuerySet):
    def on(self, day: date) -> BoardPositionQuerySet:
        return (
            self.live().filter(start_on__lte=day).filter(Q(end_on__isnull=True) | Q(end_on__gt=day))
        )


class BoardPosition(VoidableModel, TimeStampedModel):
    role = models.CharField(_("position"), max_length=30, choices=BoardRole.choices)
    portfolio = models.CharField(
        _("portfolio"),
        max_length=150,
        blank=True,
        help_text=_("For a Ketua Bidang: the field, for example Monitoring dan Evaluasi."),
    )
    holder_name = models.CharField(_("holder"), max_length=150)
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="board_positions"
    )
    holder_office = models.CharField(
        _("office of the holder"), max_length=100, help_text=_("For example Wali Kota Bontang.")
    )
    start_on = models.DateField(_("from"))
    end_on = models.DateField(_("until"), null=True, blank=True)
    elected_at = models.CharField(
        _("elected or appointed at"),
        max_length=200,
        blank=True,
        help_text=_("For example Munas II, Mataram, September 2013."),
    )
    elected_by = models.ForeignKey(
        "coordination.Meeting",
        verbose_name=_("electing Munas"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="elected_positions",
        help_text=_("The Munas meeting that elected the holder, where known."),
    )

    objects = BoardPositionQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: base's manager
    history = HistoricalRecords()

    class Meta:
        ordering = ["start_on"]
        verbose_name = _("board position")
        verbose_name_plural = _("board positions")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gt=models.F("start_on")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_("The end of the term must be after its start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.holder_name}"
