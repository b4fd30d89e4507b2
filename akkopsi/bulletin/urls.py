from django.urls import path

from akkopsi.bulletin import views
from akkopsi.bulletin.feeds import EditionFeed

app_name = "bulletin"

urlpatterns = [
    path("", views.edition_list, name="edition_list"),
    path("baru/", views.edition_create, name="edition_create"),
    path("feed.atom", EditionFeed(), name="feed"),
    path("langganan/", views.subscribe, name="subscribe"),
    path("langganan/konfirmasi/<str:token>/", views.confirm, name="confirm"),
    path("langganan/berhenti/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("gambar/<int:pk>/", views.image, name="image"),
    path("<int:number>/", views.edition_detail, name="edition"),
    path("<int:number>/ubah/", views.edition_edit, name="edition_edit"),
    path("<int:number>/pdf/", views.edition_pdf, name="edition_pdf"),
    path("<int:number>/status/", views.edition_status, name="edition_status"),
    path("<int:number>/kirim/", views.edition_send, name="edition_send"),
    path("<int:number>/gambar/", views.image_upload, name="image_upload"),
    path("<int:number>/data/baru/", views.section_add, name="section_add"),
    path("<int:number>/data/<int:pk>/hapus/", views.section_void, name="section_void"),
    path("<int:number>/artikel/baru/", views.article_create, name="article_create"),
    path("<int:number>/artikel/<int:pk>/", views.article_detail, name="article"),
    path("<int:number>/artikel/<int:pk>/ubah/", views.article_edit, name="article_edit"),
    path("<int:number>/artikel/<int:pk>/hapus/", views.article_void, name="article_void"),
]
