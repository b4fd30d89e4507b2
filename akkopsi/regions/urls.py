from django.urls import path

from akkopsi.regions import views

app_name = "regions"

# The province pages, which show the members in each province, are the portal's
# (portal:province_list, portal:province_detail), under the same /wilayah/ prefix.
urlpatterns = [
    path("kabkota/<str:code>/penduduk/", views.population_edit, name="population_edit"),
]
