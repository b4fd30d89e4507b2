"""A job: one piece of long work started by someone, run by the task queue (ADR 0054).

The job row is what people see (state, progress, result, error); the task queue's own rows
(django-tasks) are how it runs. A job's work is a list of items (``items``) cut into parts;
each part is one task and records how far it got (``JobPart.next``), so a part that is run
again after a transient failure carries on where it stopped instead of doing an item twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class State(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("finished")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled")


FINISHED = (State.SUCCEEDED, State.FAILED, State.CANCELLED)


class Job(models.Model):
    kind = models.CharField(_("kind"), max_length=60)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="jobs",
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    priority = models.SmallIntegerField(_("priority"), default=0)
    items = models.JSONField(_("items"), default=list, blank=True)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    failed_items = models.PositiveIntegerField(_("items without a result"), default=0)
    notes = models.JSONField(_("notes"), default=list, blank=True)
    result_url = models.CharField(_("result"), max_length=300, blank=True)
    error = models.TextField(_("error"), blank=True)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    history = HistoricalRecords(excluded_fields=["done", "failed_items", "notes"])

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("job")
        verbose_name_plural = _("jobs")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def label(self) -> str:
        from akkopsi.jobs.kinds import KINDS

        kind = KINDS.get(self.kind)
        if kind is None:
            return self.kind
        return kind.title(self) if kind.title is not None else str(kind.label)

    @property
    def is_finished(self) -> bool:
        return self.state in FINISHED

    @property
    def status(self) -> str:
        """What the job page, the job list and the API say of the state: a job that ran to the
        end with no item done (an import refused, every plan without a result) did not finish
        its work, and says so instead of "finished"; one with some items without a result says
        that too."""
        if self.state == State.SUCCEEDED and self.failed_items:
            return str(_("no result") if self.done == 0 else _("finished, some without a result"))
        return str(self.get_state_display())

    @property
    def outcome(self) -> str:
        """``complete``, ``partial`` or ``none`` for a finished job (the API's field), ``""``
        while it runs."""
        if not self.is_finished:
            return ""
        if self.state != State.SUCCEEDED or (self.done == 0 and self.failed_items):
            return "none"
        return "partial" if self.failed_items else "complete"

    @property
    def percent(self) -> int | None:
        """Progress in whole percent, None while the size is not known yet."""
        if self.total == 0:
            return 100 if self.state == State.SUCCEEDED else None
        return min(100, (self.done + self.failed_items) * 100 // self.total)


class JobPart(models.Model):
    """Items ``start`` to ``end`` (exclusive) of a job, run by one task; ``next`` is the first
    item not done yet (moved in the same transaction as each item's work)."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="parts")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    next = models.PositiveIntegerField()
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("job", "start")
        constraints = [models.UniqueConstraint(fields=("job", "start"), name="jobpart_unique")]

    def __str__(self) -> str:
        return f"{self.job_id}[{self.start}:{self.end}] at {self.next}"
