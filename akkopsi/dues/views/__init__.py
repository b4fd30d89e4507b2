"""Pages of the dues ledger, by family (reports, invoices, payments, schedules), on the
view kit (akkopsi.core.viewkit; the dues shapes in ``base``). URL names unchanged."""

from akkopsi.dues.views.invoices import (
    invoice_create,
    invoice_detail,
    invoice_generate,
    invoice_generate_confirm,
    invoice_list,
    invoice_pdf,
    invoice_send,
    invoice_void,
)
from akkopsi.dues.views.payments import (
    credit_apply,
    credit_void,
    payment_create,
    payment_void,
    receipt_pdf,
    waiver_create,
    waiver_void,
)
from akkopsi.dues.views.reports import arrears_report, dashboard, member_statement
from akkopsi.dues.views.requests import (
    notice_create,
    notice_record,
    notice_reject,
    waiver_request_create,
    waiver_request_grant,
    waiver_request_refuse,
)
from akkopsi.dues.views.schedules import schedule_create, schedule_edit, schedule_list

__all__ = [
    "arrears_report",
    "credit_apply",
    "credit_void",
    "dashboard",
    "invoice_create",
    "invoice_detail",
    "invoice_generate",
    "invoice_generate_confirm",
    "invoice_list",
    "invoice_pdf",
    "invoice_send",
    "invoice_void",
    "member_statement",
    "notice_create",
    "notice_record",
    "notice_reject",
    "payment_create",
    "payment_void",
    "receipt_pdf",
    "schedule_create",
    "schedule_edit",
    "schedule_list",
    "waiver_create",
    "waiver_request_create",
    "waiver_request_grant",
    "waiver_request_refuse",
    "waiver_void",
]
