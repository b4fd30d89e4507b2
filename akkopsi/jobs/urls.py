from django.urls import path

from akkopsi.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.JobListView.as_view(), name="list"),
    path("perintah/", views.CommandView.as_view(), name="command"),
    path("<int:pk>/", views.JobView.as_view(), name="job"),
    path("<int:pk>/batal/", views.CancelView.as_view(), name="cancel"),
    path("<int:pk>/berkas/", views.FileView.as_view(), name="file"),
]
