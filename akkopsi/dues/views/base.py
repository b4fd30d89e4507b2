"""The view kit (akkopsi.core.viewkit) as the dues pages use it: forms about one invoice,
voiding with a reason, and reports "as of" a date exported in CSV, XLSX and PDF."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator

from akkopsi.accounts.permissions import Permission, PermissionRequired
from akkopsi.core.viewkit import KitView, ServiceFormView, VoidView
from akkopsi.dues import access, services
from akkopsi.dues.forms import AsOfForm
from akkopsi.dues.models import Invoice

REPORT_FORMATS = frozenset({"csv", "xlsx", "pdf"})


@method_decorator(login_required, name="dispatch")
class DuesFormView(PermissionRequired, ServiceFormView):
    """A dues form for the treasurer (``permission``), on ``dues/form.html``."""

    permission = Permission.MANAGE_DUES
    template_name = "dues/form.html"


class InvoiceFormView(DuesFormView):
    """A form about one invoice: it is named under the title (with its balance when
    ``show_balance``), the page returns to it, and ``success_message`` names its number."""

    show_balance: ClassVar[bool] = False
    invoice: Invoice

    def check_permission(self, request: HttpRequest) -> None:
        self.invoice = access.invoice_for_user(request.user, self.kwargs["pk"], self.permission)

    def get_back_url(self) -> str:
        return reverse("dues:invoice_detail", args=[self.invoice.pk])

    def get_success_message(self, result: Any) -> str:
        return str(self.success_message) % {"number": self.invoice.number}

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        if self.show_balance:
            context["balance"] = services.invoice_balance(self.invoice)
        return super().get_context_data(invoice=self.invoice, **context)


class DuesVoidView(InvoiceFormView, VoidView):
    """Void a record of an invoice's ledger (the invoice itself, a payment, a waiver, an
    application of credit): ``load(request)`` finds it within the user's scope."""

    record: Any

    def load(self, request: HttpRequest) -> Any:
        raise NotImplementedError

    def check_permission(self, request: HttpRequest) -> None:
        self.record = self.load(request)
        self.invoice = self.record if isinstance(self.record, Invoice) else self.record.invoice

    def get_record(self) -> Model:
        record: Model = self.record
        return record


@method_decorator(login_required, name="dispatch")
class DuesReportView(KitView):
    """A report as of a date (``?on=``, default today), on a page or exported
    (``?export=csv|xlsx|pdf``)."""

    http_method_names = ["get", "head", "options"]
    template_name: ClassVar[str]
    on: date

    def build(self, on: date) -> Any:
        raise NotImplementedError

    def export(self, report: Any, fmt: str) -> HttpResponse:
        raise NotImplementedError

    def get_context_data(self, report: Any, **context: Any) -> dict[str, Any]:
        return context

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        as_of = AsOfForm(request.GET or None)
        self.on = as_of.day
        report = self.build(self.on)
        fmt = request.GET.get("export", "")
        if fmt in REPORT_FORMATS:
            return self.export(report, fmt)
        context = self.get_context_data(report, as_of=as_of, on=self.on)
        return render(request, self.template_name, context)
