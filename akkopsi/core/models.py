"""Abstract base models shared by the domain apps."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class VoidableQuerySet(models.QuerySet):
    def live(self) -> Self:
        return self.filter(voided_at__isnull=True)

    def delete(self) -> Any:  # business records are voided, never deleted
        raise ValidationError(_("Business records cannot be deleted; void them with a reason."))


class VoidableModel(models.Model):
    """A business record: never deleted, voided with a reason (kept in history)."""

    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    void_reason = models.TextField(_("reason for voiding"), blank=True)

    objects = VoidableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None

    def void(self, *, by: AbstractBaseUser | None, reason: str) -> None:
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError({"void_reason": _("A reason is required to void a record.")})
        if self.is_void:
            raise ValidationError(_("This record is already void."))
        self.voided_at = timezone.now()
        self.voided_by = by  # type: ignore[assignment]  # the user model (accounts.User) is above core
        self.void_reason = reason
        self._change_reason = reason
        self.save(update_fields=["voided_at", "voided_by", "void_reason"])

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValidationError(_("Business records cannot be deleted; void them with a reason."))


class NumberSequence(models.Model):
    """The last number issued per kind and year (``INV``, ``KWT``, ``RAPOR``). Locked with
    SELECT ... FOR UPDATE while a number is taken (``akkopsi.core.numbering``)."""

    kind = models.CharField(_("kind"), max_length=10)
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year"], name="%(app_label)s_%(class)s_unique_kind_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}/{self.year}: {self.last_number}"


class DataVersion(models.Model):
    """A counter per app (``domain``), raised after every committed write to one of its tables
    (:mod:`akkopsi.core.versions`). Cached pages and read models are keyed by it, so every
    process agrees on what is current and nobody sees data older than a change (ADR 55)."""

    domain = models.CharField(_("domain"), max_length=50, primary_key=True)
    version = models.BigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.domain} {self.version}"
