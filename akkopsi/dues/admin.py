"""Read-only admin for the dues ledger: every change goes through the services (voiding
with a reason and reversing entries), never through an admin form."""

from typing import Any

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from akkopsi.dues.models import (
    CreditApplication,
    DuesSchedule,
    Invoice,
    LedgerEntry,
    Payment,
    PaymentNotice,
    Receipt,
    ReminderLog,
    ScheduleLine,
    Waiver,
    WaiverRequest,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class ScheduleLineInline(admin.TabularInline):
    model = ScheduleLine
    extra = 0
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(DuesSchedule)
class DuesScheduleAdmin(SimpleHistoryAdmin, ReadOnlyAdmin):
    list_display = ["year", "version", "prorate", "due_on", "decision_reference"]
    list_filter = ["year"]
    inlines = [ScheduleLineInline]


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ["number", "member", "kind", "amount", "issued_on", "due_on", "voided_at"]
    list_filter = ["year", "kind"]
    search_fields = ["number", "member__regency__name", "member__regency__code"]
    list_select_related = ["member__regency"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["invoice", "member", "amount", "paid_on", "method", "voided_at"]
    list_filter = ["method"]
    search_fields = ["invoice__number", "bank_reference", "idempotency_key"]
    list_select_related = ["invoice", "member__regency"]


@admin.register(Receipt)
class ReceiptAdmin(ReadOnlyAdmin):
    list_display = ["number", "payment", "issued_on"]
    search_fields = ["number"]
    list_select_related = ["payment__invoice"]


@admin.register(Waiver)
class WaiverAdmin(ReadOnlyAdmin):
    list_display = ["invoice", "amount", "decision_reference", "decided_on", "voided_at"]
    list_select_related = ["invoice"]


@admin.register(CreditApplication)
class CreditApplicationAdmin(ReadOnlyAdmin):
    list_display = ["invoice", "amount", "applied_on", "voided_at"]
    list_select_related = ["invoice"]


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ["entry_date", "member", "invoice", "kind", "amount", "reverses"]
    list_filter = ["kind"]
    list_select_related = ["member__regency", "invoice", "reverses"]


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyAdmin):
    list_display = ["sent_on", "invoice", "recipients", "status"]
    list_filter = ["status"]
    list_select_related = ["invoice"]


@admin.register(PaymentNotice)
class PaymentNoticeAdmin(SimpleHistoryAdmin, ReadOnlyAdmin):
    list_display = ["invoice", "member", "amount", "paid_on", "status", "created_at"]
    list_filter = ["status"]


@admin.register(WaiverRequest)
class WaiverRequestAdmin(SimpleHistoryAdmin, ReadOnlyAdmin):
    list_display = ["invoice", "member", "amount", "status", "created_at"]
    list_filter = ["status"]
