"""What each role's home shows: the work queues, read from the domain apps' ``queues``
modules (and ``dues.reports.open_invoices``), never recomputed here.

- member staff: their year's data (filled, deadline), returned submissions with the reason,
  their open action items, their open invoices, their Rapor;
- the secretariat (and the administrator, with a link to the admin): submissions awaiting
  verification, requests to open submitted data again, members not yet reporting, overdue
  action items, meetings and summits to come, bulletin editions not yet published;
- the treasurer: payments reported by members to record, waiver requests awaiting a
  decision, invoices past due and falling due;
- a juror: the nominations still to score.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from akkopsi.accounts.models import Role, User
from akkopsi.accounts.permissions import role_of
from akkopsi.awards import queues as award_queues
from akkopsi.bulletin import queues as bulletin_queues
from akkopsi.coordination import queues as coordination_queues
from akkopsi.data import queues as data_queues
from akkopsi.dues import queues as dues_queues
from akkopsi.dues.reports import open_invoices
from akkopsi.members.models import Member

#: How many items each list of a home shows; the count says how many there are in all.
LIMIT = 10


@dataclass(frozen=True, slots=True)
class Listed:
    """A queue as a home shows it: how many items in all, and the first ``LIMIT``."""

    count: int
    items: list[Any]

    @property
    def more(self) -> int:
        return self.count - len(self.items)


def home_context(user: User, day: date) -> dict[str, Any]:
    role = role_of(user)
    context: dict[str, Any] = {"role": role, "day": day}
    if role == Role.MEMBER_STAFF and user.member_id:
        context["staff"] = staff_home(user.member, day)
    elif role in (Role.SECRETARIAT, Role.ADMIN):
        context["secretariat"] = secretariat_home(day)
        context["admin_link"] = role == Role.ADMIN or user.is_staff
    elif role == Role.TREASURER:
        context["treasurer"] = treasurer_home(day)
    elif role == Role.JURY:
        context["juror"] = award_queues.juror_queue(user)
    return context


def staff_home(member: Member | None, day: date) -> dict[str, Any]:
    """The home of a member's Pokja staff (``member``: the user's own)."""
    assert member is not None
    reporting_year = data_queues.open_reporting_year(day)
    year = data_queues.entry_year(day, reporting_year)
    return {
        "member": member,
        "reporting_year": reporting_year,
        "year": year,
        "completeness": data_queues.completeness([member.pk], year)[member.pk],
        "submission": data_queues.submission_of(member.pk, year),
        "returned": data_queues.returned_submissions(member.pk),
        "actions": coordination_queues.open_actions_of(member.pk),
        "invoices": list(open_invoices(member, on=day)),
        "dues_requests": dues_queues.requests_of(member.pk, LIMIT),
    }


def secretariat_home(day: date) -> dict[str, Any]:
    reporting_year = data_queues.open_reporting_year(day)
    not_reporting = (
        Listed(*data_queues.not_reporting(reporting_year.year, LIMIT))
        if reporting_year is not None
        else None
    )
    return {
        "reporting_year": reporting_year,
        "days_left": (reporting_year.deadline - day).days if reporting_year else None,
        "waiting": Listed(*data_queues.awaiting_verification(LIMIT)),
        "reopen_requests": Listed(*data_queues.reopen_requests(LIMIT)),
        "not_reporting": not_reporting,
        "overdue_actions": Listed(*coordination_queues.overdue_actions(day, LIMIT)),
        "meetings": coordination_queues.upcoming_meetings(day, LIMIT),
        "summits": coordination_queues.upcoming_summits(day, LIMIT),
        "editions": bulletin_queues.unpublished_editions(LIMIT),
    }


def treasurer_home(day: date) -> dict[str, Any]:
    overdue = dues_queues.overdue(day, LIMIT)
    due_soon = dues_queues.due_soon(day, LIMIT)
    notices = dues_queues.payments_to_record(LIMIT)
    waivers = dues_queues.waivers_awaiting_decision(LIMIT)
    return {
        "notices": Listed(notices.count, notices.items),
        "waiver_requests": Listed(waivers.count, waivers.items),
        "overdue": Listed(overdue.count, overdue.invoices),
        "due_soon": Listed(due_soon.count, due_soon.invoices),
        "due_soon_days": dues_queues.DUE_SOON_DAYS,
    }
