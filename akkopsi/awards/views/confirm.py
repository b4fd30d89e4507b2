"""The award's irreversible or mass actions, each asked for on a confirmation page saying
what will happen and to how many (``awards.plans``, ADR 0047)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any, ClassVar

from django import forms
from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from akkopsi.accounts.permissions import Permission, PermissionRequired, actor
from akkopsi.awards import access, plans
from akkopsi.awards.jobs import COMPUTE
from akkopsi.awards.models import Edition
from akkopsi.core.confirm import Plan
from akkopsi.core.viewkit import ConfirmView
from akkopsi.jobs import services as jobs
from akkopsi.jobs.models import Job


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason to recompute the published results"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EditionConfirmView(PermissionRequired, ConfirmView):
    """A confirmation about the edition of the URL, back to its page when done: the plan
    is ``planner(edition)``, the action ``action(edition, by=, expected=)``."""

    permission = Permission.MANAGE_AWARDS
    planner: ClassVar[Callable[[Edition], Plan]]
    action: ClassVar[Callable[..., Any]]

    @cached_property
    def edition(self) -> Edition:
        return access.edition_or_404(self.kwargs["year"])

    def get_back_url(self) -> str:
        return reverse("awards:edition", kwargs={"year": self.edition.year})

    def get_plan(self) -> Plan:
        return type(self).planner(self.edition)

    def perform(self, token: str, form: Any) -> Any:
        return type(self).action(self.edition, by=actor(self.request), expected=token)


class ComputeView(EditionConfirmView):
    """Confirmed, the computation (with its uncertainty and sensitivity analysis) runs as a
    job; the page that follows is the job's, with its progress (ADR 0054)."""

    form_class = ReasonForm  # shown when the results are published
    title = confirm_label = gettext_lazy("Compute results")
    success_message = gettext_lazy("The results are being computed.")
    planner = plans.plan_compute

    def get_form(self) -> forms.BaseForm | None:
        return super().get_form() if self.edition.published else None

    def perform(self, token: str, form: Any) -> Job:
        reason = form.cleaned_data["reason"] if form is not None else ""
        params = {"year": self.edition.year, "reason": reason, "expected": token}
        return jobs.start(COMPUTE, by=actor(self.request), params=params)

    def get_success_url(self, result: Job) -> str:
        return reverse("jobs:job", args=[result.pk])


class PublishView(EditionConfirmView):
    title = confirm_label = gettext_lazy("Publish results")
    success_message = gettext_lazy("Results published.")
    planner, action = plans.plan_publish, plans.publish_results


class CloseJuryView(EditionConfirmView):
    title = confirm_label = gettext_lazy("Close the jury")
    success_message = gettext_lazy("The jury is closed; scores are now visible to all jurors.")
    planner, action = plans.plan_close_jury, plans.close_jury

    def get_success_url(self, result: Any) -> str:
        return reverse("awards:jury", kwargs={"year": self.edition.year})


class RecheckView(EditionConfirmView):
    title = confirm_label = gettext_lazy("Check eligibility again")
    planner, action = plans.plan_recheck, plans.recheck_eligibility

    def get_success_message(self, result: int) -> str:
        return _("Eligibility checked again for %(n)s nominations.") % {"n": result}


compute_results = login_required(ComputeView.as_view())
publish = login_required(PublishView.as_view())
close_jury = login_required(CloseJuryView.as_view())
recheck_eligibility = login_required(RecheckView.as_view())
