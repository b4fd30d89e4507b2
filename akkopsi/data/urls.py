from django.urls import path

from akkopsi.data import dashboards, views

app_name = "data"

urlpatterns = [
    path("", dashboards.national, name="national"),
    path("provinsi/<str:code>/", dashboards.province, name="province"),
    path("anggota/<str:code>/", dashboards.member, name="member_data"),
    path("anggota/<str:code>/riwayat/", views.value_history, name="value_history"),
    path("anggota/<str:code>/<int:year>/isi/", views.entry, name="entry"),
    path(
        "anggota/<str:code>/<int:year>/<str:action>/",
        views.submission_action,
        name="submission_action",
    ),
    path("unggah/", views.upload, name="upload"),
    path("unggah/konfirmasi/", views.upload_confirm, name="upload_confirm"),
    path("unggahan/", views.batch_list, name="batch_list"),
    path("unggahan/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("templat/", views.template_download, name="template"),
    path("siklus/", views.cycle, name="cycle"),
    path("siklus/<int:year>/", views.cycle_year, name="cycle_year"),
    path("katalog/", views.catalogue, name="catalogue"),
    path("katalog/indikator/tambah/", views.indicator_edit, name="indicator_add"),
    path("katalog/indikator/<int:pk>/", views.indicator_edit, name="indicator_edit"),
    path("katalog/target/tambah/", views.target_edit, name="target_add"),
]
