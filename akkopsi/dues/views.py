"""Pages of the dues ledger. Thin: authorise, bind a form, call a service or a report, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from akkopsi.accounts.permissions import ANY_MEMBER, Permission, can, own_member_id, require
from akkopsi.core.charts import line_chart
from akkopsi.core.dates import today
from akkopsi.core.pdf import pdf_response
from akkopsi.dues import access, exports, services
from akkopsi.dues.filters import InvoiceFilter
from akkopsi.dues.forms import (
    AsOfForm,
    GenerateForm,
    InvoiceForm,
    PaymentForm,
    ScheduleForm,
    VoidForm,
    WaiverForm,
)
from akkopsi.dues.models import CreditApplication, DuesSchedule, Invoice, Waiver
from akkopsi.dues.reports import arrears, open_invoices, statement, totals, year_summary

EXPORTS = {"csv", "xlsx", "pdf"}


def _apply_errors(form: Any, exc: ValidationError) -> None:
    """Attach a service's ValidationError to the form, field by field where it names one."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    back: str,
    action: Callable[[dict[str, Any]], Any],
    done: Callable[[Any], HttpResponse],
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """The shape shared by the dues forms: bind, call the service, redirect or re-render."""
    if request.method == "POST" and form.is_valid():
        try:
            result = action(form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return done(result)
    return render(
        request,
        "dues/form.html",
        {"form": form, "title": title, "back": back, **(context or {})},
    )


# -- dashboard and reports ---------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Year summary and collection rate chart; member staff go to their own statement."""
    if not can(request.user, Permission.VIEW_DUES_REPORTS):
        member_id = own_member_id(request.user)
        if member_id and can(request.user, Permission.VIEW_DUES, member_id):
            return redirect("dues:member_statement", code=request.user.member.code)
        require(request.user, Permission.VIEW_DUES_REPORTS)
    as_of = AsOfForm(request.GET or None)
    on = as_of.day
    rows = year_summary(on=on)
    fmt = request.GET.get("export")
    if fmt in EXPORTS:
        return exports.year_summary(rows, on=on, fmt=fmt)
    chart = (
        line_chart(
            _("Dues collected as a share of dues billed, by year"),
            [r.year for r in rows],
            {_("Collection rate"): [float(r.rate) if r.rate is not None else None for r in rows]},
            y_label=_("% of billed"),
            percent=True,
        )
        if rows
        else ""
    )
    context = {
        "as_of": as_of,
        "on": on,
        "rows": rows,
        "total": totals(rows),
        "chart": chart,
        "current": next((r for r in rows if r.year == on.year), rows[-1] if rows else None),
        "can_manage": can(request.user, Permission.MANAGE_DUES),
    }
    return render(request, "dues/dashboard.html", context)


@login_required
def arrears_report(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_DUES_REPORTS)
    as_of = AsOfForm(request.GET or None)
    report = arrears(on=as_of.day)
    fmt = request.GET.get("export")
    if fmt in EXPORTS:
        return exports.arrears(report, fmt=fmt)
    page = Paginator(report.rows, 100).get_page(request.GET.get("page"))
    return render(request, "dues/arrears.html", {"as_of": as_of, "report": report, "page": page})


@login_required
def member_statement(request: HttpRequest, code: str) -> HttpResponse:
    member = access.member_for_dues(request.user, code)
    as_of = AsOfForm(request.GET or None)
    account = statement(member, end=as_of.day)
    fmt = request.GET.get("export")
    if fmt in EXPORTS:
        return exports.statement(account, fmt=fmt)
    context = {
        "member": member,
        "as_of": as_of,
        "account": account,
        "open_invoices": open_invoices(member, on=as_of.day),
        "can_manage": can(request.user, Permission.MANAGE_DUES, member),
    }
    return render(request, "dues/statement.html", context)


# -- invoices ----------------------------------------------------------------------------------


@login_required
def invoice_list(request: HttpRequest) -> HttpResponse:
    base = access.scoped(request.user, Invoice.objects.select_related("member__regency"))
    filterset = InvoiceFilter(request.GET or None, queryset=base.with_status(today()))
    qs = filterset.qs.order_by("-year", "-sequence_no")
    fmt = request.GET.get("export")
    if fmt in {"csv", "xlsx"}:
        return exports.invoices(qs, fmt=fmt)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    context = {
        "filter": filterset,
        "page": page,
        "count": page.paginator.count,
        "query": query.urlencode(),
        "can_manage": can(request.user, Permission.MANAGE_DUES),
    }
    template = "dues/_invoice_rows.html" if request.htmx else "dues/invoice_list.html"
    return render(request, template, context)


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
    }
    return render(request, "dues/invoice_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def invoice_generate(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.MANAGE_DUES)
    form = GenerateForm(request.POST or None, initial={"year": today().year})

    def done(result: services.Generated) -> HttpResponse:
        if result.created:
            messages.success(
                request,
                _("%(n)s invoices issued for %(year)s (numbers %(first)s to %(last)s).")
                % {
                    "n": result.created,
                    "year": result.year,
                    "first": result.first_number,
                    "last": result.last_number,
                },
            )
        else:
            messages.info(
                request,
                _("Every member active in %(year)s already has its invoice.")
                % {"year": result.year},
            )
        return redirect(f"{reverse('dues:invoice_list')}?year={result.year}")

    return _form_page(
        request,
        form,
        title=_("Issue the year's dues invoices"),
        back=reverse("dues:dashboard"),
        action=lambda d: services.generate_invoices(
            year=d["year"], issued_on=d["issued_on"], by=request.user
        ),
        done=done,
    )


@login_required
@require_http_methods(["GET", "POST"])
def invoice_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.MANAGE_DUES)
    form = InvoiceForm(request.POST or None, initial={"member": request.GET.get("member", "")})
    return _form_page(
        request,
        form,
        title=_("New one-off invoice"),
        back=reverse("dues:invoice_list"),
        action=lambda d: services.create_invoice(by=request.user, **d),
        done=lambda invoice: _saved(request, invoice, _("Invoice %(number)s was issued.")),
    )


def _saved(request: HttpRequest, invoice: Invoice, message: str) -> HttpResponse:
    messages.success(request, message % {"number": invoice.number})
    return redirect("dues:invoice_detail", pk=invoice.pk)


@login_required
@require_http_methods(["GET", "POST"])
def invoice_void(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = access.invoice_for_user(request.user, pk, Permission.MANAGE_DUES)
    return _form_page(
        request,
        VoidForm(request.POST or None),
        title=_("Void invoice %(number)s") % {"number": invoice.number},
        back=reverse("dues:invoice_detail", args=[invoice.pk]),
        action=lambda d: services.void_invoice(
            invoice=invoice, reason=d["reason"], by=request.user
        ),
        done=lambda inv: _saved(request, inv, _("Invoice %(number)s was voided.")),
        context={"invoice": invoice},
    )


# -- payments, waivers, credit -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def payment_create(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = access.invoice_for_user(request.user, pk, Permission.MANAGE_DUES)
    form = PaymentForm(
        request.POST or None, initial={"idempotency_key": services.new_idempotency_key()}
    )

    def done(payment: Any) -> HttpResponse:
        text = (
            _("This payment was already recorded (receipt %(receipt)s); it was not stored twice.")
            if payment.replayed
            else _("Payment recorded; receipt %(receipt)s.")
        )
        messages.success(request, text % {"receipt": payment.receipt.number})
        return redirect("dues:invoice_detail", pk=invoice.pk)

    return _form_page(
        request,
        form,
        title=_("Record a payment for %(number)s") % {"number": invoice.number},
        back=reverse("dues:invoice_detail", args=[invoice.pk]),
        action=lambda d: services.record_payment(invoice=invoice, by=request.user, **d),
        done=done,
        context={"invoice": invoice, "balance": services.invoice_balance(invoice)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def payment_void(request: HttpRequest, pk: int) -> HttpResponse:
    payment = access.payment_for_user(request.user, pk, Permission.MANAGE_DUES)
    return _form_page(
        request,
        VoidForm(request.POST or None),
        title=_("Void payment %(receipt)s") % {"receipt": payment.receipt.number},
        back=reverse("dues:invoice_detail", args=[payment.invoice_id]),
        action=lambda d: services.void_payment(
            payment=payment, reason=d["reason"], by=request.user
        ),
        done=lambda p: _saved(request, p.invoice, _("The payment on %(number)s was voided.")),
        context={"invoice": payment.invoice},
    )


@login_required
def receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    payment = access.payment_for_user(request.user, pk)
    pdf = exports.receipt_pdf(payment)
    return pdf_response(pdf, payment.receipt.number.replace("/", "-"))


@login_required
@require_http_methods(["GET", "POST"])
def waiver_create(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = access.invoice_for_user(request.user, pk, Permission.MANAGE_DUES)
    return _form_page(
        request,
        WaiverForm(request.POST or None),
        title=_("Waive dues on %(number)s") % {"number": invoice.number},
        back=reverse("dues:invoice_detail", args=[invoice.pk]),
        action=lambda d: services.waive(invoice=invoice, by=request.user, **d),
        done=lambda w: _saved(request, invoice, _("The waiver on %(number)s was recorded.")),
        context={"invoice": invoice, "balance": services.invoice_balance(invoice)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def waiver_void(request: HttpRequest, pk: int) -> HttpResponse:
    waiver = get_object_or_404(
        access.scoped(request.user, Waiver.objects.select_related("invoice")), pk=pk
    )
    require(request.user, Permission.MANAGE_DUES, waiver.member_id)
    return _form_page(
        request,
        VoidForm(request.POST or None),
        title=_("Void waiver on %(number)s") % {"number": waiver.invoice.number},
        back=reverse("dues:invoice_detail", args=[waiver.invoice_id]),
        action=lambda d: services.void_waiver(waiver=waiver, reason=d["reason"], by=request.user),
        done=lambda w: _saved(request, waiver.invoice, _("The waiver on %(number)s was voided.")),
    )


@login_required
@require_http_methods(["GET", "POST"])
def credit_void(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(
        access.scoped(request.user, CreditApplication.objects.select_related("invoice")), pk=pk
    )
    require(request.user, Permission.MANAGE_DUES, application.member_id)
    return _form_page(
        request,
        VoidForm(request.POST or None),
        title=_("Void credit applied to %(number)s") % {"number": application.invoice.number},
        back=reverse("dues:invoice_detail", args=[application.invoice_id]),
        action=lambda d: services.void_credit_application(
            application=application, reason=d["reason"], by=request.user
        ),
        done=lambda a: _saved(
            request, application.invoice, _("The credit applied to %(number)s was voided.")
        ),
    )


@login_required
@require_POST
def credit_apply(request: HttpRequest, code: str) -> HttpResponse:
    member = access.member_for_dues(request.user, code, Permission.MANAGE_DUES)
    try:
        applied = services.apply_credit(member=member, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Credit applied to %(invoices)s.")
            % {"invoices": ", ".join(a.invoice.number for a in applied)},
        )
    return redirect("dues:member_statement", code=member.code)


# -- schedules ---------------------------------------------------------------------------------


@login_required
def schedule_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_DUES, ANY_MEMBER)  # whoever sees dues sees the rates
    schedules = DuesSchedule.objects.prefetch_related("lines").select_related(
        "supersedes", "superseded_by"
    )
    in_force = set(Invoice.objects.order_by().values_list("schedule_id", flat=True).distinct())
    return render(
        request,
        "dues/schedule_list.html",
        {
            "schedules": schedules,
            "in_force": in_force,
            "can_manage": can(request.user, Permission.MANAGE_DUES),
        },
    )


def _schedule_initial(schedule: DuesSchedule) -> dict[str, Any]:
    initial = {
        "year": schedule.year,
        "prorate": schedule.prorate,
        "due_on": schedule.due_on,
        "grace_days": schedule.grace_days,
        "decided_on": schedule.decided_on,
        "decision_reference": schedule.decision_reference,
        "notes": schedule.notes,
    }
    initial.update({f"amount_{line.member_class}": line.amount for line in schedule.lines.all()})
    return initial


def _schedule_saved(request: HttpRequest, schedule: DuesSchedule) -> HttpResponse:
    messages.success(request, _("Saved: %(schedule)s.") % {"schedule": schedule})
    return redirect("dues:schedule_list")


@login_required
@require_http_methods(["GET", "POST"])
def schedule_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.MANAGE_DUES)
    form = ScheduleForm(request.POST or None, initial={"year": today().year + 1})
    return _form_page(
        request,
        form,
        title=_("New dues schedule"),
        back=reverse("dues:schedule_list"),
        action=lambda d: services.create_schedule(
            year=d["year"], by=request.user, **form.service_kwargs()
        ),
        done=lambda s: _schedule_saved(request, s),
    )


@login_required
@require_http_methods(["GET", "POST"])
def schedule_edit(request: HttpRequest, pk: int, supersede: bool = False) -> HttpResponse:
    require(request.user, Permission.MANAGE_DUES)
    schedule = get_object_or_404(DuesSchedule.objects.prefetch_related("lines"), pk=pk)
    form = ScheduleForm(
        request.POST or None, initial=_schedule_initial(schedule), fixed_year=schedule.year
    )
    service = services.supersede_schedule if supersede else services.update_schedule
    title = _("New version of %(schedule)s") if supersede else _("Correct %(schedule)s")
    return _form_page(
        request,
        form,
        title=title % {"schedule": schedule},
        back=reverse("dues:schedule_list"),
        action=lambda d: service(schedule=schedule, by=request.user, **form.service_kwargs()),
        done=lambda s: _schedule_saved(request, s),
    )
