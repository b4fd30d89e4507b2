from django.urls import path

from akkopsi.core.pagecache import cached_page
from akkopsi.members import views

app_name = "members"

urlpatterns = [
    path("", cached_page()(views.member_list), name="member_list"),
    path("pertumbuhan/", cached_page()(views.growth), name="growth"),
    path("tambah/", views.member_create, name="member_create"),
    path("<str:code>/", cached_page(member="code")(views.member_detail), name="member_detail"),
    path("<str:code>/ubah/", views.member_edit, name="member_edit"),
    path("<str:code>/riwayat/", views.member_history, name="member_history"),
    path("<str:code>/bergabung/", views.membership_join, name="membership_join"),
    path("<str:code>/keluar/", views.membership_leave, name="membership_leave"),
    path("<str:code>/periode/<int:pk>/batal/", views.period_void, name="period_void"),
    path("<str:code>/kepala-daerah/tambah/", views.head_add, name="head_add"),
    path("<str:code>/kontak/tambah/", views.contact_edit, name="contact_add"),
    path("<str:code>/kontak/<int:pk>/ubah/", views.contact_edit, name="contact_edit"),
    path("<str:code>/kontak/<int:pk>/hapus/", views.contact_void, name="contact_void"),
]
