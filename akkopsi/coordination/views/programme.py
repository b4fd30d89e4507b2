"""The yearly work programme per division (page and the rakor PDF), divisions and activities."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from akkopsi.accounts.permissions import Permission, require
from akkopsi.coordination.access import meeting_for_user, meetings_for_user
from akkopsi.coordination.forms import ActivityForm, DivisionForm
from akkopsi.coordination.models import Division, MeetingKind, ProgrammeActivity
from akkopsi.coordination.views.base import RecordFormPage, RecordVoidPage
from akkopsi.core.dates import today
from akkopsi.core.pdf import pdf_response, render_pdf


def _programme_year(request: HttpRequest) -> tuple[int, list[int]]:
    years = list(
        ProgrammeActivity.objects.live().order_by("-year").values_list("year", flat=True).distinct()
    )
    try:
        year = int(request.GET.get("year") or (years[0] if years else today().year))
    except ValueError:
        year = today().year
    return year, years


def _programme_context(year: int, *, all_divisions: bool) -> dict[str, Any]:
    """Activities per division for ``year`` with their budget and progress."""
    activities = ProgrammeActivity.objects.live().filter(year=year)
    divisions = Division.objects.live().prefetch_related(
        Prefetch("activities", queryset=activities, to_attr="year_activities")
    )
    totals = activities.aggregate(budget=Sum("budget"), n=Count("pk"))
    return {
        "year": year,
        "divisions": [d for d in divisions if all_divisions or d.year_activities],
        "totals": totals,
        "printed_on": today(),
    }


def _programme_url(year: int) -> str:
    return f"{reverse('coordination:programme')}?year={year}"


@login_required
def programme(request: HttpRequest) -> HttpResponse:
    """The yearly work programme per division: the secretariat's operational report at a rakor."""
    require(request.user, Permission.MANAGE_COORDINATION)
    year, years = _programme_year(request)
    context = _programme_context(year, all_divisions=True)
    context["years"] = years
    context["rakors"] = meetings_for_user(request.user).filter(kind=MeetingKind.RAKOR)[:20]
    return render(request, "coordination/programme.html", context)


@login_required
def programme_pdf(request: HttpRequest) -> HttpResponse:
    """The secretariat's operational update for a rakor: the programme's progress, as a PDF."""
    require(request.user, Permission.MANAGE_COORDINATION)
    meeting = None
    if (request.GET.get("meeting") or "").isdigit():
        meeting = meeting_for_user(
            request.user, int(request.GET["meeting"]), Permission.MANAGE_COORDINATION
        )
    if meeting is not None and not request.GET.get("year"):
        year = meeting.day.year
    else:
        year, _years = _programme_year(request)
    context = _programme_context(year, all_divisions=False)
    context["meeting"] = meeting
    return pdf_response(
        render_pdf("coordination/programme_pdf.html", context), f"program-kerja-{year}"
    )


class DivisionEditView(RecordFormPage):
    model = Division
    form_class = DivisionForm
    title_new = gettext_lazy("New division")
    title_edit = gettext_lazy("Edit division")

    def get_back_url(self) -> str:
        return reverse("coordination:programme")


class DivisionVoidView(RecordVoidPage):
    model = Division
    title_format = gettext_lazy("Void division %(name)s")

    def get_back_url(self) -> str:
        return reverse("coordination:programme")


class ActivityEditView(RecordFormPage):
    """An activity of the work programme; a new one starts in the division and year asked for."""

    model = ProgrammeActivity
    form_class = ActivityForm
    title_new = gettext_lazy("New work programme activity")
    title_edit = gettext_lazy("Edit activity")

    def initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = {"year": today().year}
        for name in ("division", "year"):
            if self.request.GET.get(name, "").isdigit():
                initial[name] = int(self.request.GET[name])
        return initial

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"instance": self.record, "initial": self.initial()}

    def get_back_url(self) -> str:
        return _programme_url(self.record.year if self.record else self.initial()["year"])

    def get_success_url(self, result: ProgrammeActivity) -> str:
        return _programme_url(result.year)


class ActivityVoidView(RecordVoidPage):
    model = ProgrammeActivity
    title_format = gettext_lazy("Void activity %(name)s")

    def get_back_url(self) -> str:
        return _programme_url(self.record.year)


division_edit = DivisionEditView.as_view()
division_void = DivisionVoidView.as_view()
activity_edit = ActivityEditView.as_view()
activity_void = ActivityVoidView.as_view()
