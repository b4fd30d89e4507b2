from django.contrib import admin

from akkopsi.planning.models import Plan, Scenario, SolveResult


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["name", "member", "base_year", "horizon", "households"]
    list_filter = ["base_year"]
    search_fields = ["name", "member__regency__name"]
    raw_id_fields = ["member", "created_by"]


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ["name", "plan"]
    raw_id_fields = ["plan"]


@admin.register(SolveResult)
class SolveResultAdmin(admin.ModelAdmin):
    """Results are the record of a solve: read only."""

    list_display = ["scenario", "created_at", "engine_version", "planned_total", "gap_total"]
    readonly_fields = [f.name for f in SolveResult._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
