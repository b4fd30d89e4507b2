from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Prorate(models.TextChoices):
    """How a member that joins during the year is billed for that year."""

    NONE = "none", _("Full year, whatever the joining date")
    MONTHS = "months", _("By months, from the month of joining")


class InvoiceKind(models.TextChoices):
    DUES = "dues", _("Yearly dues")
    ONE_OFF = "one_off", _("One-off")


class InvoiceStatus(models.TextChoices):
    """Derived from the ledger, never stored."""

    UNPAID = "unpaid", _("Unpaid")
    PARTIAL = "partial", _("Partly paid")
    OVERDUE = "overdue", _("Overdue")
    PAID = "paid", _("Paid")
    WAIVED = "waived", _("Waived")
    VOID = "void", _("Voided")  # "Void" alone is the verb (a button) elsewhere


class PaymentMethod(models.TextChoices):
    TRANSFER = "transfer", _("Bank transfer")
    CASH = "cash", _("Cash")
    CHEQUE = "cheque", _("Cheque or giro")
    OTHER = "other", _("Other")


class EntryKind(models.TextChoices):
    """What a ledger entry records. Reversals carry the kind of the entry they reverse."""

    INVOICE = "invoice", _("Invoice")
    PAYMENT = "payment", _("Payment")
    CREDIT_APPLIED = "credit_applied", _("Credit applied")
    WAIVER = "waiver", _("Waiver")


class SequenceKind(models.TextChoices):
    INVOICE = "INV", _("Invoice")
    RECEIPT = "KWT", _("Receipt")


class ReminderStatus(models.TextChoices):
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class NoticeStatus(models.TextChoices):
    """A payment reported by member staff, until the treasurer records or rejects it."""

    PENDING = "pending", _("Awaiting the treasurer")
    RECORDED = "recorded", _("Recorded")
    REJECTED = "rejected", _("Rejected")


class WaiverRequestStatus(models.TextChoices):
    """A waiver asked for by member staff, until the treasurer grants or refuses it."""

    PENDING = "pending", _("Awaiting a decision")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
