from django.urls import path

from akkopsi.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.JobListView.as_view(), name="list"),
    path("<int:pk>/", views.JobView.as_view(), name="job"),
    path("<int:pk>/batal/", views.CancelView.as_view(), name="cancel"),
]
