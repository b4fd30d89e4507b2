"""City Sanitation Summit editions and their delegates."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from akkopsi.core.fields import MoneyField
from akkopsi.core.models import TimeStampedModel, VoidableModel
from akkopsi.members.models import Member

_NUMERALS = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def roman(number: int) -> str:
    """24 -> 'XXIV', as the alliance numbers its summits."""
    if number < 1:
        raise ValueError(number)
    out = []
    for value, letters in _NUMERALS:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


class Summit(VoidableModel, TimeStampedModel):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    host = models.ForeignKey(
        Member,
        verbose_name=_("host member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="summits_hosted",
    )
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    registration_open = models.BooleanField(_("registration open"), default=False)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Registrations beyond this number go to the waiting list."),
    )
    fee = MoneyField(
        _("delegate fee (Rp)"),
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "A one-off fee per confirmed delegate, invoiced to the member by the dues module; "
            "0 for none."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("City Sanitation Summit")
        verbose_name_plural = _("City Sanitation Summits")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_("The summit cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"City Sanitation Summit {self.numeral} ({self.year})"

    @property
    def numeral(self) -> str:
        return roman(self.number)

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The summit cannot end before it starts.")})


class DelegateStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    WAITLISTED = "waitlisted", _("waitlisted")
    CANCELLED = "cancelled", _("cancelled")
    ATTENDED = "attended", _("attended")
    NO_SHOW = "no_show", _("no-show")


S = DelegateStatus
#: Allowed transitions (after CiviCRM's participant rules): a waitlisted delegate gets a
#: place or cancels; a registered one attends, does not show or cancels. Attended,
#: no-show and cancelled are final.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.REGISTERED: frozenset({S.ATTENDED, S.NO_SHOW, S.CANCELLED}),
    S.WAITLISTED: frozenset({S.REGISTERED, S.CANCELLED}),
    S.CANCELLED: frozenset(),
    S.ATTENDED: frozenset(),
    S.NO_SHOW: frozenset(),
}
#: Transitions only the secretariat records (attendance is taken at the door).
SECRETARIAT_ONLY: frozenset[str] = frozenset({S.ATTENDED, S.NO_SHOW, S.REGISTERED})


class Delegate(VoidableModel, TimeStampedModel):
    summit = models.ForeignKey(
        Summit, verbose_name=_("summit"), on_delete=models.PROTECT, related_name="delegates"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="delegates"
    )
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DelegateStatus.choices, default=S.REGISTERED
    )
    fee_invoice = models.ForeignKey(
        "dues.Invoice",
        verbose_name=_("fee invoice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The one-off invoice of the summit fee, once the registration is confirmed."),
    )

    history = HistoricalRecords()

    #: Set by a status change: what happened to the fee invoice (not stored).
    fee_note: str = ""
    #: Set for a list page: the (status, label) pairs the delegate may move to (not stored).
    next_statuses: tuple[tuple[str, str], ...] = ()

    class Meta:
        ordering = ["summit", "member", "name"]
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")

    def __str__(self) -> str:
        return f"{self.name} ({self.member})"
