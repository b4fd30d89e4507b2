"""Editions: the award's home, an edition's page, its form, the results and scorecards."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy

from akkopsi.accounts.permissions import Permission, can
from akkopsi.awards import access, pages, services
from akkopsi.awards.forms import EditionForm
from akkopsi.awards.models import Edition, MethodologyVersion
from akkopsi.awards.views.common import AwardFormView
from akkopsi.core.pdf import pdf_response, render_pdf


def index(request: HttpRequest) -> HttpResponse:
    editions = list(Edition.objects.select_related("methodology"))
    manager = can(request.user, Permission.MANAGE_AWARDS)
    versions = list(MethodologyVersion.objects.all())
    return render(
        request,
        "awards/index.html",
        {"editions": editions, "versions": versions, "manager": manager},
    )


RANKING_PER_PAGE = 100


def edition_detail(request: HttpRequest, year: int) -> HttpResponse:
    edition = access.edition_or_404(year)
    shown = request.GET.get("hasil")
    ctx = pages.edition_context(request.user, edition, shown)
    # the ranking of every nominee (460 nationally) a page at a time, with the kit's pager
    ctx["page"] = Paginator(ctx.get("units", []), RANKING_PER_PAGE).get_page(
        request.GET.get("page")
    )
    ctx["query"] = urlencode({"hasil": shown}) if shown else ""
    return render(request, "awards/edition.html", ctx)


class EditionEditView(AwardFormView):
    """Create (no year) or change an edition: timeline, methodology, categories open."""

    permission = Permission.MANAGE_AWARDS
    form_class = EditionForm
    template_name = "awards/edition_form.html"
    success_message = gettext_lazy("Edition saved.")

    @cached_property
    def edition(self) -> Edition:
        year = self.kwargs.get("year")
        return access.edition_or_404(year) if year is not None else Edition()

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"instance": self.edition}

    def perform(self, form: EditionForm) -> Edition:
        return services.save_edition(form, by=self.actor)

    def get_back_url(self) -> str:
        return reverse("awards:index")

    def get_success_url(self, result: Edition) -> str:
        return reverse("awards:edition", kwargs={"year": result.year})

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return context | {"edition": self.edition}


edition_form = login_required(EditionEditView.as_view())


def comparison(request: HttpRequest, year: int) -> HttpResponse:
    edition = access.edition_or_404(year)
    if not access.can_see_results(request.user, edition):
        raise Http404
    ctx = pages.comparison_context(edition, request.GET.get("b"))
    return render(request, "awards/comparison.html", ctx)


def scorecard_context(request: HttpRequest, year: int, code: str) -> dict[str, Any]:
    edition = access.edition_or_404(year)
    member = access.scorecard_member(request.user, edition, code)
    return pages.scorecard_context(edition, member)


def scorecard(request: HttpRequest, year: int, code: str) -> HttpResponse:
    return render(request, "awards/scorecard.html", scorecard_context(request, year, code))


def scorecard_pdf(request: HttpRequest, year: int, code: str) -> HttpResponse:
    pdf = render_pdf("awards/scorecard_pdf.html", scorecard_context(request, year, code))
    return pdf_response(pdf, f"sanipura-{year}-{code}")
