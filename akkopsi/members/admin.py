from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from akkopsi.members.models import Contact, HeadOfRegion, Member, MembershipPeriod


class VoidOnlyAdmin(SimpleHistoryAdmin):
    """Business records are voided with a reason in the application, never deleted here."""

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Member)
class MemberAdmin(VoidOnlyAdmin):
    list_display = ["regency", "membership_number"]
    search_fields = ["regency__name", "regency__code", "membership_number"]
    list_select_related = ["regency"]
    autocomplete_fields = ["regency"]


@admin.register(MembershipPeriod)
class MembershipPeriodAdmin(VoidOnlyAdmin):
    list_display = ["member", "joined_on", "left_on", "voided_at"]
    list_select_related = ["member__regency"]
    readonly_fields = ["voided_at", "voided_by", "void_reason"]


@admin.register(HeadOfRegion)
class HeadOfRegionAdmin(VoidOnlyAdmin):
    list_display = ["member", "title", "name", "term_start", "term_end"]
    list_select_related = ["member__regency"]


@admin.register(Contact)
class ContactAdmin(VoidOnlyAdmin):
    list_display = ["member", "name", "institution", "email", "voided_at"]
    list_select_related = ["member__regency"]
