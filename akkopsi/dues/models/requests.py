"""What member staff ask of the treasurer: a payment they made, to be recorded (CiviCRM's
"pay later" contribution), and a waiver of dues, to be decided. Neither moves money: the
treasurer's decision goes through the one ``record_payment`` or ``waive`` service, and the
request links to the Payment or Waiver it became (docs/adr/0050-payment-notices-and-waiver-requests.md).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from akkopsi.core.models import TimeStampedModel
from akkopsi.dues.choices import NoticeStatus, PaymentMethod, WaiverRequestStatus
from akkopsi.dues.models.base import amount_positive, money_field
from akkopsi.dues.models.documents import Invoice, Payment, Waiver
from akkopsi.members.models import Member

#: Proof of payment and waiver letters: one PDF or image file.
ATTACHMENT_TYPES = ["pdf", "jpg", "jpeg", "png"]
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024


def attachment_field(verbose_name: Any, folder: str) -> models.FileField:
    """An optional PDF or image file, served only to those who see the member's dues."""
    return models.FileField(
        verbose_name,
        upload_to=f"dues/{folder}/%Y/",
        blank=True,
        validators=[FileExtensionValidator(ATTACHMENT_TYPES)],
    )


class MemberRequest(TimeStampedModel):
    """Who asked (member staff), about which invoice, and who decided, when and why."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("reason of the decision"), blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at", "pk"]

    @property
    def is_pending(self) -> bool:
        return str(self.status) == "pending"  # type: ignore[attr-defined]

    def file_visible_to(self, user: Any) -> bool:
        """The attached file: whoever may see the member's dues (its staff, the treasurer,
        the secretariat, administrators)."""
        from akkopsi.accounts.permissions import Permission, can

        return can(user, Permission.VIEW_DUES, self.member_id)


class PaymentNotice(MemberRequest):
    """ "Konfirmasi pembayaran": member staff say they paid; the treasurer records it."""

    status = models.CharField(
        _("status"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.PENDING
    )
    amount = money_field(_("amount paid"))
    paid_on = models.DateField(_("paid on"))
    method = models.CharField(_("method"), max_length=10, choices=PaymentMethod.choices)
    bank_reference = models.CharField(_("bank reference"), max_length=100, blank=True)
    proof = attachment_field(_("proof of payment"), "proofs")
    payment = models.OneToOneField(
        Payment,
        verbose_name=_("payment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notice",
    )
    history = HistoricalRecords()

    class Meta(MemberRequest.Meta):
        verbose_name = _("payment notice")
        verbose_name_plural = _("payment notices")
        constraints = [amount_positive()]

    def __str__(self) -> str:
        return f"{self.invoice.number}: {self.amount}"


class WaiverRequest(MemberRequest):
    """ "Permohonan keringanan iuran": member staff ask; the treasurer grants or refuses."""

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=WaiverRequestStatus.choices,
        default=WaiverRequestStatus.PENDING,
    )
    amount = money_field(
        _("amount asked"), null=True, blank=True, help_text=_("Empty: the whole balance.")
    )
    reason = models.TextField(_("reason"))
    letter = attachment_field(_("letter"), "waiver-letters")
    waiver = models.OneToOneField(
        Waiver,
        verbose_name=_("waiver"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="request",
    )
    history = HistoricalRecords()

    class Meta(MemberRequest.Meta):
        verbose_name = _("waiver request")
        verbose_name_plural = _("waiver requests")

    def __str__(self) -> str:
        return f"{self.invoice.number}: {self.reason[:40]}"
