from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from akkopsi.accounts.permissions import Permission, can, require
from akkopsi.core.dates import today
from akkopsi.members.models import MembershipPeriod
from akkopsi.regions.forms import PopulationForm
from akkopsi.regions.models import Population, Province, Regency


def _active_member_exists(day):  # type: ignore[no-untyped-def]
    return Exists(MembershipPeriod.objects.covering(day).filter(member__regency=OuterRef("pk")))


def province_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_PUBLIC)
    day = today()
    active = MembershipPeriod.objects.covering(day).values("member__regency__province")
    provinces = Province.objects.annotate(
        regency_count=Count("regencies", distinct=True),
        member_count=Subquery(
            active.filter(member__regency__province=OuterRef("pk"))
            .annotate(n=Count("member", distinct=True))
            .values("n")[:1]
        ),
    )
    return render(request, "regions/province_list.html", {"provinces": provinces, "day": day})


def province_detail(request: HttpRequest, code: str) -> HttpResponse:
    require(request.user, Permission.VIEW_PUBLIC)
    province = get_object_or_404(Province, code=code)
    day = today()
    latest = Population.objects.filter(regency=OuterRef("pk")).order_by("-year")
    regencies = (
        Regency.objects.filter(province=province)
        .annotate(
            is_member=_active_member_exists(day),
            district_count=Count("districts"),
            population=Subquery(latest.values("population")[:1]),
            population_year=Subquery(latest.values("year")[:1]),
        )
        .order_by("code")
    )
    return render(
        request,
        "regions/province_detail.html",
        {
            "province": province,
            "regencies": regencies,
            "day": day,
            "can_edit": can(request.user, Permission.MANAGE_REGIONS),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def population_edit(request: HttpRequest, code: str) -> HttpResponse:
    require(request.user, Permission.MANAGE_REGIONS)
    regency = get_object_or_404(Regency.objects.select_related("province"), code=code)
    year = request.POST.get("year") or request.GET.get("year")
    instance = (
        Population.objects.filter(regency=regency, year=year).first()
        if year and str(year).isdigit()
        else None
    )
    form = PopulationForm(request.POST or None, instance=instance or Population(regency=regency))
    if request.method == "POST" and form.is_valid():
        record = form.save(commit=False)
        record._history_user = request.user
        record.save()
        messages.success(request, _("Population saved."))
        return redirect("regions:province_detail", code=regency.province_id)
    series = regency.populations.all()
    return render(
        request,
        "regions/population_form.html",
        {"form": form, "regency": regency, "series": series},
    )
