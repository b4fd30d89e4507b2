from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from akkopsi.accounts.permissions import Permission, can, require
from akkopsi.coordination.models import BoardPosition, BoardRole
from akkopsi.core.dates import today
from akkopsi.members.growth import membership_counts
from akkopsi.portal.figures import portal_context
from akkopsi.portal.provinces import provinces_with_members, regencies_with_members
from akkopsi.regions.models import Province, Regency


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
        **portal_context(day, request.GET.get("peta")),
    }
    return render(request, "portal/home.html", context)


def province_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_PUBLIC)
    day = today()
    context = {"provinces": provinces_with_members(day), "day": day}
    return render(request, "portal/province_list.html", context)


def province_detail(request: HttpRequest, code: str) -> HttpResponse:
    require(request.user, Permission.VIEW_PUBLIC)
    province = get_object_or_404(Province, code=code)
    day = today()
    context = {
        "province": province,
        "regencies": regencies_with_members(province, day),
        "day": day,
        "can_edit": can(request.user, Permission.MANAGE_REGIONS),
    }
    return render(request, "portal/province_detail.html", context)
