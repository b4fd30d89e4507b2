from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from akkopsi.data.models import (
    ApbdTotal,
    BudgetLine,
    ImportBatch,
    Indicator,
    IndicatorValue,
    NationalTarget,
    ReportingYear,
    Submission,
)


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_id", "unit", "subsector", "kind", "direction", "active"]
    list_filter = ["subsector", "active"]


@admin.register(NationalTarget)
class NationalTargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "year", "value", "source"]


@admin.register(ReportingYear)
class ReportingYearAdmin(SimpleHistoryAdmin):
    list_display = ["year", "opens_on", "deadline", "is_open"]


@admin.register(Submission)
class SubmissionAdmin(SimpleHistoryAdmin):
    list_display = ["member", "year", "status"]
    list_filter = ["status", "year"]
    list_select_related = ["member__regency"]


class ReadOnlyValues(SimpleHistoryAdmin):
    """Values change through the importer or the entry form, which check them."""

    list_select_related = ["member__regency"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyValues):
    list_display = ["member", "indicator", "year", "value"]
    list_filter = ["indicator", "year"]


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnlyValues):
    list_display = ["member", "year", "subsector", "source", "stage", "amount"]


@admin.register(ApbdTotal)
class ApbdTotalAdmin(ReadOnlyValues):
    list_display = ["member", "year", "stage", "amount"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["file_name", "uploaded_by", "created_at", "created", "changed", "unchanged"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
