"""Reminders before the deadline to members that have not submitted (inbox and e-mail,
through notifications.notify), with a log. A mass e-mail: the page asks first
(:func:`plan_reminders`, core.confirm)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from akkopsi.accounts.models import User
from akkopsi.core.confirm import Plan, check_confirmed
from akkopsi.data.choices import SubmissionStatus
from akkopsi.data.models import ReminderLog, ReportingYear, Submission
from akkopsi.members.models import Contact, Member
from akkopsi.notifications.kinds import Kind
from akkopsi.notifications.recipients import member_staff
from akkopsi.notifications.services import Notice, notify_each


@dataclass(frozen=True, slots=True)
class Reminded:
    """One member to remind: its staff accounts and its contacts' addresses."""

    member: Member
    staff: list[User]
    contacts: list[str]

    @property
    def addresses(self) -> list[str]:
        return sorted({*self.contacts, *(u.email for u in self.staff)} - {""})


def _to_remind(reporting_year: ReportingYear) -> tuple[list[Reminded], int]:
    """The members to remind today (active, not submitted or verified, not reminded today,
    with an address) and how many were left out as reminded today already."""
    year = reporting_year.year
    done = set(
        Submission.objects.filter(
            year=year, status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.VERIFIED]
        ).values_list("member_id", flat=True)
    )
    already = set(
        ReminderLog.objects.filter(year=year, sent_at__date=timezone.localdate()).values_list(
            "member_id", flat=True
        )
    )
    active = Member.objects.active_on(date(year, 12, 31)).select_related("regency")
    members = [m for m in active if m.pk not in done and m.pk not in already]
    ids = [m.pk for m in members]
    staff: dict[int, list[User]] = {m.pk: [] for m in members}
    for user in member_staff(ids).order_by("pk"):
        staff[user.member_id].append(user)  # type: ignore[index]
    contacts: dict[int, list[str]] = {m.pk: [] for m in members}
    for member_id, email in (
        Contact.objects.live()
        .filter(member_id__in=ids)
        .exclude(email="")
        .order_by("pk")
        .values_list("member_id", "email")
    ):
        contacts[member_id].append(email)
    rows = [Reminded(m, staff[m.pk], contacts[m.pk]) for m in members]
    skipped = len(already - done)
    return [r for r in rows if r.addresses], skipped


def plan_reminders(reporting_year: ReportingYear) -> Plan:
    """What :func:`send_reminders` would do now: which year, how many members, how many
    addresses."""
    return _plan(reporting_year, *_to_remind(reporting_year))


def _plan(reporting_year: ReportingYear, rows: list[Reminded], skipped: int) -> Plan:
    facts = {
        "year": reporting_year.year,
        "deadline": date_format(reporting_year.deadline, "j F Y"),
        "members": len(rows),
        "addresses": sum(len(r.addresses) for r in rows),
        "skipped": skipped,
    }
    lines = (
        _(
            "A reminder about the data %(year)s (deadline %(deadline)s) is e-mailed to the "
            "staff and contacts of %(members)s members that have not submitted it, and put "
            "in their staff's inbox."
        )
        % facts,
        _("E-mail addresses written to: %(addresses)s.") % facts,
        _("Members already reminded today, not reminded again: %(skipped)s.") % facts,
    )
    keys = tuple((r.member.pk, tuple(r.addresses)) for r in rows)
    return Plan(len(rows), lines, facts=(reporting_year.year, keys))


@transaction.atomic
def send_reminders(reporting_year: ReportingYear, *, expected: str | None = None) -> int:
    """Remind every active member without a submitted or verified report; once a day each.
    ``expected``: the token of the :func:`plan_reminders` confirmed (None: a command)."""
    rows, skipped = _to_remind(reporting_year)
    check_confirmed(_plan(reporting_year, rows, skipped), expected)
    year = reporting_year.year
    notices = [
        Notice(
            r.staff,
            {"member": r.member, "year": year, "deadline": reporting_year.deadline},
            reverse("data:entry", args=[r.member.code, year]),
            addresses=r.contacts,
        )
        for r in rows
    ]
    notify_each(Kind.DEADLINE_NEAR, notices)
    ReminderLog.objects.bulk_create(
        [ReminderLog(member=r.member, year=year, recipients=", ".join(r.addresses)) for r in rows]
    )
    return len(rows)
