from django.urls import path

from akkopsi.bulletin.feeds import EditionFeed
from akkopsi.bulletin.views import editing, reading

app_name = "bulletin"

urlpatterns = [
    path("", reading.edition_list, name="edition_list"),
    path("baru/", editing.edition_create, name="edition_create"),
    path("feed.atom", EditionFeed(), name="feed"),
    path("langganan/", reading.subscribe, name="subscribe"),
    path("langganan/konfirmasi/<str:token>/", reading.confirm, name="confirm"),
    path("langganan/berhenti/<str:token>/", reading.unsubscribe, name="unsubscribe"),
    path("gambar/<int:pk>/", reading.image, name="image"),
    path("<int:number>/", reading.edition_detail, name="edition"),
    path("<int:number>/ubah/", editing.edition_edit, name="edition_edit"),
    path("<int:number>/pdf/", reading.edition_pdf, name="edition_pdf"),
    path("<int:number>/status/", editing.edition_status, name="edition_status"),
    path("<int:number>/terbitkan/", editing.edition_publish, name="edition_publish"),
    path("<int:number>/kirim/", editing.edition_send, name="edition_send"),
    path("<int:number>/gambar/", editing.image_upload, name="image_upload"),
    path("<int:number>/data/baru/", editing.section_add, name="section_add"),
    path("<int:number>/data/<int:pk>/hapus/", editing.section_void, name="section_void"),
    path("<int:number>/artikel/baru/", editing.article_create, name="article_create"),
    path("<int:number>/artikel/<int:pk>/", reading.article_detail, name="article"),
    path("<int:number>/artikel/<int:pk>/ubah/", editing.article_edit, name="article_edit"),
    path("<int:number>/artikel/<int:pk>/hapus/", editing.article_void, name="article_void"),
]
