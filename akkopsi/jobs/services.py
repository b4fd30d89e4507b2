"""Starting and cancelling jobs (ADR 0054). Apps start their kinds of job through ``start``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from akkopsi.accounts.models import User
from akkopsi.jobs import kinds
from akkopsi.jobs.access import may_see
from akkopsi.jobs.models import Job, State

#: Work the demo and the scheduled commands start, after anything a person is waiting for.
LOW_PRIORITY = -50


def start(
    kind: str,
    *,
    by: User | None,
    params: dict[str, Any] | None = None,
    priority: int = 0,
    now: bool = False,
) -> Job:
    """Record a job of ``kind`` started by ``by`` (None: the system, a command) and enqueue it.

    The task row is written in the job's transaction (database backend): a worker sees the job
    and its task together, or neither. ``now`` runs the job in this process instead, after
    that transaction (the ``immediate`` backend, as a command-line run does), so that each
    item still commits on its own.
    """
    from akkopsi.jobs.tasks import enqueue, plan_job

    params = params or {}
    kinds.get(kind).permit(by, params)
    with transaction.atomic():
        job = Job.objects.create(kind=kind, params=params, started_by=by, priority=priority)
        if not now:
            enqueue(plan_job.using(priority=priority), job.pk)
    if now:
        backend = "immediate" if "immediate" in settings.TASKS else "default"
        plan_job.using(backend=backend, priority=priority).enqueue(job.pk)
    job.refresh_from_db()
    return job


@transaction.atomic
def cancel(job: Job, *, by: User) -> Job:
    """Ask a job to stop: a queued job stops at once, a running one before its next item."""
    if not may_see(by, job):
        raise PermissionDenied
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.is_finished:
        raise ValidationError(_("This job has already ended."))
    job.cancel_requested = True
    if job.state == State.QUEUED:
        job.state, job.finished_at = State.CANCELLED, timezone.now()
    job._change_reason = "cancel"  # type: ignore[attr-defined]
    job.save()
    return job
