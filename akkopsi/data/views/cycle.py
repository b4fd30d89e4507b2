"""The secretariat's reporting cycle: open a year, follow one year's members, remind, close."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from akkopsi.accounts.permissions import Permission, PermissionRequired, actor
from akkopsi.core.confirm import Plan
from akkopsi.core.dates import today
from akkopsi.core.viewkit import ConfirmView, FilteredListView, ServiceFormView
from akkopsi.data import queries, services
from akkopsi.data.choices import SubmissionStatus
from akkopsi.data.filters import CycleMemberFilter
from akkopsi.data.forms import DeadlineForm, OpenYearForm, RefusalForm
from akkopsi.data.models import ReopenRequest, ReportingYear, Submission
from akkopsi.data.reminders import plan_reminders, send_reminders
from akkopsi.members.models import Member


@method_decorator(login_required, name="dispatch")
class CycleView(PermissionRequired, ServiceFormView):
    """The reporting years with their counts, and the form that opens a year."""

    permission = Permission.VERIFY_DATA
    form_class = OpenYearForm
    template_name = "data/cycle.html"
    title = gettext_lazy("Reporting cycle")

    def get_form_kwargs(self) -> dict[str, Any]:
        """Offers the first year not opened yet: an open year is never pre-filled here."""
        day = today()
        taken = set(ReportingYear.objects.values_list("year", flat=True))
        year = day.year - 1
        while year in taken:
            year += 1
        return {"initial": {"year": year, "opens_on": day, "deadline": day + timedelta(60)}}

    def perform(self, form: Any) -> ReportingYear:
        return services.open_year(by=actor(self.request), **form.cleaned_data)

    def get_back_url(self) -> str:
        return reverse("data:cycle")

    def get_success_url(self, result: ReportingYear) -> str:
        return reverse("data:cycle_year", args=[result.year])

    def get_success_message(self, result: ReportingYear) -> str:
        return _("Reporting year %(year)s is open.") % {"year": result.year}

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        years = list(ReportingYear.objects.all())
        counts = queries.submission_counts([r.year for r in years])
        requests = ReopenRequest.objects.pending().select_related(
            "submission__member__regency", "requested_by"
        )
        return {
            **context,
            "years": [(r, dict(counts[r.year])) for r in years],
            "requests": requests,
        }


@method_decorator(login_required, name="dispatch")
class CycleYearView(PermissionRequired, FilteredListView):
    """One reporting year: its members by the status of their data; remind them; close it."""

    # The kit declares this per class, Django per instance: mypy sees a conflict, not a bug.
    http_method_names = ["get", "post", "head", "options"]
    permission = Permission.VERIFY_DATA
    filterset_class = CycleMemberFilter
    template_name = "data/cycle_year.html"
    paginate_by = 1000  # every member on one page

    def get_queryset(self) -> QuerySet[Member]:
        return queries.members_of_year(self.kwargs["year"])

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        year = self.kwargs["year"]
        members = list(context["page"].object_list)
        subs = {s.member_id: s for s in Submission.objects.filter(year=year, member__in=members)}
        return {
            **context,
            "reporting_year": self.reporting_year,
            "rows": [(m, subs.get(m.pk)) for m in members],
            "status": self.request.GET.get("status", ""),
            "statuses": SubmissionStatus.choices,
            "counts": dict(queries.submission_counts([year])[year]),
            "requests": ReopenRequest.objects.pending()
            .filter(submission__year=year)
            .select_related("submission__member__regency", "requested_by"),
        }

    @cached_property
    def reporting_year(self) -> ReportingYear:
        return get_object_or_404(ReportingYear, year=self.kwargs["year"])

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.reporting_year  # noqa: B018 (a 404 before anything else)
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, year: int) -> HttpResponse:
        reporting_year = self.reporting_year
        if request.POST.get("action") != "reopen":
            return self.get(request, year=year)
        services.reopen_year(reporting_year=reporting_year, by=actor(request))
        return redirect("data:cycle_year", year=year)


class YearConfirmView(PermissionRequired, ConfirmView):
    """A confirmed action of the secretariat on one reporting year (``open_only``: only while
    the year takes data), back on the year's page."""

    permission = Permission.VERIFY_DATA
    open_only = False

    @cached_property
    def reporting_year(self) -> ReportingYear:
        years = ReportingYear.objects.filter(is_open=True) if self.open_only else ReportingYear
        return get_object_or_404(years, year=self.kwargs["year"])

    def get_back_url(self) -> str:
        return reverse("data:cycle_year", args=[self.kwargs["year"]])


@method_decorator(login_required, name="dispatch")
class CycleCloseView(YearConfirmView):
    """Close a reporting year, after saying who has not submitted yet."""

    title = gettext_lazy("Close the year")
    confirm_label = gettext_lazy("Close the year")

    def get_plan(self) -> Plan:
        return services.plan_close(self.reporting_year)

    def perform(self, token: str, form: Any) -> ReportingYear:
        by = actor(self.request)
        return services.close_year(reporting_year=self.reporting_year, by=by, expected=token)

    def get_success_message(self, result: ReportingYear) -> str:
        return _("Reporting year %(year)s is closed.") % {"year": result.year}


@method_decorator(login_required, name="dispatch")
class RemindView(YearConfirmView):
    """E-mail a reminder to the members that have not submitted, after saying to how many."""

    title = gettext_lazy("E-mail a reminder")
    confirm_label = gettext_lazy("Send the reminders")
    open_only = True

    def get_plan(self) -> Plan:
        return plan_reminders(self.reporting_year)

    def perform(self, token: str, form: Any) -> int:
        return send_reminders(self.reporting_year, expected=token)

    def get_success_message(self, result: int) -> str:
        return _("Reminders sent to %(n)s members.") % {"n": result}


@method_decorator(login_required, name="dispatch")
class DeadlineView(PermissionRequired, ServiceFormView):
    """Move the deadline of one open year, after a confirmation that names the year."""

    permission = Permission.VERIFY_DATA
    form_class = DeadlineForm
    template_name = "data/deadline.html"

    @cached_property
    def reporting_year(self) -> ReportingYear:
        return get_object_or_404(ReportingYear, year=self.kwargs["year"], is_open=True)

    def get_title(self) -> str:
        return _("Change the deadline of %(year)s") % {"year": self.reporting_year.year}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"initial": {"deadline": self.reporting_year.deadline}}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form()
        if form.is_valid() and not form.cleaned_data["confirmed"]:
            data = request.POST.copy()
            data["confirmed"] = "True"
            confirm = {"new": form.cleaned_data["deadline"], "form": DeadlineForm(data)}
            context = self.get_context_data(title=self.get_title(), back=self.get_back_url())
            return render(request, self.template_name, {**context, **confirm})
        return super().post(request, *args, **kwargs)

    def perform(self, form: Any) -> ReportingYear:
        deadline = form.cleaned_data["deadline"]
        by = actor(self.request)
        return services.change_deadline(
            reporting_year=self.reporting_year, deadline=deadline, by=by
        )

    def get_back_url(self) -> str:
        return reverse("data:cycle_year", args=[self.kwargs["year"]])

    def get_success_message(self, result: ReportingYear) -> str:
        return _("The deadline of %(year)s is now %(day)s.") % {
            "year": result.year,
            "day": date_format(result.deadline, "j F Y"),
        }

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return {**context, "reporting_year": self.reporting_year}


class ReopenDecisionView(PermissionRequired, ServiceFormView):
    """A pending request to open data again, as the secretariat decides on it."""

    permission = Permission.VERIFY_DATA

    @cached_property
    def reopen_request(self) -> ReopenRequest:
        pending = ReopenRequest.objects.pending().select_related("submission__member")
        return get_object_or_404(pending.select_related("requested_by"), pk=self.kwargs["pk"])

    def get_back_url(self) -> str:
        return reverse("data:cycle_year", args=[self.reopen_request.submission.year])

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return {**context, "request_": self.reopen_request}


@method_decorator(login_required, name="dispatch")
class GrantReopenView(ReopenDecisionView):
    """The secretariat grants a member's request: its data of that year is a draft again."""

    form_class = forms.Form
    template_name = "data/grant_reopen.html"
    title = gettext_lazy("Open the data again")

    def perform(self, form: Any) -> Submission:
        return services.grant_reopen(self.reopen_request, actor(self.request))

    def get_success_message(self, result: Submission) -> str:
        return _("The data of %(member)s for %(year)s can be changed again.") % {
            "member": result.member,
            "year": result.year,
        }


@method_decorator(login_required, name="dispatch")
class RefuseReopenView(ReopenDecisionView):
    """The secretariat refuses a member's request, saying why: the data stays as it is."""

    form_class = RefusalForm
    template_name = "data/refuse_reopen.html"
    title = gettext_lazy("Refuse the request")

    def perform(self, form: Any) -> ReopenRequest:
        reason = form.cleaned_data["reason"]
        return services.refuse_reopen(self.reopen_request, actor(self.request), reason)

    def get_success_message(self, result: ReopenRequest) -> str:
        return _("The request of %(member)s was refused; its staff were told why.") % {
            "member": result.submission.member
        }
