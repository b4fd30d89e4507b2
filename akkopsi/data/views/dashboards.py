"""The dashboards' pages: national, province and member (figures: ``data.dashboards``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from akkopsi.accounts.permissions import Permission, require
from akkopsi.data import dashboards
from akkopsi.members.access import member_for_user
from akkopsi.regions.models import Province


def national(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_PUBLIC)
    return dashboards.cached_page(
        request,
        "national",
        "data/dashboard_national.html",
        lambda: dashboards.national_context(request),
    )


def province(request: HttpRequest, code: str) -> HttpResponse:
    require(request.user, Permission.VIEW_PUBLIC)
    prov = get_object_or_404(Province, code=code)
    return dashboards.cached_page(
        request,
        f"province-{code}",
        "data/dashboard_province.html",
        lambda: dashboards.province_context(request, prov),
    )


def member(request: HttpRequest, code: str) -> HttpResponse:
    m = member_for_user(request.user, code)
    context = dashboards.member_context(request, m)
    if isinstance(context, HttpResponse):
        return context
    return render(request, "data/dashboard_member.html", context)
