from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from akkopsi.coordination.models import BoardPosition


@admin.register(BoardPosition)
class BoardPositionAdmin(SimpleHistoryAdmin):
    list_display = ["role", "portfolio", "holder_name", "holder_office", "start_on", "end_on"]
    list_filter = ["role"]

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
