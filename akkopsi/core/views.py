from __future__ import annotations

from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from akkopsi.accounts.permissions import Permission, require
from akkopsi.bulletin.portal import portal_context
from akkopsi.coordination.models import BoardPosition, BoardRole
from akkopsi.core import files
from akkopsi.core.dates import today
from akkopsi.members.growth import membership_counts
from akkopsi.regions.models import Regency


def home(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_PUBLIC)
    day = today()
    count, count_year_ago = membership_counts([day, day.replace(year=day.year - 1)])
    chair = (
        BoardPosition.objects.on(day)
        .filter(role=BoardRole.KETUA_UMUM)
        .select_related("member__regency")
        .first()
    )
    context = {
        "day": day,
        "member_count": count,
        "member_growth": count - count_year_ago,
        "regency_count": Regency.objects.count(),
        "chair": chair,
        **portal_context(day),
    }
    return render(request, "core/home.html", context)


def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def media(request: HttpRequest, path: str) -> HttpResponse:
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
