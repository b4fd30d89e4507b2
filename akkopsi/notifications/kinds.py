"""What a notification is about. Each kind has an e-mail template
``notifications/email/<kind>.txt`` (first line the subject, then the body) and defaults."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    SUBMISSION_RETURNED = "submission_returned", _("Data returned for correction")
    SUBMISSION_VERIFIED = "submission_verified", _("Data verified")
    DEADLINE_NEAR = "deadline_near", _("Reporting deadline near")
    REPORTING_OPENED = "reporting_opened", _("Data reporting opened")
    INVOICE_ISSUED = "invoice_issued", _("Invoice issued")
    INVOICE_OVERDUE = "invoice_overdue", _("Invoice overdue")
    PAYMENT_RECEIVED = "payment_received", _("Payment received")
    ACTION_ASSIGNED = "action_assigned", _("Action item assigned")
    ACTION_OVERDUE = "action_overdue", _("Action item overdue or due soon")
    DELEGATE_STATUS = "delegate_status", _("Delegate status changed")
    JURY_ASSIGNED = "jury_assigned", _("Jury assigned")
    PAYMENT_REPORTED = "payment_reported", _("Payment reported by a member")
    PAYMENT_NOTICE_REJECTED = "payment_notice_rejected", _("Payment report not recorded")
    WAIVER_REQUESTED = "waiver_requested", _("Waiver requested by a member")
    WAIVER_DECIDED = "waiver_decided", _("Waiver request decided")
    REOPEN_REQUESTED = "reopen_requested", _("Request to open submitted data again")
    REOPEN_GRANTED = "reopen_granted", _("Data opened again")
    REOPEN_REFUSED = "reopen_refused", _("Request to open data again refused")


#: Kinds a user receives by e-mail unless they say otherwise; every kind goes to the inbox.
EMAIL_BY_DEFAULT: frozenset[str] = frozenset(Kind.values)
INBOX_BY_DEFAULT: frozenset[str] = frozenset(Kind.values)
