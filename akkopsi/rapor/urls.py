from django.urls import path

from akkopsi.rapor import views

app_name = "rapor"

urlpatterns = [
    path("", views.home, name="home"),
    path("liga/", views.LeagueView.as_view(), name="league"),
    path("liga/cetak-semua/", views.all_pdfs, name="all_pdfs"),
    path("<str:code>/", views.report, name="report"),
    path("<str:code>/pdf/", views.report_pdf, name="report_pdf"),
]
