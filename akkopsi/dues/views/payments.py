"""Payments, receipts, waivers and credit: recorded and voided on the view kit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from akkopsi.accounts.permissions import Permission, actor
from akkopsi.core.pdf import pdf_response
from akkopsi.dues import access, exports, services
from akkopsi.dues.forms import PaymentForm, WaiverForm
from akkopsi.dues.models import CreditApplication, Payment, Waiver
from akkopsi.dues.views.base import DuesVoidView, InvoiceFormView


class PaymentCreateView(InvoiceFormView):
    form_class = PaymentForm
    show_balance = True

    def get_title(self) -> str:
        return _("Record a payment for %(number)s") % {"number": self.invoice.number}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"initial": {"idempotency_key": services.new_idempotency_key()}}

    def perform(self, form: Any) -> Payment:
        by = actor(self.request)
        return services.record_payment(invoice=self.invoice, by=by, **form.cleaned_data)

    def get_success_message(self, result: Any) -> str:
        text = (
            _("This payment was already recorded (receipt %(receipt)s); it was not stored twice.")
            if result.replayed
            else _("Payment recorded; receipt %(receipt)s.")
        )
        return text % {"receipt": result.receipt.number}


class PaymentVoidView(DuesVoidView):
    success_message = gettext_lazy("The payment on %(number)s was voided.")

    def load(self, request: HttpRequest) -> Payment:
        return access.payment_for_user(request.user, self.kwargs["pk"], self.permission)

    def get_title(self) -> str:
        return _("Void payment %(receipt)s") % {"receipt": self.record.receipt.number}

    def void(self, record: Any, reason: str) -> Payment:
        return services.void_payment(payment=record, reason=reason, by=actor(self.request))


@login_required
def receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    payment = access.payment_for_user(request.user, pk)
    pdf = exports.receipt_pdf(payment)
    return pdf_response(pdf, payment.receipt.number.replace("/", "-"))


class WaiverCreateView(InvoiceFormView):
    form_class = WaiverForm
    show_balance = True
    success_message = gettext_lazy("The waiver on %(number)s was recorded.")

    def get_title(self) -> str:
        return _("Waive dues on %(number)s") % {"number": self.invoice.number}

    def perform(self, form: Any) -> Waiver:
        by = actor(self.request)
        return services.waive(invoice=self.invoice, by=by, **form.cleaned_data)


class WaiverVoidView(DuesVoidView):
    success_message = gettext_lazy("The waiver on %(number)s was voided.")

    def load(self, request: HttpRequest) -> Waiver:
        return access.waiver_for_user(request.user, self.kwargs["pk"], self.permission)

    def get_title(self) -> str:
        return _("Void waiver on %(number)s") % {"number": self.invoice.number}

    def void(self, record: Any, reason: str) -> Waiver:
        return services.void_waiver(waiver=record, reason=reason, by=actor(self.request))


class CreditVoidView(DuesVoidView):
    success_message = gettext_lazy("The credit applied to %(number)s was voided.")

    def load(self, request: HttpRequest) -> CreditApplication:
        pk = self.kwargs["pk"]
        return access.credit_application_for_user(request.user, pk, self.permission)

    def get_title(self) -> str:
        return _("Void credit applied to %(number)s") % {"number": self.invoice.number}

    def void(self, record: Any, reason: str) -> CreditApplication:
        by = actor(self.request)
        return services.void_credit_application(application=record, reason=reason, by=by)


@login_required
@require_POST
def credit_apply(request: HttpRequest, code: str) -> HttpResponse:
    member = access.member_for_dues(request.user, code, Permission.MANAGE_DUES)
    try:
        applied = services.apply_credit(member=member, by=actor(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        invoices = ", ".join(a.invoice.number for a in applied)
        messages.success(request, _("Credit applied to %(invoices)s.") % {"invoices": invoices})
    return redirect("dues:member_statement", code=member.code)


payment_create = PaymentCreateView.as_view()
payment_void = PaymentVoidView.as_view()
waiver_create = WaiverCreateView.as_view()
waiver_void = WaiverVoidView.as_view()
credit_void = CreditVoidView.as_view()
