from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from akkopsi.accounts.permissions import Permission, require
from akkopsi.core.history import save_with_history
from akkopsi.regions.forms import PopulationForm
from akkopsi.regions.models import Population, Regency


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
        save_with_history(form.save(commit=False), by=request.user)
        messages.success(request, _("Population saved."))
        # the province page (with its members) is the portal's
        return redirect("portal:province_detail", code=regency.province_id)
    context = {"form": form, "regency": regency, "series": regency.populations.all()}
    return render(request, "regions/population_form.html", context)
