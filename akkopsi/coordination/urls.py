from django.urls import path

from akkopsi.coordination import views
from akkopsi.core.pagecache import cached_page

app_name = "coordination"

urlpatterns = [
    path("pengurus/", cached_page()(views.board), name="board"),
    path("rapat/", views.meeting_list, name="meeting_list"),
    path("rapat/baru/", views.meeting_create, name="meeting_create"),
    path("rapat/kalender.ics", views.meeting_feed, name="meeting_feed"),
    path("rapat/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("rapat/<int:pk>/ubah/", views.meeting_edit, name="meeting_edit"),
    path("rapat/<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("rapat/<int:pk>/tindak-lanjut/", views.action_add, name="action_add"),
    path("rapat/<int:pk>/rapat.ics", views.meeting_ics, name="meeting_ics"),
    path("agenda/<int:pk>/ubah/", views.agenda_edit, name="agenda_edit"),
    path("agenda/<int:pk>/batal/", views.agenda_void, name="agenda_void"),
    path("tindak-lanjut/", views.action_list, name="action_list"),
    path("tindak-lanjut/<int:pk>/ubah/", views.action_edit, name="action_edit"),
    path("tindak-lanjut/<int:pk>/batal/", views.action_void, name="action_void"),
    path("tindak-lanjut/<int:pk>/status/", views.action_status, name="action_status"),
    path("css/", cached_page()(views.summit_list), name="summit_list"),
    path("css/baru/", views.summit_edit, name="summit_add"),
    path("css/<int:number>/ubah/", views.summit_edit, name="summit_edit"),
    path("css/<int:number>/batal/", views.summit_void, name="summit_void"),
    path("css/<int:number>/", views.summit_detail, name="summit_detail"),
    path(
        "css/<int:number>/delegasi/<str:code>/",
        views.delegate_register,
        name="delegate_register",
    ),
    path("delegasi/<int:pk>/status/", views.delegate_status, name="delegate_status"),
    path("program-kerja/", views.programme, name="programme"),
    path("program-kerja/laporan.pdf", views.programme_pdf, name="programme_pdf"),
    path("program-kerja/bidang/baru/", views.division_edit, name="division_add"),
    path("program-kerja/bidang/<int:pk>/ubah/", views.division_edit, name="division_edit"),
    path("program-kerja/bidang/<int:pk>/batal/", views.division_void, name="division_void"),
    path("program-kerja/kegiatan/baru/", views.activity_edit, name="activity_add"),
    path("program-kerja/kegiatan/<int:pk>/ubah/", views.activity_edit, name="activity_edit"),
    path("program-kerja/kegiatan/<int:pk>/batal/", views.activity_void, name="activity_void"),
    path("pokja/", views.working_group_list, name="working_group_list"),
    path("pokja/baru/", views.working_group_add, name="working_group_add"),
    path("advokasi/", views.advocacy_list, name="advocacy_list"),
    path("advokasi/baru/", views.advocacy_add, name="advocacy_add"),
]
