"""Working groups (pokja) and the advocacy log: the secretariat's lists and records."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy

from akkopsi.accounts.permissions import actor
from akkopsi.coordination import services
from akkopsi.coordination.filters import AdvocacyFilter, WorkingGroupFilter
from akkopsi.coordination.forms import AdvocacyForm, WorkingGroupForm
from akkopsi.coordination.models import ActionItem, AdvocacyVisit, WorkingGroup
from akkopsi.coordination.views.base import FormPage, Secretariat
from akkopsi.core.viewkit import FilteredListView


class WorkingGroupListView(Secretariat, FilteredListView):
    filterset_class = WorkingGroupFilter
    template_name = "coordination/working_group_list.html"
    fragment_template = "coordination/_working_groups.html"

    def get_queryset(self) -> QuerySet[WorkingGroup]:
        return (
            WorkingGroup.objects.live()
            .select_related("formed_at", "province")
            .prefetch_related("members__regency")
        )


class WorkingGroupAddView(Secretariat, FormPage):
    """Record the forming of a working group, linked to the meeting that decided it."""

    form_class = WorkingGroupForm
    title = gettext_lazy("Form a working group")
    success_message = gettext_lazy("The working group is recorded.")

    def perform(self, form: Any) -> WorkingGroup:
        members = form.cleaned_data["group_members"]
        return services.form_working_group(
            group=form.instance, members=members, by=actor(self.request)
        )

    def get_back_url(self) -> str:
        return reverse("coordination:working_group_list")


class AdvocacyListView(Secretariat, FilteredListView):
    filterset_class = AdvocacyFilter
    template_name = "coordination/advocacy_list.html"
    fragment_template = "coordination/_advocacy_visits.html"

    def get_queryset(self) -> QuerySet[AdvocacyVisit]:
        follow_ups = Prefetch("follow_ups", queryset=ActionItem.objects.live())
        return (
            AdvocacyVisit.objects.live().select_related("reported_at").prefetch_related(follow_ups)
        )


class AdvocacyAddView(Secretariat, FormPage):
    form_class = AdvocacyForm
    title = gettext_lazy("Record an advocacy visit")
    success_message = gettext_lazy("The advocacy visit is recorded.")

    def perform(self, form: Any) -> AdvocacyVisit:
        return services.save_record(record=form.instance, by=actor(self.request))

    def get_back_url(self) -> str:
        return reverse("coordination:advocacy_list")


working_group_list = WorkingGroupListView.as_view()
working_group_add = WorkingGroupAddView.as_view()
advocacy_list = AdvocacyListView.as_view()
advocacy_add = AdvocacyAddView.as_view()
