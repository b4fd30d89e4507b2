from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from akkopsi.accounts.models import User


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    list_display = ["username", "full_name", "email", "role", "member", "is_active"]
    list_filter = ["role", "is_active", "is_superuser"]
    search_fields = ["username", "full_name", "email"]
    autocomplete_fields = ["member"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Akkopsi"), {"fields": ["full_name", "role", "member", "position", "language"]}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Akkopsi"), {"fields": ["full_name", "email", "role", "member"]}),
    )
