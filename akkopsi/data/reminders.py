"""Reminders before the deadline to members that have not submitted (inbox and e-mail,
through notifications.notify), with a log."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone

from akkopsi.accounts.models import User
from akkopsi.data.choices import SubmissionStatus
from akkopsi.data.models import ReminderLog, ReportingYear, Submission
from akkopsi.members.models import Contact, Member
from akkopsi.notifications.kinds import Kind
from akkopsi.notifications.recipients import member_staff
from akkopsi.notifications.services import Notice, notify_each


def send_reminders(reporting_year: ReportingYear) -> int:
    """Remind every active member without a submitted or verified report; once a day each."""
    year = reporting_year.year
    done = set(
        Submission.objects.filter(
            year=year, status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.VERIFIED]
        ).values_list("member_id", flat=True)
    )
    today = timezone.localdate()
    already = set(
        ReminderLog.objects.filter(year=year, sent_at__date=today).values_list(
            "member_id", flat=True
        )
    )
    members = [
        m
        for m in Member.objects.active_on(date(year, 12, 31)).select_related("regency")
        if m.pk not in done and m.pk not in already
    ]
    ids = [m.pk for m in members]
    staff: dict[int, list[User]] = {m.pk: [] for m in members}
    for user in member_staff(ids):
        staff[user.member_id].append(user)  # type: ignore[index]
    contacts: dict[int, list[str]] = {m.pk: [] for m in members}
    for member_id, email in (
        Contact.objects.live()
        .filter(member_id__in=ids)
        .exclude(email="")
        .values_list("member_id", "email")
    ):
        contacts[member_id].append(email)
    reached = [m for m in members if contacts[m.pk] or any(u.email for u in staff[m.pk])]
    notices = [
        Notice(
            staff[m.pk],
            {"member": m, "year": year, "deadline": reporting_year.deadline},
            reverse("data:entry", args=[m.code, year]),
            addresses=contacts[m.pk],
        )
        for m in reached
    ]
    notify_each(Kind.DEADLINE_NEAR, notices)
    ReminderLog.objects.bulk_create(
        [
            ReminderLog(
                member=m,
                year=year,
                recipients=", ".join(
                    sorted({*contacts[m.pk], *(u.email for u in staff[m.pk])} - {""})
                ),
            )
            for m in reached
        ]
    )
    return len(reached)
