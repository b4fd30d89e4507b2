"""Action items: the secretariat's list of open actions, adding, editing, voiding, and the
status page an owner member's staff use too."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy

from akkopsi.accounts.permissions import Permission, actor, can
from akkopsi.coordination import services
from akkopsi.coordination.access import action_for_user
from akkopsi.coordination.filters import ActionFilter
from akkopsi.coordination.forms import ActionForm, ActionStatusForm
from akkopsi.coordination.models import ActionItem
from akkopsi.coordination.views.base import (
    FormPage,
    RecordFormPage,
    RecordMixin,
    RecordVoidPage,
    Secretariat,
)
from akkopsi.coordination.views.meetings import MeetingPage
from akkopsi.core.dates import today
from akkopsi.core.viewkit import FilteredListView, ServiceFormView


class ActionListView(Secretariat, FilteredListView):
    """Open actions, overdue first; the secretariat follows them to completion."""

    filterset_class = ActionFilter
    template_name = "coordination/action_list.html"

    def get_queryset(self) -> QuerySet[ActionItem]:
        return ActionItem.objects.open().select_related("owner_member__regency", "meeting")

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return {**context, "today": today(), "overdue": bool(self.request.GET.get("overdue"))}


class ActionAddView(MeetingPage):
    form_class = ActionForm
    title = gettext_lazy("Add action item")
    success_message = gettext_lazy("The action item is added.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"meeting": self.meeting}

    def perform(self, form: Any) -> ActionItem:
        return services.add_action(
            meeting=self.meeting, by=actor(self.request), **form.cleaned_data
        )


class ActionStatusView(FormPage):
    """The secretariat, or the staff of the action's owner member, update its status."""

    form_class = ActionStatusForm
    title = gettext_lazy("Update action")
    success_message = gettext_lazy("The status of the action is updated.")
    action: ActionItem

    def check_permission(self, request: HttpRequest) -> None:
        self.action = action_for_user(request.user, self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"initial": {"status": self.action.status}}

    def perform(self, form: Any) -> ActionItem:
        return services.set_action_status(
            action=self.action, on=today(), by=actor(self.request), **form.cleaned_data
        )

    def get_back_url(self) -> str:
        owner = self.action.owner_member
        if owner is not None and not can(self.request.user, Permission.MANAGE_COORDINATION):
            return reverse("members:member_detail", args=[owner.code])
        return reverse("coordination:action_list")

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return {**context, "action": self.action}


class ActionRecord(RecordMixin, ServiceFormView):
    """An action item the secretariat edits or voids, shown with its meeting."""

    model = ActionItem

    def get_queryset(self) -> QuerySet[ActionItem]:
        return ActionItem.objects.live().select_related("meeting", "owner_member__regency")

    def get_back_url(self) -> str:
        if self.record.meeting_id:
            return reverse("coordination:meeting_detail", args=[self.record.meeting_id])
        return reverse("coordination:action_list")

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        context = super().get_context_data(**context)
        return {**context, "meeting": self.record.meeting, "action": self.record}


class ActionEditView(ActionRecord, RecordFormPage):
    """The secretariat edits every field of an action; its status has its own page."""

    form_class = ActionForm
    title_edit = gettext_lazy("Edit action item")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"instance": self.record, "meeting": self.record.meeting}

    def perform(self, form: Any) -> ActionItem:
        return services.save_action(action=form.instance, by=actor(self.request))


class ActionVoidView(ActionRecord, RecordVoidPage):
    title_format = gettext_lazy("Void action item")


action_list = ActionListView.as_view()
action_add = ActionAddView.as_view()
action_status = ActionStatusView.as_view()
action_edit = ActionEditView.as_view()
action_void = ActionVoidView.as_view()
