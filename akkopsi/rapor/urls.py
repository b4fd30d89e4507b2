from django.urls import path

from akkopsi.core.pagecache import cached_page
from akkopsi.rapor import views

app_name = "rapor"

urlpatterns = [
    path("", views.home, name="home"),
    path("liga/", cached_page()(views.LeagueView.as_view()), name="league"),
    path("liga/cetak-semua/", views.all_pdfs, name="all_pdfs"),
    path("<str:code>/", cached_page(member="code")(views.report), name="report"),
    path("<str:code>/pdf/", views.report_pdf, name="report_pdf"),
]
