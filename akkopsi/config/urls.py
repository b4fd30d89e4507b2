from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

urlpatterns = [
    path("", include("akkopsi.core.urls")),
    path("akun/", include("akkopsi.accounts.urls")),
    path("anggota/", include("akkopsi.members.urls")),
    path("wilayah/", include("akkopsi.regions.urls")),
    path("organisasi/", include("akkopsi.coordination.urls")),
    path("iuran/", include("akkopsi.dues.urls")),
    path("data/", include("akkopsi.data.urls")),
    path("penghargaan/", include("akkopsi.awards.urls")),
    path("perencanaan/", include("akkopsi.planning.urls")),
    path("rapor/", include("akkopsi.rapor.urls")),
    path("akkopsinergi/", include("akkopsi.bulletin.urls")),
    path("api/", include("akkopsi.config.api_urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns.append(path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}))

handler403 = "akkopsi.core.errors.forbidden"
handler404 = "akkopsi.core.errors.not_found"
handler500 = "akkopsi.core.errors.server_error"
