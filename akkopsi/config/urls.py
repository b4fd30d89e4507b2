from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from akkopsi.core.views import media

urlpatterns = [
    path("", include("akkopsi.core.urls")),
    path("", include("akkopsi.portal.urls")),
    path("akun/kotak-masuk/", include("akkopsi.notifications.urls")),
    path("akun/", include("akkopsi.accounts.urls")),
    path("tugas/", include("akkopsi.jobs.urls")),
    path("beranda/", include("akkopsi.workspace.urls")),
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
    # Uploaded files, each after its permission check, in every mode (DEBUG too): never a
    # folder served as it is.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media, name="media"),
]

handler403 = "akkopsi.core.errors.forbidden"
handler404 = "akkopsi.core.errors.not_found"
handler500 = "akkopsi.core.errors.server_error"
