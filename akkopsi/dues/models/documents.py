"""The documents of the dues ledger: invoices, payments, receipts, waivers, credit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Max, OuterRef, Q, Value, When
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from akkopsi.core.dates import end_of_day
from akkopsi.core.models import TimeStampedModel, VoidableModel, VoidableQuerySet
from akkopsi.dues.choices import EntryKind, InvoiceKind, InvoiceStatus, PaymentMethod
from akkopsi.dues.due import past_due
from akkopsi.dues.models.base import HALF_SEN, amount_positive, money_field, money_sum
from akkopsi.dues.models.ledger import LedgerEntry
from akkopsi.dues.models.schedules import DuesSchedule
from akkopsi.members.models import Member


class InvoiceQuerySet(VoidableQuerySet):
    def with_balance(
        self, on: date | None = None, *, through_entry: int | None = None
    ) -> InvoiceQuerySet:
        """Annotate ``balance`` (all entries) and ``waived`` (waiver entries): sums of the ledger
        (with ``on``: of the entries dated up to that day; with ``through_entry``: of the
        entries recorded up to that ledger entry, as the ledger stood just after it)."""
        entries = LedgerEntry.objects.filter(invoice=OuterRef("pk"))
        if on is not None:
            entries = entries.filter(entry_date__lte=on)
        if through_entry is not None:
            entries = entries.filter(pk__lte=through_entry)
        return self.annotate(
            balance=money_sum(entries, "invoice"),
            waived=-money_sum(entries.filter(kind=EntryKind.WAIVER), "invoice"),
        )

    def with_status(self, today: date, *, as_of: bool = False) -> InvoiceQuerySet:
        """Annotate ``balance``, ``waived`` and the derived ``status`` on ``today`` (with
        ``as_of``: as the ledger stood that day, entries and voids after it left out)."""
        void = Q(voided_at__lt=end_of_day(today)) if as_of else Q(voided_at__isnull=False)
        return self.with_balance(today if as_of else None).annotate(
            status=Case(
                When(void, then=Value(InvoiceStatus.VOID)),
                When(
                    balance__lt=HALF_SEN,
                    waived__gte=F("amount"),
                    then=Value(InvoiceStatus.WAIVED),
                ),
                When(balance__lt=HALF_SEN, then=Value(InvoiceStatus.PAID)),
                When(past_due(today), then=Value(InvoiceStatus.OVERDUE)),
                When(balance__lt=F("amount"), then=Value(InvoiceStatus.PARTIAL)),
                default=Value(InvoiceStatus.UNPAID),
                output_field=models.CharField(),
            )
        )


class Invoice(VoidableModel, TimeStampedModel):
    number = models.CharField(_("number"), max_length=30, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence_no = models.PositiveIntegerField(_("sequence number"))
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="invoices"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=InvoiceKind.choices)
    schedule = models.ForeignKey(
        DuesSchedule,
        verbose_name=_("schedule"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    amount = money_field(_("amount"))
    months = models.PositiveSmallIntegerField(
        _("months billed"),
        null=True,
        blank=True,
        help_text=_("For yearly dues: 12, or fewer when pro-rated."),
    )
    issued_on = models.DateField(_("issued on"))
    due_on = models.DateField(_("due date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = InvoiceQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["-year", "-sequence_no"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        indexes = [
            models.Index(fields=["member", "year"]),
            models.Index(fields=["due_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"],
                condition=Q(kind=InvoiceKind.DUES, voided_at__isnull=True),
                name="%(app_label)s_%(class)s_one_dues_invoice_per_year",
                violation_error_message=_("This member already has a dues invoice for the year."),
            ),
            models.UniqueConstraint(
                fields=["year", "sequence_no"],
                name="%(app_label)s_%(class)s_unique_sequence",
                violation_error_message=_("This invoice number is already in use."),
            ),
            amount_positive(),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("issued_on")),
                name="%(app_label)s_%(class)s_due_after_issue",
                violation_error_message=_("The due date cannot be before the date of issue."),
            ),
            models.CheckConstraint(
                condition=Q(kind=InvoiceKind.ONE_OFF) | Q(schedule__isnull=False),
                name="%(app_label)s_%(class)s_dues_have_schedule",
                violation_error_message=_("A dues invoice needs its schedule."),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def status_label(self) -> str:
        """The label of the ``status`` annotation (InvoiceQuerySet.with_status)."""
        return str(InvoiceStatus(self.status).label)  # type: ignore[attr-defined]

    @property
    def label(self) -> str:
        if self.kind == InvoiceKind.DUES:
            return gettext("Member dues %(year)s") % {"year": self.year}
        return self.description

    def clean(self) -> None:
        if self.due_on and self.issued_on and self.due_on < self.issued_on:
            raise ValidationError({"due_on": _("The due date cannot be before the date of issue.")})


class Payment(VoidableModel, TimeStampedModel):
    """Money received against an invoice. What exceeds the invoice's balance is kept as
    the member's credit (``credit_amount``) until it is applied to a later invoice."""

    #: Set by ``services.record_payment``: True when a repeated idempotency key returned the
    #: payment already stored (not a database field).
    replayed: bool = False

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="dues_payments"
    )
    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="payments"
    )
    amount = money_field(_("amount"))
    applied_amount = money_field(_("applied to the invoice"))
    credit_amount = money_field(_("kept as credit"))
    paid_on = models.DateField(_("paid on"))
    method = models.CharField(_("method"), max_length=10, choices=PaymentMethod.choices)
    bank_reference = models.CharField(_("bank reference"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    idempotency_key = models.CharField(
        _("idempotency key"),
        max_length=100,
        unique=True,
        help_text=_("The same payment sent twice carries the same key and is stored once."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-paid_on", "-pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            amount_positive(),
            models.CheckConstraint(
                condition=Q(applied_amount__gte=0, credit_amount__gte=0),
                name="%(app_label)s_%(class)s_parts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invoice.number}: {self.amount}"

    def invoice_balance_after(self) -> Decimal:
        """What was left to pay on the invoice just after this payment was recorded (the
        ledger up to this payment's own entries; later payments and this payment's voiding
        leave it unchanged, so a reprinted receipt says what it said)."""
        last = self.entries.filter(reverses__isnull=True).aggregate(m=Max("pk"))["m"]
        invoice = Invoice.objects.with_balance(through_entry=last).get(pk=self.invoice_id)
        return Decimal(invoice.balance).quantize(Decimal("0.01"))

    @property
    def treasurer_name(self) -> str:
        """Who signs the receipt: the person who recorded the payment (the receipt names who
        took the money, and a reprint names the same person), else the configured
        AKKOPSI_TREASURER_NAME (payments recorded by a command without an account)."""
        if self.created_by is not None:
            return str(self.created_by.display_name)
        return str(settings.AKKOPSI_TREASURER_NAME)


class Receipt(models.Model):
    """The numbered receipt (kuitansi) of one payment. A voided payment's receipt stays,
    marked void, so its number is never reused."""

    payment = models.OneToOneField(
        Payment, verbose_name=_("payment"), on_delete=models.PROTECT, related_name="receipt"
    )
    number = models.CharField(_("number"), max_length=30, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence_no = models.PositiveIntegerField(_("sequence number"))
    issued_on = models.DateField(_("issued on"))

    class Meta:
        ordering = ["-year", "-sequence_no"]
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sequence_no"], name="%(app_label)s_%(class)s_unique_sequence"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Waiver(VoidableModel, TimeStampedModel):
    """Dues forgiven by a board decision: its own entry, never an edit of the invoice."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="dues_waivers"
    )
    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="waivers"
    )
    amount = money_field(_("amount"))
    decided_on = models.DateField(_("decided on"))
    decision_reference = models.CharField(_("decision reference"), max_length=200)
    reason = models.TextField(_("reason"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("waiver")
        verbose_name_plural = _("waivers")
        constraints = [
            amount_positive(),
        ]

    def __str__(self) -> str:
        return f"{self.invoice.number}: {self.decision_reference}"


class CreditApplication(VoidableModel, TimeStampedModel):
    """Member credit (from overpayments) used to settle an invoice."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="dues_credits"
    )
    invoice = models.ForeignKey(
        Invoice,
        verbose_name=_("invoice"),
        on_delete=models.PROTECT,
        related_name="credit_applications",
    )
    amount = money_field(_("amount"))
    applied_on = models.DateField(_("applied on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-applied_on", "-pk"]
        verbose_name = _("credit application")
        verbose_name_plural = _("credit applications")
        constraints = [
            amount_positive(),
        ]

    def __str__(self) -> str:
        return f"{self.invoice.number}: {self.amount}"
