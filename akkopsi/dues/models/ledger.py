"""The append-only ledger entries every balance is summed from, and the reminder log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from akkopsi.dues.choices import EntryKind, ReminderStatus
from akkopsi.dues.models.base import money_field
from akkopsi.members.models import Member


class LedgerQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise ValidationError(_("Ledger entries are never changed; post a reversing entry."))

    def delete(self) -> Any:
        raise ValidationError(_("Ledger entries are never changed; post a reversing entry."))


class LedgerEntry(models.Model):
    """One signed movement on a member's dues account (append-only).

    Positive: the member owes more (an invoice). Negative: the member owes less (payment,
    waiver). Entries with an invoice make up that invoice's balance; entries without one
    make up the member's credit (negative = credit held). A credit application is a pair
    that moves credit onto an invoice. A reversal negates the entry it ``reverses``.
    """

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="dues_entries"
    )
    invoice = models.ForeignKey(
        "dues.Invoice",
        verbose_name=_("invoice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    amount = money_field(_("amount"))
    entry_date = models.DateField(_("date"))
    payment = models.ForeignKey(
        "dues.Payment",
        verbose_name=_("payment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    waiver = models.ForeignKey(
        "dues.Waiver",
        verbose_name=_("waiver"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    credit_application = models.ForeignKey(
        "dues.CreditApplication",
        verbose_name=_("credit application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversal",
    )
    memo = models.CharField(_("memo"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = LedgerQuerySet.as_manager()

    class Meta:
        ordering = ["entry_date", "pk"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [models.Index(fields=["member", "entry_date"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(amount=0),
                name="%(app_label)s_%(class)s_amount_not_zero",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[EntryKind.PAYMENT, EntryKind.CREDIT_APPLIED])
                | Q(invoice__isnull=False),
                name="%(app_label)s_%(class)s_invoice_entries_have_invoice",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entry_date} {self.kind} {self.amount}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValidationError(_("Ledger entries are never changed; post a reversing entry."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValidationError(_("Ledger entries are never changed; post a reversing entry."))


class ReminderLog(models.Model):
    """What reminder was sent to whom and when: at most one per invoice and day."""

    invoice = models.ForeignKey(
        "dues.Invoice",
        verbose_name=_("invoice"),
        on_delete=models.PROTECT,
        related_name="reminders",
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="dues_reminders"
    )
    sent_on = models.DateField(_("date"))
    recipients = models.TextField(_("recipients"))
    subject = models.CharField(_("subject"), max_length=200)
    balance = money_field(_("balance"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.SENDING
    )
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "-pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "sent_on"],
                name="%(app_label)s_%(class)s_one_per_invoice_and_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invoice.number} {self.sent_on}"
