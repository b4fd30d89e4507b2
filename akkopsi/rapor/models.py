"""Numbers of the printed Rapor Sanitasi: gapless per year (``akkopsi.core.numbering``).

Every PDF a user prints is recorded (member, number, date, who, whether it was the public
version) so that a number quoted in front of the DPRD can be traced back to what was printed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from akkopsi.core.models import TimeStampedModel
from akkopsi.members.models import Member


class IssuedReport(TimeStampedModel):
    """One printed Rapor Sanitasi: ``RAPOR/2015/0001``."""

    number = models.CharField(_("number"), max_length=30, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence_no = models.PositiveIntegerField(_("sequence number"))
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    public_version = models.BooleanField(_("public version"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-sequence_no"]
        verbose_name = _("issued report")
        verbose_name_plural = _("issued reports")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sequence_no"], name="%(app_label)s_%(class)s_unique_sequence"
            )
        ]

    def __str__(self) -> str:
        return self.number
