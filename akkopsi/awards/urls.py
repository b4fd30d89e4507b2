from django.urls import path

from akkopsi.awards import views
from akkopsi.core.pagecache import cached_page

app_name = "awards"

urlpatterns = [
    path("", cached_page()(views.index), name="index"),
    path("metodologi/<int:pk>/", views.methodology_detail, name="methodology"),
    path("metodologi/<int:pk>/pdf/", views.methodology_pdf, name="methodology_pdf"),
    path("metodologi/<int:pk>/versi-baru/", views.methodology_new_version, name="new_version"),
    path("metodologi/<int:pk>/ubah/", views.methodology_edit, name="methodology_edit"),
    path(
        "metodologi/<int:pk>/kategori/<int:category>/",
        views.category_edit,
        name="category_edit",
    ),
    path("edisi-baru/", views.edition_form, name="edition_new"),
    path("<int:year>/ubah/", views.edition_form, name="edition_edit"),
    path("<int:year>/susunan-juri/", views.jury_setup, name="jury_setup"),
    path("<int:year>/cek-kelayakan/", views.recheck_eligibility, name="recheck_eligibility"),
    path("<int:year>/", cached_page()(views.edition_detail), name="edition"),
    path("<int:year>/banding/", views.comparison, name="comparison"),
    path("<int:year>/nominasi/", views.nominate, name="nominate"),
    path("<int:year>/nominasi/massal/", views.nominate_bulk, name="nominate_bulk"),
    path(
        "<int:year>/nominasi/massal/konfirmasi/",
        views.nominate_bulk_confirm,
        name="nominate_bulk_confirm",
    ),
    path("<int:year>/nominasi/<int:pk>/kelayakan/", views.eligibility, name="eligibility"),
    path("<int:year>/nominasi/<int:pk>/bukti/", views.evidence, name="evidence"),
    path("<int:year>/juri/", views.jury, name="jury"),
    path("<int:year>/juri/<int:pk>/", views.jury_score, name="jury_score"),
    path("<int:year>/tutup-juri/", views.close_jury, name="close_jury"),
    path("<int:year>/hitung/", views.compute_results, name="compute"),
    path("<int:year>/terbitkan/", views.publish, name="publish"),
    path("<int:year>/anggota/<str:code>/", views.scorecard, name="scorecard"),
    path("<int:year>/anggota/<str:code>/pdf/", views.scorecard_pdf, name="scorecard_pdf"),
]
