from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from akkopsi.bulletin.models import Article, Delivery, Edition, Subscriber


@admin.register(Edition)
class EditionAdmin(SimpleHistoryAdmin):
    list_display = ["number", "issued_on", "theme", "status"]
    readonly_fields = ["status", "published_at", "published_by"]


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "edition", "author"]
    list_select_related = ["edition"]


@admin.register(Subscriber)
class SubscriberAdmin(SimpleHistoryAdmin):
    list_display = ["email", "confirmed_at", "unsubscribed_at"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["edition", "subscriber", "status", "sent_at"]
    list_select_related = ["edition", "subscriber"]
