from django.urls import path

from akkopsi.regions import views

app_name = "regions"

urlpatterns = [
    path("", views.province_list, name="province_list"),
    path("provinsi/<str:code>/", views.province_detail, name="province_detail"),
    path("kabkota/<str:code>/penduduk/", views.population_edit, name="population_edit"),
]
