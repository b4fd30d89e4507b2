"""Nominations: nominate a member, decide eligibility by hand, the evidence file."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from akkopsi.accounts.permissions import ANY_MEMBER, Permission
from akkopsi.awards import access, services
from akkopsi.awards.forms import EligibilityForm, NominationForm
from akkopsi.awards.models import Nomination
from akkopsi.awards.views.common import AwardFormView


class NominateView(AwardFormView):
    """Nominate a member (member staff: their own) and see the nominations made."""

    permission = Permission.NOMINATE
    form_class = NominationForm
    template_name = "awards/nominate.html"

    def permission_member(self, request: HttpRequest) -> Any:
        self.edition  # noqa: B018 (an unknown edition is a 404 before the 403)
        return ANY_MEMBER

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"members": access.nominable_members(self.request.user)}

    def perform(self, form: NominationForm) -> Nomination:
        return services.nominate(
            edition=self.edition,
            member=form.cleaned_data["member"],
            narrative=form.cleaned_data["narrative"],
            evidence=form.cleaned_data.get("evidence"),
            by=self.actor,
        )

    def get_success_message(self, result: Nomination) -> str:
        return _("Nomination saved. %(note)s") % {"note": result.eligibility_note}

    def get_back_url(self) -> str:
        return reverse("awards:edition", kwargs={"year": self.edition.year})

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        mine = access.visible_nominations(self.request.user, self.edition)
        return context | {"edition": self.edition, "nominations": list(mine)}


class EligibilityView(AwardFormView):
    """The secretariat decides a nomination's eligibility by hand, with a reason."""

    permission = Permission.MANAGE_AWARDS
    form_class = EligibilityForm
    template_name = "awards/eligibility.html"

    @cached_property
    def nomination(self) -> Nomination:
        return access.nomination_or_404(self.kwargs["year"], self.kwargs["pk"])

    def perform(self, form: EligibilityForm) -> Nomination:
        data = form.cleaned_data
        return services.set_eligibility(
            self.nomination, eligible=data["eligible"], note=data["note"], by=self.actor
        )

    def get_success_message(self, result: Nomination) -> str:
        return ""

    def get_back_url(self) -> str:
        return reverse("awards:edition", kwargs={"year": self.kwargs["year"]})

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        nomination = self.nomination
        return context | {"edition": nomination.edition, "nomination": nomination}


nominate = login_required(NominateView.as_view())
eligibility = login_required(EligibilityView.as_view())


@login_required
def evidence(request: HttpRequest, year: int, pk: int) -> FileResponse:
    """The evidence file of a nomination, for those who may see the nomination."""
    nomination = access.nomination_or_404(year, pk)
    if not access.can_see_nomination(request.user, nomination):
        raise PermissionDenied
    if not nomination.evidence:
        raise Http404
    return FileResponse(nomination.evidence.open("rb"), as_attachment=True)
