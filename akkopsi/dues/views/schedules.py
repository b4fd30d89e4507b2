"""Dues schedules (the yearly rates): the list, a new schedule, a correction, a new version."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from akkopsi.accounts.permissions import ANY_MEMBER, Permission, actor, can, require
from akkopsi.core.dates import today
from akkopsi.dues import services
from akkopsi.dues.forms import ScheduleForm
from akkopsi.dues.models import DuesSchedule, Invoice
from akkopsi.dues.views.base import DuesFormView


@login_required
def schedule_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_DUES, ANY_MEMBER)  # whoever sees dues sees the rates
    schedules = DuesSchedule.objects.prefetch_related("lines").select_related(
        "supersedes", "superseded_by"
    )
    in_force = set(Invoice.objects.order_by().values_list("schedule_id", flat=True).distinct())
    context = {
        "schedules": schedules,
        "in_force": in_force,
        "can_manage": can(request.user, Permission.MANAGE_DUES),
    }
    return render(request, "dues/schedule_list.html", context)


class ScheduleFormView(DuesFormView):
    form_class = ScheduleForm

    def get_back_url(self) -> str:
        return reverse("dues:schedule_list")

    def get_success_message(self, result: DuesSchedule) -> str:
        return _("Saved: %(schedule)s.") % {"schedule": result}


class ScheduleCreateView(ScheduleFormView):
    title = gettext_lazy("New dues schedule")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"initial": {"year": today().year + 1}}

    def perform(self, form: Any) -> DuesSchedule:
        year = form.cleaned_data["year"]
        by = actor(self.request)
        return services.create_schedule(year=year, by=by, **form.service_kwargs())


class ScheduleEditView(ScheduleFormView):
    """Correct a schedule no invoice uses yet, or (``supersede``) issue a new version."""

    def setup(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().setup(request, *args, **kwargs)
        self.supersede = bool(kwargs.get("supersede"))

    def schedule(self) -> DuesSchedule:
        if not hasattr(self, "_schedule"):
            schedules = DuesSchedule.objects.prefetch_related("lines")
            self._schedule = get_object_or_404(schedules, pk=self.kwargs["pk"])
        return self._schedule

    def get_title(self) -> str:
        title = _("New version of %(schedule)s") if self.supersede else _("Correct %(schedule)s")
        return title % {"schedule": self.schedule()}

    def get_form_kwargs(self) -> dict[str, Any]:
        schedule = self.schedule()
        return {"initial": ScheduleForm.initial_for(schedule), "fixed_year": schedule.year}

    def perform(self, form: Any) -> DuesSchedule:
        service = services.supersede_schedule if self.supersede else services.update_schedule
        by = actor(self.request)
        return service(schedule=self.schedule(), by=by, **form.service_kwargs())


schedule_create = ScheduleCreateView.as_view()
schedule_edit = ScheduleEditView.as_view()
