from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
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
            # One account per e-mail address, whatever its case: the address signs in too.
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="%(app_label)s_%(class)s_email_unique",
                violation_error_message=_("Another account already uses this e-mail address."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        super().clean()
        if self.email and email_taken(self.email, exclude_pk=self.pk):
            raise ValidationError({"email": _("Another account already uses this e-mail address.")})

    def save(self, *args: Any, **kwargs: Any) -> None:
        password_changed = getattr(self, "_password", None) is not None and not self._state.adding
        super().save(*args, **kwargs)
        if password_changed:
            after_password_change(self)

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


def email_taken(email: str, *, exclude_pk: int | None = None) -> bool:
    """Does another account use ``email`` (case-insensitively)?"""
    others = User.objects.filter(email__iexact=email)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    return others.exists()


def after_password_change(user: User) -> None:
    """A new password (changed, reset, or set by an administrator) ends every API token of
    the account and forgets its failed sign-ins."""
    from rest_framework.authtoken.models import Token

    from akkopsi.accounts.throttling import clear_failures

    Token.objects.filter(user=user).delete()
    clear_failures(user.username)


class ThrottleHit(models.Model):
    """One counted request (a password reset asked for) under a limit: ``scope`` and ``key``
    (an address, an e-mail address). Kept in the database so that the limit holds across
    workers; rows older than the window are removed as new ones come."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=254)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "at"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.key} {self.at:%Y-%m-%d %H:%M}"
