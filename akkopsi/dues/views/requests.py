"""Member staff report a payment or ask for a waiver; the treasurer decides (records the
payment or rejects the report, grants or refuses the waiver) on the view kit."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from akkopsi.accounts.permissions import Permission, actor
from akkopsi.dues import access, services
from akkopsi.dues.forms import (
    DecisionReasonForm,
    NoticeForm,
    PaymentForm,
    WaiverForm,
    WaiverRequestForm,
)
from akkopsi.dues.models import PaymentNotice, WaiverRequest
from akkopsi.dues.services.requests import notice_key
from akkopsi.dues.views.base import InvoiceFormView


class StaffRequestView(InvoiceFormView):
    """A request of the invoice's own member staff (only they; others 403 or 404)."""

    permission = Permission.VIEW_DUES
    show_balance = True

    def check_permission(self, request: HttpRequest) -> None:
        self.invoice = access.invoice_to_request(request.user, self.kwargs["pk"])


class NoticeCreateView(StaffRequestView):
    form_class = NoticeForm
    success_message = gettext_lazy(
        "Thank you. The treasurer will check and record your payment on %(number)s."
    )

    def get_title(self) -> str:
        return _("Confirm a payment of %(number)s") % {"number": self.invoice.number}

    def perform(self, form: Any) -> PaymentNotice:
        by = actor(self.request)
        return services.report_payment(invoice=self.invoice, by=by, **form.cleaned_data)


class WaiverRequestCreateView(StaffRequestView):
    form_class = WaiverRequestForm
    success_message = gettext_lazy("Your waiver request on %(number)s was sent to the treasurer.")

    def get_title(self) -> str:
        return _("Request a waiver of %(number)s") % {"number": self.invoice.number}

    def perform(self, form: Any) -> WaiverRequest:
        by = actor(self.request)
        return services.request_waiver(invoice=self.invoice, by=by, **form.cleaned_data)


class DecisionView(InvoiceFormView):
    """The treasurer's decision on one request (``load`` finds it; MANAGE_DUES)."""

    template_name = "dues/request_decision.html"
    show_balance = True
    record: Any

    def load(self, request: HttpRequest) -> Any:
        raise NotImplementedError

    def check_permission(self, request: HttpRequest) -> None:
        self.record = self.load(request)
        self.invoice = self.record.invoice

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return super().get_context_data(request_record=self.record, **context)


class NoticeDecisionView(DecisionView):
    def load(self, request: HttpRequest) -> PaymentNotice:
        return access.notice_for_user(request.user, self.kwargs["pk"], self.permission)


class NoticeRecordView(NoticeDecisionView):
    form_class = PaymentForm
    success_message = gettext_lazy("Payment on %(number)s recorded from the member's report.")

    def get_title(self) -> str:
        return _("Record the payment reported for %(number)s") % {"number": self.invoice.number}

    def get_form_kwargs(self) -> dict[str, Any]:
        n = self.record
        fields = ("amount", "paid_on", "method", "bank_reference")
        initial = {f: getattr(n, f) for f in fields} | {"idempotency_key": notice_key(n)}
        return {"initial": initial}

    def perform(self, form: Any) -> Any:
        data = {k: v for k, v in form.cleaned_data.items() if k != "idempotency_key"}
        return services.record_notice(notice=self.record, by=actor(self.request), **data)


class NoticeRejectView(NoticeDecisionView):
    form_class = DecisionReasonForm
    success_message = gettext_lazy("The payment report on %(number)s was rejected.")

    def get_title(self) -> str:
        return _("Reject the payment reported for %(number)s") % {"number": self.invoice.number}

    def perform(self, form: Any) -> Any:
        reason = form.cleaned_data["reason"]
        return services.reject_notice(notice=self.record, reason=reason, by=actor(self.request))


class WaiverRequestDecisionView(DecisionView):
    def load(self, request: HttpRequest) -> WaiverRequest:
        return access.waiver_request_for_user(request.user, self.kwargs["pk"], self.permission)


class WaiverRequestGrantView(WaiverRequestDecisionView):
    form_class = WaiverForm
    success_message = gettext_lazy("The waiver on %(number)s was granted and recorded.")

    def get_title(self) -> str:
        return _("Waiver requested for %(number)s") % {"number": self.invoice.number}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"initial": {"amount": self.record.amount, "reason": self.record.reason}}

    def perform(self, form: Any) -> Any:
        by = actor(self.request)
        return services.grant_waiver_request(request=self.record, by=by, **form.cleaned_data)


class WaiverRequestRefuseView(WaiverRequestDecisionView):
    form_class = DecisionReasonForm
    success_message = gettext_lazy("The waiver request on %(number)s was refused.")

    def get_title(self) -> str:
        return _("Refuse the waiver requested for %(number)s") % {"number": self.invoice.number}

    def perform(self, form: Any) -> Any:
        by = actor(self.request)
        reason = form.cleaned_data["reason"]
        return services.refuse_waiver_request(request=self.record, reason=reason, by=by)


notice_create = NoticeCreateView.as_view()
notice_record = NoticeRecordView.as_view()
notice_reject = NoticeRejectView.as_view()
waiver_request_create = WaiverRequestCreateView.as_view()
waiver_request_grant = WaiverRequestGrantView.as_view()
waiver_request_refuse = WaiverRequestRefuseView.as_view()
