"""Member dues: schedules, invoices, payments, receipts, waivers and the ledger they post to.

Documents (Invoice, Payment, Waiver, CreditApplication) say what happened; every money
movement is also one or more append-only ``LedgerEntry`` rows, and every balance is a sum
of entries. Nothing is deleted or edited: a mistake is voided with a reason, and the void
posts a reversing entry (docs/adr/0005-dues-ledger.md).
"""

from akkopsi.dues.models.base import HALF_SEN, MONEY, ZERO, document_number, money_field, money_sum
from akkopsi.dues.models.documents import (
    CreditApplication,
    Invoice,
    InvoiceQuerySet,
    Payment,
    Receipt,
    Waiver,
)
from akkopsi.dues.models.ledger import LedgerEntry, LedgerQuerySet, ReminderLog
from akkopsi.dues.models.requests import PaymentNotice, WaiverRequest
from akkopsi.dues.models.schedules import DuesSchedule, ScheduleLine

__all__ = [
    "HALF_SEN",
    "MONEY",
    "ZERO",
    "CreditApplication",
    "DuesSchedule",
    "Invoice",
    "InvoiceQuerySet",
    "LedgerEntry",
    "LedgerQuerySet",
    "Payment",
    "PaymentNotice",
    "Receipt",
    "ReminderLog",
    "ScheduleLine",
    "Waiver",
    "WaiverRequest",
    "document_number",
    "money_field",
    "money_sum",
]
