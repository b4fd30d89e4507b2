"""The entry form of one member-year, asking for submitted data back, and the history of a
member's values."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from akkopsi.accounts.permissions import Permission, actor
from akkopsi.core.viewkit import ServiceFormView
from akkopsi.data import queries, services
from akkopsi.data.entry import EntryPage
from akkopsi.data.forms import ReasonForm
from akkopsi.data.models import ReopenRequest, Submission
from akkopsi.members.access import member_for_user


@login_required
@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, code: str, year: int) -> HttpResponse:
    member = member_for_user(request.user, code, Permission.SUBMIT_DATA)
    posted = request.POST if request.method == "POST" else None
    page = EntryPage.open(member, year, posted)
    if posted is not None and page.save(actor(request)):
        messages.success(
            request,
            _("The data of %(year)s was saved. Check it, then submit it to the secretariat.")
            % {"year": year},
        )
        return redirect("data:entry", code=member.code, year=year)
    # A POST to submitted data is refused (nothing written): 409, the page says why.
    status = 409 if posted is not None and page.locked else 200
    return render(request, "data/entry.html", page.context(), status=status)


@method_decorator(login_required, name="dispatch")
class ReopenRequestView(ServiceFormView):
    """Member staff ask the secretariat to open submitted or verified data again."""

    form_class = ReasonForm
    title = gettext_lazy("Ask for the data to be opened again")
    success_message = gettext_lazy("Your request was sent to the secretariat.")

    def check_permission(self, request: HttpRequest) -> None:
        self.member = member_for_user(request.user, self.kwargs["code"], Permission.SUBMIT_DATA)

    def perform(self, form: Any) -> ReopenRequest:
        submission = get_object_or_404(Submission, member=self.member, year=self.kwargs["year"])
        return services.request_reopen(submission, actor(self.request), form.cleaned_data["reason"])

    def get_back_url(self) -> str:
        return reverse("data:entry", args=[self.member.code, self.kwargs["year"]])

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return {**context, "subtitle": f"{self.member}, {self.kwargs['year']}"}


@login_required
def value_history(request: HttpRequest, code: str) -> HttpResponse:
    """Who changed which value, when, from what, and from which file."""
    member = member_for_user(request.user, code, Permission.VIEW_UNVERIFIED_DATA)
    context = {"member": member, "entries": queries.value_history(member)}
    return render(request, "data/value_history.html", context)
