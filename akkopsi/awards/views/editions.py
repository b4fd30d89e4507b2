"""Editions: the award's home, an edition's page, its form, the results and scorecards."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from akkopsi.accounts.permissions import Permission, can, require
from akkopsi.awards import access, compute, pages, services
from akkopsi.awards.engine_messages import located_text
from akkopsi.awards.forms import EditionForm
from akkopsi.awards.models import Edition, MethodologyVersion
from akkopsi.awards.views.common import AwardFormView, actor, error_messages
from akkopsi.core.pdf import pdf_response, render_pdf
from akkopsi.engines.errors import EngineError


def index(request: HttpRequest) -> HttpResponse:
    editions = list(Edition.objects.select_related("methodology"))
    manager = can(request.user, Permission.MANAGE_AWARDS)
    versions = list(MethodologyVersion.objects.all())
    return render(
        request,
        "awards/index.html",
        {"editions": editions, "versions": versions, "manager": manager},
    )


def edition_detail(request: HttpRequest, year: int) -> HttpResponse:
    edition = access.edition_or_404(year)
    ctx = pages.edition_context(request.user, edition, request.GET.get("hasil"))
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


@login_required
@require_POST
def recheck_eligibility(request: HttpRequest, year: int) -> HttpResponse:
    require(request.user, Permission.MANAGE_AWARDS)
    n = services.check_eligibility_all(access.edition_or_404(year))
    messages.success(request, _("Eligibility checked again for %(n)s nominations.") % {"n": n})
    return redirect("awards:edition", year=year)


def comparison(request: HttpRequest, year: int) -> HttpResponse:
    edition = access.edition_or_404(year)
    if not access.can_see_results(request.user, edition):
        raise Http404
    ctx = pages.comparison_context(edition, request.GET.get("b"))
    return render(request, "awards/comparison.html", ctx)


@login_required
@require_POST
def compute_results(request: HttpRequest, year: int) -> HttpResponse:
    require(request.user, Permission.MANAGE_AWARDS)
    edition = access.edition_or_404(year)
    try:
        compute.run(edition, by=actor(request), reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        error_messages(request, exc)
    except EngineError as exc:  # the engine's errors name the row and column
        messages.error(request, located_text(exc))
    else:
        messages.success(request, _("Results computed."))
    return redirect("awards:edition", year=year)


@login_required
@require_POST
def publish(request: HttpRequest, year: int) -> HttpResponse:
    try:
        services.publish(access.edition_or_404(year), by=actor(request))
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(request, _("Results published."))
    return redirect("awards:edition", year=year)


def scorecard_context(request: HttpRequest, year: int, code: str) -> dict[str, Any]:
    edition = access.edition_or_404(year)
    member = access.scorecard_member(request.user, edition, code)
    return pages.scorecard_context(edition, member)


def scorecard(request: HttpRequest, year: int, code: str) -> HttpResponse:
    return render(request, "awards/scorecard.html", scorecard_context(request, year, code))


def scorecard_pdf(request: HttpRequest, year: int, code: str) -> HttpResponse:
    pdf = render_pdf("awards/scorecard_pdf.html", scorecard_context(request, year, code))
    return pdf_response(pdf, f"sanipura-{year}-{code}")
