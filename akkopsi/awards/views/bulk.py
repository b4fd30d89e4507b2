"""Nominations in bulk (secretariat): choose the members with their eligibility outcome,
then confirm (``awards.bulk``)."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from akkopsi.accounts.permissions import Permission, PermissionRequired, actor
from akkopsi.awards import access, bulk
from akkopsi.awards.forms import BulkFilterForm, BulkNominationForm
from akkopsi.awards.views.confirm import EditionConfirmView
from akkopsi.core.confirm import Plan
from akkopsi.core.viewkit import KitView


class BulkChooseView(PermissionRequired, KitView):
    """The members offered (filtered by scope, province, kind), each with its eligibility
    outcome; those that would be nominated are ticked."""

    permission = Permission.MANAGE_AWARDS
    http_method_names = ["get", "head", "options"]

    def get(self, request: HttpRequest, year: int) -> HttpResponse:
        edition = access.edition_or_404(year)
        form = BulkFilterForm(request.GET)
        data = form.cleaned_data if form.is_valid() else {}
        rows = bulk.candidates(
            edition,
            province=getattr(data.get("province"), "pk", ""),
            kind=data.get("kind", ""),
            verified_only=data.get("scope") != "all",
        )
        context = {"edition": edition, "filter": form, "rows": rows}
        return render(request, "awards/nominate_bulk.html", context)


class BulkConfirmView(EditionConfirmView):
    """What nominating the ticked members will do; the narrative; then do it."""

    form_class = BulkNominationForm
    template_name = "awards/nominate_bulk_confirm.html"
    title = gettext_lazy("Nominate in bulk")
    confirm_label = gettext_lazy("Nominate")

    @cached_property
    def codes(self) -> list[str]:
        return self.request.GET.getlist("m")

    @cached_property
    def planned(self) -> tuple[Plan, list[bulk.Candidate]]:
        return bulk.plan_nominations(self.edition, self.codes)

    def get_plan(self) -> Plan:
        return self.planned[0]

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return context | {"edition": self.edition, "rows": self.planned[1]}

    def perform(self, token: str, form: Any) -> int:
        narrative = form.cleaned_data["narrative"]
        by = actor(self.request)
        return bulk.nominate_many(
            self.edition, self.codes, narrative=narrative, by=by, expected=token
        )

    def get_back_url(self) -> str:
        return reverse("awards:nominate_bulk", kwargs={"year": self.edition.year})

    def get_success_url(self, result: int) -> str:
        return reverse("awards:edition", kwargs={"year": self.edition.year})

    def get_success_message(self, result: int) -> str:
        return _("%(n)s members nominated.") % {"n": result}


nominate_bulk = login_required(BulkChooseView.as_view())
nominate_bulk_confirm = login_required(BulkConfirmView.as_view())
