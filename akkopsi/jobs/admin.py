from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from akkopsi.jobs.models import Job


@admin.register(Job)
class JobAdmin(SimpleHistoryAdmin):
    list_display = ("id", "kind", "state", "started_by", "created_at", "done", "total")
    list_filter = ("kind", "state")
    readonly_fields = ("items",)
