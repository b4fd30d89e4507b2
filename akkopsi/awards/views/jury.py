"""The jury: the jury page, who sits on which jury, scoring a nomination, closing."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from akkopsi.accounts.models import Role, User
from akkopsi.accounts.permissions import Permission
from akkopsi.awards import access, pages, services
from akkopsi.awards.forms import JuryForm, ScoreForm
from akkopsi.awards.models import Criterion, JuryMembership, Nomination
from akkopsi.awards.views.common import AwardFormView


@login_required
def jury(request: HttpRequest, year: int) -> HttpResponse:
    edition = access.edition_or_404(year)
    if not access.may_see_jury(request.user):
        raise PermissionDenied
    return render(request, "awards/jury.html", pages.jury_context(request.user, edition))


class JurySetupView(AwardFormView):
    """Who sits on the jury of each category of the edition."""

    permission = Permission.MANAGE_AWARDS
    form_class = JuryForm
    template_name = "awards/jury_setup.html"
    success_message = gettext_lazy("Juries saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        edition = self.edition
        categories = list(edition.open_categories.all()) or list(
            edition.methodology.categories.all()
        )
        jurors = User.objects.filter(role=Role.JURY, is_active=True).order_by("username")
        seats = JuryMembership.objects.filter(edition=edition).values_list(
            "juror_id", "category_id"
        )
        return {"categories": categories, "jurors": jurors, "seats": list(seats)}

    def perform(self, form: JuryForm) -> None:
        services.set_juries(self.edition, form.juries(), by=self.actor)

    def get_back_url(self) -> str:
        return reverse("awards:jury", kwargs={"year": self.edition.year})

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return context | {"edition": self.edition}


class JuryScoreView(AwardFormView):
    """A juror scores a nomination on the jury criteria of the juries they sit on."""

    permission = Permission.SCORE
    form_class = ScoreForm
    template_name = "awards/jury_score.html"
    success_message = gettext_lazy("Scores saved.")

    def check_permission(self, request: HttpRequest) -> None:
        self.edition  # noqa: B018 (an unknown edition is a 404 before the 403)
        super().check_permission(request)
        self.nomination  # noqa: B018 (a conflict of interest is a 403 with its reason)
        if not self.criteria:
            raise PermissionDenied(access.no_seat_reason())

    @cached_property
    def nomination(self) -> Nomination:
        return access.scorable_nomination(self.actor, self.edition, self.kwargs["pk"])

    @cached_property
    def criteria(self) -> list[Criterion]:
        return services.jury_criteria(self.edition, self.actor)

    def get_form_kwargs(self) -> dict[str, Any]:
        mine = access.visible_scores(self.actor, self.edition).filter(
            nomination=self.nomination, juror=self.actor
        )
        return {"criteria": self.criteria, "initial_scores": {s.criterion_id: s for s in mine}}

    def perform(self, form: ScoreForm) -> None:
        services.score_many(self.nomination, form.scores(), by=self.actor)

    def get_back_url(self) -> str:
        return reverse("awards:jury", kwargs={"year": self.edition.year})

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return context | {"edition": self.edition, "nomination": self.nomination}


jury_setup = login_required(JurySetupView.as_view())
jury_score = login_required(JuryScoreView.as_view())
