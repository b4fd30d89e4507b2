"""Meetings with agenda, minutes, decisions, attendance, and action items followed to completion."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from akkopsi.core.formatting import format_date
from akkopsi.core.models import TimeStampedModel, VoidableModel, VoidableQuerySet
from akkopsi.members.models import Member


class MeetingKind(models.TextChoices):
    RAKOR = "rakor", _("Coordination meeting (rakor)")
    MUNAS = "munas", _("National congress (Munas)")
    RAKERNAS = "rakernas", _("National working meeting (Rakernas)")
    AHL = "ahl", _("Advocacy Horizontal Learning (AHL)")
    SUMMIT = "summit", _("City Sanitation Summit session")
    WORKING_GROUP = "working_group", _("Working-group meeting")


class MeetingQuerySet(VoidableQuerySet):
    def published(self) -> MeetingQuerySet:
        return self.live().filter(published=True)


class Meeting(VoidableModel, TimeStampedModel):
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    host = models.ForeignKey(
        Member,
        verbose_name=_("place (member)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_meetings",
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    chair_name = models.CharField(_("chair"), max_length=150, blank=True)
    chair_role = models.CharField(
        _("chair's capacity"),
        max_length=150,
        blank=True,
        help_text=_("For example Bendahara Umum."),
    )
    invited = models.ManyToManyField(
        Member, verbose_name=_("invited members"), blank=True, related_name="+"
    )
    attending = models.ManyToManyField(
        Member, verbose_name=_("attending members"), blank=True, related_name="meetings_attended"
    )
    invited_people = models.TextField(_("other invited people"), blank=True)
    attending_people = models.TextField(
        _("other attending people"), blank=True, help_text=_("One person per line.")
    )
    summary = models.TextField(_("summary"), blank=True)
    published = models.BooleanField(
        _("summary published"), default=False, help_text=_("Published meetings are public.")
    )
    summit = models.ForeignKey(
        "coordination.Summit",
        verbose_name=_("summit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    working_group = models.ForeignKey(
        "coordination.WorkingGroup",
        verbose_name=_("working group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
    )

    objects = MeetingQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: base's manager
    history = HistoricalRecords(m2m_fields=[attending])

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_("The meeting must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({format_date(self.starts_at)})"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The meeting must end after it starts.")})

    @property
    def day(self) -> date:
        return timezone.localtime(self.starts_at).date()

    @property
    def place(self) -> str:
        parts = [self.venue, str(self.host) if self.host_id else ""]
        return ", ".join(p for p in parts if p)


class AgendaItem(VoidableModel, TimeStampedModel):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="agenda"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("agenda item"), max_length=300)
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True, help_text=_("One decision per line."))

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    def decision_lines(self) -> list[str]:
        return [line.strip() for line in self.decisions.splitlines() if line.strip()]


class ActionStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


OPEN_STATUSES = [ActionStatus.OPEN, ActionStatus.IN_PROGRESS]


class ActionItemQuerySet(VoidableQuerySet):
    def open(self) -> ActionItemQuerySet:
        return self.live().filter(status__in=OPEN_STATUSES)

    def overdue(self, day: date) -> ActionItemQuerySet:
        return self.open().filter(due_on__lt=day)


class ActionItem(VoidableModel, TimeStampedModel):
    what = models.CharField(_("what"), max_length=300)
    owner_member = models.ForeignKey(
        Member,
        verbose_name=_("owner (member)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    owner_person = models.CharField(_("owner (person)"), max_length=150, blank=True)
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actions",
    )
    summit = models.ForeignKey(
        "coordination.Summit",
        verbose_name=_("summit preparation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    advocacy = models.ForeignKey(
        "coordination.AdvocacyVisit",
        verbose_name=_("advocacy follow-up"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )

    objects = ActionItemQuerySet.as_manager()  # type: ignore[misc]  # django-stubs: base's manager
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_member__isnull=False) | ~Q(owner_person=""),
                name="%(app_label)s_%(class)s_has_owner",
                violation_error_message=_("An action needs an owner: a member or a person."),
            ),
        ]

    def __str__(self) -> str:
        return self.what

    @property
    def member(self) -> Any:
        """The member that owns the action (used by the permission helper)."""
        return self.owner_member

    @property
    def owner_display(self) -> str:
        return " / ".join(p for p in [str(self.owner_member or ""), self.owner_person] if p)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if not self.owner_member_id and not self.owner_person.strip():
            errors["owner_member"] = _("An action needs an owner: a member or a person.")
        if self.meeting is not None and self.due_on and self.due_on < self.meeting.day:
            errors["due_on"] = _("The due date cannot be before the meeting.")
        if errors:
            raise ValidationError(errors)
