from django.urls import path

from akkopsi.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.InboxView.as_view(), name="inbox"),
    path("<int:pk>/buka/", views.OpenView.as_view(), name="open"),
    path("baca-semua/", views.ReadAllView.as_view(), name="read_all"),
    path("pengaturan/", views.PreferencesView.as_view(), name="preferences"),
]
