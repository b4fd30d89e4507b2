from django.urls import path

from akkopsi.core.pagecache import cached_page
from akkopsi.portal import views

app_name = "portal"

urlpatterns = [
    path("", cached_page()(views.home), name="home"),
    path("wilayah/", views.province_list, name="province_list"),
    path("wilayah/provinsi/<str:code>/", views.province_detail, name="province_detail"),
]
