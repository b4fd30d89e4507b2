"""The demo's deferred work as a job (ADR 0057): under ``make run`` the demo is loaded with the
award editions 2016-2025 held, and one low-priority job computes them on the task worker.

One item per edition, each in its own transaction (the runner's), so that the SQLite database
of ``make run`` is never held by a long write and an interrupted run goes on where it stopped.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from akkopsi.accounts.models import Role, User
from akkopsi.accounts.permissions import role_of
from akkopsi.awards import compute
from akkopsi.awards.models import Edition
from akkopsi.demo.awards import finish_edition, held_editions
from akkopsi.jobs import kinds
from akkopsi.jobs.models import Job
from akkopsi.notifications.services import muted

ANALYSES = "demo.analyses"


def _permit(by: User | None, params: dict[str, Any]) -> None:
    from django.core.exceptions import PermissionDenied

    if by is not None and role_of(by) != Role.ADMIN:
        raise PermissionDenied


def _items(job: Job) -> list[Any]:
    return [edition.pk for edition in held_editions()]


def _do(job: Job, edition_id: Any) -> None:
    edition = Edition.objects.get(pk=edition_id)
    if edition.published:  # a second run of the same item
        return
    secretariat = User.objects.filter(role=Role.SECRETARIAT).order_by("pk").first()
    with muted():  # generated history: nobody is notified
        finish_edition(edition, secretariat=secretariat, replications=compute.DEFAULT_REPLICATIONS)


kinds.register(
    kinds.Kind(
        name=ANALYSES,
        label=_("Compute the demo's award editions left for later"),
        items=_items,
        do=_do,
        permit=_permit,
        result_url=lambda job: reverse("awards:index"),
        part_size=1,
    )
)
