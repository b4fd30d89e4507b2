"""Methodology versions: the page and its PDF, a new version, the draft editors."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from akkopsi.accounts.permissions import Permission, can, require
from akkopsi.awards import compute, services
from akkopsi.awards.forms import CriteriaFormSet, VersionAndCategoriesForm
from akkopsi.awards.models import Category, MethodologyVersion
from akkopsi.awards.pages import methodology_context
from akkopsi.awards.views.common import AwardFormView, actor
from akkopsi.core.pdf import pdf_response, render_pdf


def methodology_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(MethodologyVersion, pk=pk)
    ctx = methodology_context(version)
    ctx["manager"] = can(request.user, Permission.MANAGE_AWARDS)
    return render(request, "awards/methodology.html", ctx)


def methodology_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(MethodologyVersion, pk=pk)
    pdf = render_pdf("awards/methodology_pdf.html", methodology_context(version))
    return pdf_response(pdf, f"metodologi-sanipura-v{version.version}")


@login_required
@require_POST
def methodology_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Permission.MANAGE_AWARDS)
    version = get_object_or_404(MethodologyVersion, pk=pk)
    copy = services.new_version(version, by=actor(request))
    messages.success(request, _("New version %(v)s created as a draft.") % {"v": copy})
    return redirect("awards:methodology_edit", pk=copy.pk)


class DraftView(AwardFormView):
    """An editor of a draft methodology version (a locked one sends back to its page)."""

    permission = Permission.MANAGE_AWARDS

    @cached_property
    def version(self) -> MethodologyVersion:
        return get_object_or_404(MethodologyVersion, pk=self.kwargs["pk"])

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.refuse_locked() or super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.refuse_locked() or super().post(request, *args, **kwargs)

    def refuse_locked(self) -> HttpResponse | None:
        if not self.version.is_locked:
            return None
        messages.error(
            self.request, _("This methodology version is used by an edition; make a new version.")
        )
        return redirect("awards:methodology", pk=self.version.pk)


class MethodologyEditView(DraftView):
    """A draft version's settings and its categories (a formset)."""

    form_class = VersionAndCategoriesForm
    template_name = "awards/methodology_form.html"
    success_message = gettext_lazy("Methodology saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"instance": self.version}

    def perform(self, form: VersionAndCategoriesForm) -> MethodologyVersion:
        return services.save_methodology(form, form.categories, by=self.actor)

    def get_back_url(self) -> str:
        return reverse("awards:methodology_edit", kwargs={"pk": self.version.pk})

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        form = context["form"]
        return context | {
            "version": self.version,
            "formset": form.categories,
            "ahp_order": compute.ahp_order(self.version),
            "categories": list(self.version.categories.all()),
        }


class CategoryEditView(DraftView):
    """The criteria of one category of a draft version (a formset)."""

    form_class = CriteriaFormSet
    template_name = "awards/category_form.html"
    success_message = gettext_lazy("Criteria saved.")

    @cached_property
    def category(self) -> Category:
        return get_object_or_404(Category, pk=self.kwargs["category"], methodology=self.version)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"instance": self.category, "prefix": "crit"}

    def perform(self, form: CriteriaFormSet) -> None:
        services.save_criteria(self.category, form, by=self.actor)

    def get_back_url(self) -> str:
        kwargs = {"pk": self.version.pk, "category": self.category.pk}
        return reverse("awards:category_edit", kwargs=kwargs)

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return context | {
            "version": self.version,
            "category": self.category,
            "formset": context["form"],
            "ahp_order": compute.ahp_order(self.version, self.category),
        }


methodology_edit = login_required(MethodologyEditView.as_view())
category_edit = login_required(CategoryEditView.as_view())
