"""Coordination's work queues (the role homes, ``akkopsi.workspace``): a member's open action
items, the secretariat's overdue ones, and the meetings and summits coming up. Open and
overdue are the rules of ``ActionItem.objects`` (``open()``, ``overdue(day)``); each list is
one query, with its count one more."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import F, Q

from akkopsi.coordination.models import ActionItem, Meeting, Summit
from akkopsi.core.dates import end_of_day


def open_actions_of(member_id: int) -> list[ActionItem]:
    """The member's open action items (from rakor and other meetings), soonest due first."""
    return list(
        ActionItem.objects.open()
        .filter(owner_member_id=member_id)
        .select_related("meeting")
        .order_by("due_on", "pk")
    )


def overdue_actions(day: date, limit: int) -> tuple[int, list[ActionItem]]:
    """How many action items are past their due date on ``day``, and the ``limit`` longest
    overdue."""
    qs = (
        ActionItem.objects.overdue(day)
        .select_related("owner_member__regency", "meeting")
        .order_by("due_on", "pk")
    )
    return qs.count(), list(qs[:limit])


def upcoming_meetings(day: date, limit: int) -> list[Meeting]:
    """The live meetings starting after ``day`` begins, soonest first."""
    return list(
        Meeting.objects.live()
        .filter(starts_at__gte=end_of_day(day - timedelta(days=1)))
        .select_related("host__regency")
        .order_by("starts_at", "pk")[:limit]
    )


def upcoming_summits(day: date, limit: int) -> list[Summit]:
    """The live City Sanitation Summits starting on or after ``day`` or not yet dated."""
    return list(
        Summit.objects.live()
        .filter(Q(starts_on__gte=day) | Q(starts_on__isnull=True))
        .select_related("host__regency")
        .order_by(F("starts_on").asc(nulls_last=True), "number")[:limit]
    )
