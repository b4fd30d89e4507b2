from django.urls import path

from akkopsi.core.pagecache import cached_page
from akkopsi.planning import views

app_name = "planning"

urlpatterns = [
    path("", cached_page(profiles=False)(views.home), name="home"),
    path("hitung-semua/", views.solve_all, name="solve_all"),
    path("anggota/<str:code>/", views.plan_list, name="plan_list"),
    path("anggota/<str:code>/hitung/", views.member_solve, name="member_solve"),
    path("anggota/<str:code>/baru/", views.plan_create, name="plan_create"),
    path("anggota/<str:code>/katalog/", views.catalogue, name="catalogue"),
    path("rencana/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("rencana/<int:pk>/ubah/", views.plan_edit, name="plan_edit"),
    path("rencana/<int:pk>/skenario/baru/", views.scenario_create, name="scenario_create"),
    path("skenario/<int:pk>/", views.scenario_edit, name="scenario_edit"),
    path("skenario/<int:pk>/hitung/", views.scenario_solve, name="scenario_solve"),
    path("hasil/<int:pk>/", views.result_detail, name="result_detail"),
]
