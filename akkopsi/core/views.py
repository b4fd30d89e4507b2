from __future__ import annotations

from django.contrib.staticfiles import finders
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from akkopsi.core import files


def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request: HttpRequest) -> FileResponse:
    """/favicon.ico, which browsers and feed readers ask for without reading the page's
    <link rel="icon">: the alliance's drop (static akkopsi/favicon.ico), public."""
    path = finders.find("akkopsi/favicon.ico")
    if not path:
        raise Http404
    return FileResponse(open(path, "rb"), content_type="image/x-icon")


def media(request: HttpRequest, path: str) -> FileResponse:
    """An uploaded file by its MEDIA_URL, to those its row lets have it; in every mode.

    Not found and not allowed answer alike (404), so private names cannot be probed.
    """
    owner = files.owner_of(path)
    if owner is None or not files.visible(owner[0], request.user):
        raise Http404
    row, field = owner
    return files.file_response(
        getattr(row, field), inline_type=getattr(row, "file_inline_type", None)
    )
