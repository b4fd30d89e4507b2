"""The award's job: computing an edition's results with the uncertainty and sensitivity
analysis (``compute.run``), on the task queue (ADR 0054).

One item, the edition's year. The request checks what it can at once (the permission, the
confirmed plan still being the plan, the reason a published edition needs), so that the
secretariat sees a refusal on the confirmation page; the worker runs ``plans.compute_results``
(which checks the confirmation again, in its transaction) and the job page links to the
edition's results.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from akkopsi.accounts.models import User
from akkopsi.accounts.permissions import Permission, require
from akkopsi.awards import access, compute, plans
from akkopsi.awards.engine_messages import located_text
from akkopsi.core.confirm import check_confirmed
from akkopsi.engines.errors import EngineError
from akkopsi.jobs import kinds
from akkopsi.jobs.models import Job

COMPUTE = "awards.compute"


def _permit(by: User | None, params: dict[str, Any]) -> None:
    require(by, Permission.MANAGE_AWARDS)
    edition = access.edition_or_404(params["year"])
    check_confirmed(plans.plan_compute(edition), params["expected"])
    compute.refuse_unreasoned(edition, params.get("reason", ""))


def _do(job: Job, year: Any) -> None:
    by = job.started_by
    assert by is not None  # _permit let only the secretariat or an administrator start it
    edition = access.edition_or_404(year)
    params = job.params
    plans.compute_results(edition, by=by, reason=params["reason"], expected=params["expected"])


def _describe(year: Any, exc: Exception) -> str:
    if isinstance(exc, EngineError):
        return located_text(exc)
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


kinds.register(
    kinds.Kind(
        name=COMPUTE,
        label=_("Compute the award's results"),
        items=lambda job: [job.params["year"]],
        do=_do,
        permit=_permit,
        result_url=lambda job: reverse("awards:edition", kwargs={"year": job.params["year"]}),
        expected=(EngineError, ValidationError),
        describe=_describe,
        part_size=1,
    )
)
