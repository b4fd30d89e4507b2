"""Who sees which job: the person who started it, the secretariat and the administrators."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from akkopsi.accounts.models import Role
from akkopsi.accounts.permissions import role_of
from akkopsi.jobs.models import Job

OVERSEERS = (Role.SECRETARIAT, Role.ADMIN)


def visible_jobs(user: Any) -> QuerySet[Job]:
    if role_of(user) in OVERSEERS:
        return Job.objects.all()
    if role_of(user) is None:
        return Job.objects.none()
    return Job.objects.filter(started_by=user.pk)


def own_jobs(user: Any) -> QuerySet[Job]:
    """The "my jobs" list: the jobs this user started, newest first."""
    if role_of(user) is None:
        return Job.objects.none()
    return Job.objects.filter(started_by=user.pk).select_related("started_by")


def may_see(user: Any, job: Job) -> bool:
    return role_of(user) in OVERSEERS or (
        role_of(user) is not None and job.started_by_id == user.pk
    )
