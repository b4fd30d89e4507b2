"""Every write of the dues ledger. Keyword-only, atomic, the actor explicit.

Rules kept here:
- money is a positive Decimal with at most two decimals (sen), never a float;
- invoice and receipt numbers come from the per-year counter of ``akkopsi.core.numbering``,
  locked with SELECT ... FOR UPDATE in the same transaction, so they are gapless under
  concurrency;
- locks are taken in one order (member, then invoice, then sequence) so that two
  treasurers working at once wait for each other instead of deadlocking;
- corrections void a document with a reason and post reversing entries; nothing is
  edited or deleted.
"""

from akkopsi.dues.services.common import (
    IdempotencyConflict,
    check_amount,
    invoice_balance,
    member_credit,
)
from akkopsi.dues.services.credit import apply_credit, void_credit_application, void_waiver, waive
from akkopsi.dues.services.invoices import (
    Generated,
    create_invoice,
    generate_invoices,
    plan_invoices,
    send_invoice,
    void_invoice,
)
from akkopsi.dues.services.payments import new_idempotency_key, record_payment, void_payment
from akkopsi.dues.services.requests import (
    grant_waiver_request,
    record_notice,
    refuse_waiver_request,
    reject_notice,
    report_payment,
    request_waiver,
)
from akkopsi.dues.services.schedules import (
    create_schedule,
    current_schedule,
    supersede_schedule,
    update_schedule,
)

__all__ = [
    "Generated",
    "IdempotencyConflict",
    "apply_credit",
    "check_amount",
    "create_invoice",
    "create_schedule",
    "current_schedule",
    "generate_invoices",
    "grant_waiver_request",
    "invoice_balance",
    "member_credit",
    "new_idempotency_key",
    "plan_invoices",
    "record_notice",
    "record_payment",
    "refuse_waiver_request",
    "reject_notice",
    "report_payment",
    "request_waiver",
    "send_invoice",
    "supersede_schedule",
    "update_schedule",
    "void_credit_application",
    "void_invoice",
    "void_payment",
    "void_waiver",
    "waive",
]
