"""The indicator catalogue with its national targets, and their edit pages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy

from akkopsi.accounts.permissions import Permission, PermissionRequired, actor, can, require
from akkopsi.core.viewkit import ServiceFormView
from akkopsi.data import services
from akkopsi.data.forms import IndicatorForm, TargetForm
from akkopsi.data.models import Indicator, NationalTarget


def catalogue(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_PUBLIC)
    indicators = Indicator.objects.prefetch_related("targets")
    return render(
        request,
        "data/catalogue.html",
        {"indicators": indicators, "can_edit": can(request.user, Permission.MANAGE_CATALOGUE)},
    )


@method_decorator(login_required, name="dispatch")
class _CatalogueEdit(PermissionRequired, ServiceFormView):
    permission = Permission.MANAGE_CATALOGUE

    def perform(self, form: Any) -> Indicator | NationalTarget:
        return services.save_catalogue_entry(form.save(commit=False), by=actor(self.request))

    def get_back_url(self) -> str:
        return reverse("data:catalogue")


class IndicatorEditView(_CatalogueEdit):
    """Add an indicator (no ``pk``) or edit one."""

    form_class = IndicatorForm
    title = gettext_lazy("Indicator")
    success_message = gettext_lazy("The indicator was saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        pk = self.kwargs.get("pk")
        return {"instance": get_object_or_404(Indicator, pk=pk) if pk else Indicator()}


class TargetEditView(_CatalogueEdit):
    """Add a national target."""

    form_class = TargetForm
    title = gettext_lazy("National target")
    success_message = gettext_lazy("The target was saved.")
