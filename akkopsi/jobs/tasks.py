"""The tasks that run jobs (django-tasks; ``akkopsi db_worker`` runs them, ADR 0054).

``plan_job`` turns a job's parameters into its items and enqueues one ``run_part`` task per
part; any number of workers then run the parts. Each item's work and its progress are saved in
one transaction, so a part run again (a retry, a worker that died) goes on after the last item
it saved. Workers read the primary database (``core.dbrouter.primary``). A transient database error ends the attempt and enqueues the part again later
(``JOBS_MAX_ATTEMPTS``, ``JOBS_RETRY_BASE_SECONDS``); any other error fails the job.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import TaskContext, task
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db import DatabaseBackend

from akkopsi.core.dbrouter import primary
from akkopsi.jobs import kinds
from akkopsi.jobs.models import FINISHED, Job, JobPart, State

log = logging.getLogger(__name__)

#: Errors worth another attempt: the database went away or was busy.
TRANSIENT: tuple[type[Exception], ...] = (OperationalError, InterfaceError)
MAX_NOTES = 50


def enqueue(task_: Any, *args: Any) -> None:
    """Enqueue ``task_``: at once where the task store is this database (the task row commits
    with the job's rows, or not at all) or the task runs here; after the commit elsewhere (RQ),
    so that a worker never picks up a task whose rows it cannot see yet."""
    backend = task_.get_backend()
    if isinstance(backend, (DatabaseBackend, ImmediateBackend)):
        task_.enqueue(*args)
    else:
        transaction.on_commit(lambda: task_.enqueue(*args))


def _later(task_: Any, backend: str, priority: int, attempts: int) -> Any:
    """The task on the job's backend and priority, deferred by 1, 2, 4, ... retry periods."""
    task_ = task_.using(backend=backend, priority=priority)
    if attempts and task_.get_backend().supports_defer:
        delay = settings.JOBS_RETRY_BASE_SECONDS * 2 ** (attempts - 1)
        task_ = task_.using(run_after=timezone.now() + timedelta(seconds=delay))
    return task_


def _end(job_id: int, state: State, error: str = "") -> bool:
    """Mark a running or queued job ended; False when it had ended already."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.is_finished:
            return False
        job.state, job.error, job.finished_at = state, error[:4000], timezone.now()
        if state == State.SUCCEEDED:
            kind = kinds.get(job.kind)
            if kind.finish is not None:
                kind.finish(job)
            job.result_url = kind.result_url(job)
        job.save()
    return True


def _fail(job_id: int, exc: BaseException) -> None:
    log.exception("job %s failed", job_id, exc_info=exc)
    _end(job_id, State.FAILED, f"{type(exc).__name__}: {exc}")


@task(takes_context=True)
@primary()
def plan_job(context: TaskContext, job_id: int, attempts: int = 0) -> None:
    backend = context.task_result.backend
    job = Job.objects.get(pk=job_id)
    if job.state != State.QUEUED:
        return  # run twice: the first run planned it
    if job.cancel_requested:
        _end(job_id, State.CANCELLED)
        return
    try:
        kind = kinds.get(job.kind)
        items = kind.items(job)
        with transaction.atomic():
            job = Job.objects.select_for_update().get(pk=job_id)
            if job.state != State.QUEUED:
                return
            job.items, job.total, job.state = items, len(items), State.RUNNING
            job.save()
            size = max(1, kind.part_size)
            parts = JobPart.objects.bulk_create(
                JobPart(job=job, start=s, end=min(s + size, len(items)), next=s)
                for s in range(0, len(items), size)
            )
            for part in parts:
                enqueue(_later(run_part, backend, job.priority, 0), part.pk)
    except TRANSIENT as exc:
        if attempts + 1 < settings.JOBS_MAX_ATTEMPTS:
            enqueue(_later(plan_job, backend, job.priority, attempts + 1), job_id, attempts + 1)
        else:
            _fail(job_id, exc)
        return
    except Exception as exc:  # the job's end, for the person who started it to read
        _fail(job_id, exc)
        return
    if not items:
        _end(job_id, State.SUCCEEDED)


def _do_item(job: Job, kind: kinds.Kind, part_id: int, index: int) -> None:
    """One item's work and its progress, in one transaction."""
    item = job.items[index]
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql" and kind.snapshot(job):
            with connection.cursor() as cursor:  # before the transaction's first query
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        # The part's row is locked: a second run of the same part waits here, then sees the
        # item done and skips it.
        if JobPart.objects.select_for_update().get(pk=part_id).next != index:
            return
        try:
            with transaction.atomic():
                kind.do(job, item)
        except kind.expected as exc:
            locked = Job.objects.select_for_update().only("notes").get(pk=job.pk)
            described = kind.describe(item, exc)
            new = described if isinstance(described, list) else [described]
            notes = [*locked.notes, *new][:MAX_NOTES]
            Job.objects.filter(pk=job.pk).update(failed_items=F("failed_items") + 1, notes=notes)
        else:
            Job.objects.filter(pk=job.pk).update(done=F("done") + 1)
        JobPart.objects.filter(pk=part_id).update(next=index + 1)


@task(takes_context=True)
@primary()
def run_part(context: TaskContext, part_id: int) -> None:
    part = JobPart.objects.select_related("job").get(pk=part_id)
    job = part.job
    if job.is_finished:
        return
    JobPart.objects.filter(pk=part_id).update(attempts=F("attempts") + 1)
    kind = kinds.get(job.kind)
    try:
        for index in range(part.next, part.end):
            state, cancel = Job.objects.values_list("state", "cancel_requested").get(pk=job.pk)
            if state in FINISHED:  # another part failed, or the job was cancelled
                return
            if cancel:
                _end(job.pk, State.CANCELLED)
                return
            _do_item(job, kind, part_id, index)
    except TRANSIENT as exc:
        if part.attempts + 1 < settings.JOBS_MAX_ATTEMPTS:
            backend = context.task_result.backend
            enqueue(_later(run_part, backend, job.priority, part.attempts + 1), part_id)
        else:
            _fail(job.pk, exc)
        return
    except Exception as exc:
        _fail(job.pk, exc)
        return
    if not JobPart.objects.filter(job_id=job.pk, next__lt=F("end")).exists():
        _end(job.pk, State.SUCCEEDED)
