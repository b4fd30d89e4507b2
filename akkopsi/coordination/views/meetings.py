"""Meetings: the list, a meeting with its agenda and actions, recording them, and calendars."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from akkopsi.accounts.permissions import Permission, PermissionRequired, actor, can, require
from akkopsi.coordination import ics, services
from akkopsi.coordination.access import meeting_for_user, meetings_for_user
from akkopsi.coordination.filters import MeetingFilter
from akkopsi.coordination.forms import AgendaItemEditForm, AgendaItemForm, MeetingForm
from akkopsi.coordination.models import ActionItem, AgendaItem, Meeting
from akkopsi.coordination.views.base import (
    FormPage,
    RecordFormPage,
    RecordMixin,
    RecordVoidPage,
)
from akkopsi.core.dates import today
from akkopsi.core.viewkit import FilteredListView, ServiceFormView


class MeetingListView(PermissionRequired, FilteredListView):
    """Meetings the visitor may see (the public: published ones), filtered by kind."""

    permission = Permission.VIEW_PUBLIC
    filterset_class = MeetingFilter
    template_name = "coordination/meeting_list.html"
    fragment_template = "coordination/_meeting_rows.html"
    ordering = {"": ("-starts_at", "pk")}

    def get_queryset(self) -> QuerySet[Meeting]:
        return meetings_for_user(self.request.user).annotate(n_attending=Count("attending"))


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk)
    manage = can(request.user, Permission.MANAGE_COORDINATION)
    owners = ActionItem.objects.live().select_related("owner_member__regency")
    context = {
        "meeting": meeting,
        "agenda": meeting.agenda.live().prefetch_related(Prefetch("actions", queryset=owners)),
        "attending": meeting.attending.select_related("regency"),
        "invited": meeting.invited.select_related("regency"),
        "other_actions": meeting.actions.live()
        .filter(agenda_item__isnull=True)
        .select_related("owner_member__regency"),
        "manage": manage,
        "today": today(),
        "advocacy": meeting.advocacy_reports.live() if manage else [],
        "groups": meeting.groups_formed.live() if manage else [],
    }
    return render(request, "coordination/meeting_detail.html", context)


class MeetingFormView(RecordFormPage):
    """Record a meeting (or edit one) with its attendance; only members on the day attend."""

    model = Meeting
    form_class = MeetingForm
    title_new = gettext_lazy("New meeting")
    title_edit = gettext_lazy("Edit meeting")
    success_message = gettext_lazy("The meeting is saved.")

    def perform(self, form: Any) -> Meeting:
        return services.save_meeting(
            meeting=form.instance,
            attending=form.cleaned_data["attending_members"],
            invited=form.cleaned_data["invited_members"],
            by=actor(self.request),
        )

    def get_back_url(self) -> str:
        if self.record is not None:
            return reverse("coordination:meeting_detail", args=[self.record.pk])
        return reverse("coordination:meeting_list")

    def get_success_url(self, result: Meeting) -> str:
        return reverse("coordination:meeting_detail", args=[result.pk])


class MeetingPage(FormPage):
    """A form about one meeting the secretariat manages (agenda item, action item)."""

    meeting: Meeting

    def check_permission(self, request: HttpRequest) -> None:
        pk = self.kwargs["pk"]
        self.meeting = meeting_for_user(request.user, pk, Permission.MANAGE_COORDINATION)

    def get_back_url(self) -> str:
        return reverse("coordination:meeting_detail", args=[self.meeting.pk])

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return {**context, "meeting": self.meeting}


class AgendaAddView(MeetingPage):
    form_class = AgendaItemForm
    title = gettext_lazy("Add agenda item")
    success_message = gettext_lazy("The agenda item is added.")

    def perform(self, form: Any) -> AgendaItem:
        return services.add_agenda_item(
            meeting=self.meeting, by=actor(self.request), **form.cleaned_data
        )


class AgendaRecord(RecordMixin, ServiceFormView):
    """An agenda item of a live meeting, edited or voided from the meeting's page."""

    model = AgendaItem

    def get_queryset(self) -> QuerySet[AgendaItem]:
        live = AgendaItem.objects.live().filter(meeting__voided_at__isnull=True)
        return live.select_related("meeting")

    def get_back_url(self) -> str:
        return reverse("coordination:meeting_detail", args=[self.record.meeting_id])

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return {**super().get_context_data(**context), "meeting": self.record.meeting}


class AgendaEditView(AgendaRecord, RecordFormPage):
    form_class = AgendaItemEditForm
    title_edit = gettext_lazy("Edit agenda item")


class AgendaVoidView(AgendaRecord, RecordVoidPage):
    title_format = gettext_lazy("Void agenda item %(item)s")
    title_key = "item"


def _ics(request: HttpRequest, meetings: list[Meeting], name: str, filename: str) -> HttpResponse:
    pairs = [
        (m, request.build_absolute_uri(reverse("coordination:meeting_detail", args=[m.pk])))
        for m in meetings
    ]
    text = ics.calendar(pairs, name=name, stamp=timezone.now())
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for_user(request.user, pk)
    return _ics(request, [meeting], meeting.title, f"rapat-{meeting.pk}.ics")


def meeting_feed(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_PUBLIC)
    meetings = list(meetings_for_user(request.user).order_by("starts_at")[:500])
    return _ics(request, meetings, _("AKKOPSI meetings"), "akkopsi.ics")


meeting_list = MeetingListView.as_view()
meeting_create = meeting_edit = MeetingFormView.as_view()
agenda_add = AgendaAddView.as_view()
agenda_edit = AgendaEditView.as_view()
agenda_void = AgendaVoidView.as_view()
