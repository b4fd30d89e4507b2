from django.contrib import admin

from akkopsi.awards.models import (
    Category,
    Criterion,
    Edition,
    JurorProfile,
    JuryMembership,
    JuryScore,
    MethodologyVersion,
    Nomination,
)


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0


class CriterionInline(admin.StackedInline):
    model = Criterion
    extra = 0


@admin.register(MethodologyVersion)
class MethodologyVersionAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "index_aggregation", "created_at"]
    inlines = [CategoryInline]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "methodology", "weight", "aggregation"]
    list_filter = ["methodology"]
    inlines = [CriterionInline]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["year", "data_year", "methodology", "jury_closed", "published"]
    filter_horizontal = ["open_categories"]
    # published only through services.publish, which refuses an analysis that fails its checks
    readonly_fields = ["published"]


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["edition", "member", "eligible"]
    list_filter = ["edition", "eligible"]


@admin.register(JurorProfile)
class JurorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "province"]


@admin.register(JuryScore)
class JuryScoreAdmin(admin.ModelAdmin):
    list_display = ["nomination", "criterion", "juror", "score"]
    list_filter = ["nomination__edition"]


@admin.register(JuryMembership)
class JuryMembershipAdmin(admin.ModelAdmin):
    list_display = ["edition", "category", "juror"]
    list_filter = ["edition"]
