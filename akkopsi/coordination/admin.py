from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from akkopsi.coordination.models import BoardPosition


@admin.register(BoardPosition)
class BoardPositionAdmin(SimpleHistoryAdmin):
    list_display = ["role", "portfolio", "holder_name", "holder_office", "start_on", "end_on"]
    list_filter = ["role"]

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


from akkopsi.coordination.models import (  # noqa: E402
    ActionItem,
    AdvocacyVisit,
    AgendaItem,
    Delegate,
    Division,
    Meeting,
    ProgrammeActivity,
    Summit,
    WorkingGroup,
)


class NoDeleteAdmin(SimpleHistoryAdmin):
    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class AgendaInline(admin.StackedInline):
    model = AgendaItem
    extra = 0
    can_delete = False


@admin.register(Meeting)
class MeetingAdmin(NoDeleteAdmin):
    list_display = ["title", "kind", "starts_at", "host", "published"]
    list_filter = ["kind", "published"]
    filter_horizontal = ["invited", "attending"]
    inlines = [AgendaInline]


for model in [ActionItem, AdvocacyVisit, Delegate, Division, ProgrammeActivity, Summit]:
    admin.site.register(model, NoDeleteAdmin)


@admin.register(WorkingGroup)
class WorkingGroupAdmin(NoDeleteAdmin):
    filter_horizontal = ["members"]
