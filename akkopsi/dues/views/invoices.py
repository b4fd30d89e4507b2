"""Invoice pages: the list (on the kit's filtered list), one invoice, issuing and voiding."""

from __future__ import annotations

from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from akkopsi.accounts.permissions import ANY_MEMBER, Permission, PermissionRequired, actor, can
from akkopsi.core.confirm import Plan
from akkopsi.core.dates import today
from akkopsi.core.pdf import pdf_response
from akkopsi.core.viewkit import ConfirmView, FilteredListView
from akkopsi.dues import access, exports, queues, services
from akkopsi.dues.filters import InvoiceFilter
from akkopsi.dues.forms import GenerateForm, InvoiceForm
from akkopsi.dues.models import Invoice
from akkopsi.dues.views.base import DuesFormView, DuesVoidView, InvoiceFormView


@method_decorator(login_required, name="dispatch")
class InvoiceListView(PermissionRequired, FilteredListView):
    """Invoices in the user's scope: the same FilterSet as the invoices API, paged,
    exportable, the rows re-rendered alone for htmx."""

    permission = Permission.VIEW_DUES
    filterset_class = InvoiceFilter
    template_name = "dues/invoice_list.html"
    fragment_template = "dues/_invoice_rows.html"
    ordering = {"": ("-year", "-sequence_no")}
    export_name = "iuran-tagihan"

    def permission_member(self, request: HttpRequest) -> Any:
        return ANY_MEMBER

    def get_queryset(self) -> QuerySet[Invoice]:
        invoices = Invoice.objects.select_related("member__regency")
        return access.scoped(self.request.user, invoices).with_status(today())  # type: ignore[attr-defined]

    def export(self, queryset: QuerySet[Any], fmt: str) -> HttpResponse:
        return exports.invoices(queryset, fmt=fmt)

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return {**context, "can_manage": can(self.request.user, Permission.MANAGE_DUES)}


@login_required
def invoice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = access.invoice_for_user(request.user, pk)
    invoice = (
        Invoice.objects.with_status(today())
        .select_related("member__regency", "schedule")
        .get(pk=invoice.pk)
    )
    context = {
        "invoice": invoice,
        "payments": invoice.payments.select_related("receipt", "voided_by", "created_by"),
        "waivers": invoice.waivers.select_related("voided_by"),
        "credits": invoice.credit_applications.select_related("voided_by"),
        "entries": invoice.entries.select_related("reverses").order_by("entry_date", "pk"),
        "reminders": invoice.reminders.all()[:10],
        "can_manage": can(request.user, Permission.MANAGE_DUES, invoice.member),
        "can_request": access.may_request(request.user, invoice.member_id),
        "requests": queues.requests_of_invoice(invoice.pk),
    }
    return render(request, "dues/invoice_detail.html", context)


class InvoiceGenerateView(DuesFormView):
    form_class = GenerateForm
    title = gettext_lazy("Issue the year's dues invoices")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"initial": {"year": today().year}}

    def perform(self, form: Any) -> dict[str, Any]:
        """Nothing is issued here: the plan is checked (a year without a schedule is refused
        on the form) and the treasurer goes on to the confirmation page."""
        data = {"year": form.cleaned_data["year"], "issued_on": form.cleaned_data["issued_on"]}
        services.plan_invoices(**data)
        return data

    def get_back_url(self) -> str:
        return reverse("dues:dashboard")

    def get_success_url(self, result: dict[str, Any]) -> str:
        query = urlencode(
            {k: v.isoformat() if k == "issued_on" else v for k, v in result.items() if v}
        )
        return f"{reverse('dues:invoice_generate_confirm')}?{query}"

    def get_success_message(self, result: Any) -> str:
        return ""


@method_decorator(login_required, name="dispatch")
class InvoiceGenerateConfirmView(PermissionRequired, ConfirmView):
    """How many invoices, worth how much, before the year's dues are issued."""

    permission = Permission.MANAGE_DUES
    title = gettext_lazy("Issue the year's dues invoices")
    confirm_label = gettext_lazy("Issue the invoices")

    @cached_property
    def params(self) -> dict[str, Any]:
        form = GenerateForm(self.request.GET)
        if not form.is_valid():
            raise Http404
        return {"year": form.cleaned_data["year"], "issued_on": form.cleaned_data["issued_on"]}

    def get_plan(self) -> Plan:
        return services.plan_invoices(**self.params)

    def perform(self, token: str, form: Any) -> services.Generated:
        by = actor(self.request)
        return services.generate_invoices(**self.params, by=by, expected=token)

    def get_back_url(self) -> str:
        return reverse("dues:invoice_generate")

    def get_success_url(self, result: services.Generated) -> str:
        return f"{reverse('dues:invoice_list')}?year={result.year}"

    def get_success_message(self, result: services.Generated) -> str:
        return _("%(n)s invoices issued for %(year)s (numbers %(first)s to %(last)s).") % {
            "n": result.created,
            "year": result.year,
            "first": result.first_number,
            "last": result.last_number,
        }


class InvoiceCreateView(DuesFormView):
    form_class = InvoiceForm
    title = gettext_lazy("New one-off invoice")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"initial": {"member": self.request.GET.get("member", "")}}

    def perform(self, form: Any) -> Invoice:
        return services.create_invoice(by=actor(self.request), **form.cleaned_data)

    def get_back_url(self) -> str:
        return reverse("dues:invoice_list")

    def get_success_url(self, result: Invoice) -> str:
        return reverse("dues:invoice_detail", args=[result.pk])

    def get_success_message(self, result: Invoice) -> str:
        return _("Invoice %(number)s was issued.") % {"number": result.number}


class InvoiceVoidView(DuesVoidView):
    success_message = gettext_lazy("Invoice %(number)s was voided.")

    def load(self, request: HttpRequest) -> Invoice:
        return access.invoice_for_user(request.user, self.kwargs["pk"], self.permission)

    def get_title(self) -> str:
        return _("Void invoice %(number)s") % {"number": self.invoice.number}

    def void(self, record: Any, reason: str) -> Invoice:
        return services.void_invoice(invoice=record, reason=reason, by=actor(self.request))


class InvoiceSendForm(forms.Form):
    """Nothing to fill in: the page says what will be sent to whom, the button sends it."""


class InvoiceSendView(InvoiceFormView):
    form_class = InvoiceSendForm
    success_message = gettext_lazy("Invoice %(number)s was sent by e-mail.")

    def get_title(self) -> str:
        return _("Send invoice %(number)s by e-mail") % {"number": self.invoice.number}

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        note = _("The member's staff receive the invoice with its PDF attached.")
        return super().get_context_data(note=note, **context)

    def perform(self, form: Any) -> int:
        return services.send_invoice(invoice=self.invoice, by=actor(self.request))


@login_required
def invoice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = access.invoice_for_user(request.user, pk)
    invoice = Invoice.objects.select_related("member__regency", "schedule").get(pk=invoice.pk)
    return pdf_response(exports.invoice_pdf(invoice), invoice.number.replace("/", "-"))


invoice_list = InvoiceListView.as_view()
invoice_send = InvoiceSendView.as_view()
invoice_generate = InvoiceGenerateView.as_view()
invoice_generate_confirm = InvoiceGenerateConfirmView.as_view()
invoice_create = InvoiceCreateView.as_view()
invoice_void = InvoiceVoidView.as_view()
