from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from akkopsi.regions.models import District, Population, Province, Regency


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Regency)
class RegencyAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "name", "province"]
    list_filter = ["kind", "province"]
    search_fields = ["code", "name"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "regency"]
    search_fields = ["code", "name"]
    list_select_related = ["regency"]


@admin.register(Population)
class PopulationAdmin(SimpleHistoryAdmin):
    list_display = ["regency", "year", "population", "source"]
    list_filter = ["year"]
    autocomplete_fields = ["regency"]
