from django.urls import path

from akkopsi.core.pagecache import cached_page
from akkopsi.data import views

app_name = "data"

urlpatterns = [
    path("", cached_page()(views.national), name="national"),
    path("provinsi/<str:code>/", cached_page()(views.province), name="province"),
    path("anggota/<str:code>/", cached_page(member="code")(views.member), name="member_data"),
    path("anggota/<str:code>/riwayat/", views.value_history, name="value_history"),
    # GET from the cache per user (a POST always runs the view: it checks and writes)
    path(
        "anggota/<str:code>/<int:year>/isi/",
        cached_page(member="code")(views.entry),
        name="entry",
    ),
    path("anggota/<str:code>/<int:year>/verify/", views.review_submission, name="review"),
    path("verifikasi/", views.review_queue, name="review_queue"),
    path(
        "anggota/<str:code>/<int:year>/minta-dibuka/",
        views.ReopenRequestView.as_view(),
        name="reopen_request",
    ),
    path(
        "anggota/<str:code>/<int:year>/<str:action>/",
        views.submission_action,
        name="submission_action",
    ),
    path("unggah/", views.upload, name="upload"),
    path("unggah/konfirmasi/", views.upload_confirm, name="upload_confirm"),
    path("unggahan/", views.BatchListView.as_view(), name="batch_list"),
    path("unggahan/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("templat/", views.template_download, name="template"),
    path("siklus/", views.CycleView.as_view(), name="cycle"),
    path(
        "siklus/<int:year>/",
        cached_page(profiles=False)(views.CycleYearView.as_view()),
        name="cycle_year",
    ),
    path("siklus/<int:year>/tutup/", views.CycleCloseView.as_view(), name="cycle_close"),
    path("siklus/<int:year>/tenggat/", views.DeadlineView.as_view(), name="deadline"),
    path("siklus/<int:year>/ingatkan/", views.RemindView.as_view(), name="remind"),
    path("siklus/permintaan/<int:pk>/buka/", views.GrantReopenView.as_view(), name="grant_reopen"),
    path(
        "siklus/permintaan/<int:pk>/tolak/", views.RefuseReopenView.as_view(), name="refuse_reopen"
    ),
    path("katalog/", views.catalogue, name="catalogue"),
    path("katalog/indikator/tambah/", views.IndicatorEditView.as_view(), name="indicator_add"),
    path("katalog/indikator/<int:pk>/", views.IndicatorEditView.as_view(), name="indicator_edit"),
    path("katalog/target/tambah/", views.TargetEditView.as_view(), name="target_add"),
]
