from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    """What a signed-in person does in the alliance. The public has no account."""

    MEMBER_STAFF = "member_staff", _("Member staff (Pokja Sanitasi)")
    SECRETARIAT = "secretariat", _("Secretariat")
    TREASURER = "treasurer", _("Treasurer")
    JURY = "jury", _("Jury")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.MEMBER_STAFF
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_("For member staff: the kabupaten/kota whose data this person may change."),
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
        default="id",
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role=Role.MEMBER_STAFF)
                | Q(member__isnull=False)
                | Q(is_superuser=True),
                name="%(app_label)s_%(class)s_staff_has_member",
                violation_error_message=_("Member staff must belong to a member kabupaten/kota."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username
