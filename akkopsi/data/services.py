"""The yearly cycle: open a year, submit, verify or return, reopen with a reason; the
catalogue's edits. Every write takes the actor (``by``) and is recorded in history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from akkopsi.accounts.models import User
from akkopsi.accounts.permissions import Permission
from akkopsi.data.choices import SubmissionStatus
from akkopsi.data.models import Indicator, NationalTarget, ReportingYear, Submission
from akkopsi.members.models import Member
from akkopsi.notifications.kinds import Kind
from akkopsi.notifications.recipients import member_staff
from akkopsi.notifications.services import notify

S = SubmissionStatus
E = TypeVar("E", Indicator, NationalTarget)


@transaction.atomic
def open_year(*, year: int, opens_on: date, deadline: date, by: User) -> ReportingYear:
    if deadline < opens_on:
        raise ValidationError({"deadline": _("The deadline must not be before the opening.")})
    ry, created = ReportingYear.objects.get_or_create(
        year=year, defaults={"opens_on": opens_on, "deadline": deadline, "opened_by": by}
    )
    was_open = not created and ry.is_open
    if not created:
        ry.opens_on, ry.deadline, ry.is_open = opens_on, deadline, True
    _record(ry, by)
    ry.save()
    if not was_open:
        active = Member.objects.active_on(date(year, 12, 31)).values_list("pk", flat=True)
        notify(
            member_staff(active),
            Kind.REPORTING_OPENED,
            context={"year": year, "deadline": deadline},
            link=reverse("data:upload"),
        )
    return ry


@transaction.atomic
def close_year(*, reporting_year: ReportingYear, by: User) -> ReportingYear:
    reporting_year.is_open = False
    _record(reporting_year, by)
    reporting_year.save(update_fields=["is_open", "updated_at"])
    return reporting_year


def _record(obj: Model, by: User, *, reason: str = "") -> None:
    """Name the actor (and the reason) of the next save in the record's history."""
    obj._history_user = by  # type: ignore[attr-defined]
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]


def _submission(member: Member, year: int) -> Submission:
    sub, _created = Submission.objects.select_for_update().get_or_create(member=member, year=year)
    return sub


def _move(
    sub: Submission, *, allowed_from: set[str], to: str, by: User, comment: str = ""
) -> Submission:
    if sub.status not in allowed_from:
        raise ValidationError(
            _("The data of %(member)s for %(year)s is %(status)s; that step is not possible now.")
            % {"member": sub.member, "year": sub.year, "status": sub.get_status_display().lower()}
        )
    sub.status = to
    sub.comment = comment
    _record(sub, by, reason=comment)
    sub.save()
    return sub


@transaction.atomic
def submit(*, member: Member, year: int, by: User) -> Submission:
    sub = _submission(member, year)
    if not (
        member.indicator_values.filter(year=year).exists()
        or member.budget_lines.filter(year=year).exists()
    ):
        raise ValidationError(_("There is no data for %(year)s to submit yet.") % {"year": year})
    sub.submitted_at, sub.submitted_by = timezone.now(), by
    return _move(sub, allowed_from={S.DRAFT, S.RETURNED}, to=S.SUBMITTED, by=by)


@transaction.atomic
def verify(*, member: Member, year: int, by: User) -> Submission:
    sub = _submission(member, year)
    sub.verified_at, sub.verified_by = timezone.now(), by
    sub = _move(sub, allowed_from={S.SUBMITTED}, to=S.VERIFIED, by=by)
    notify(
        member_staff([member.pk]),
        Kind.SUBMISSION_VERIFIED,
        context={"member": member, "year": year},
        link=reverse("data:member_data", args=[member.code]),
    )
    return sub


@transaction.atomic
def return_for_correction(*, member: Member, year: int, comment: str, by: User) -> Submission:
    if not comment.strip():
        raise ValidationError({"comment": _("Say what has to be corrected.")})
    sub = _move(
        _submission(member, year),
        allowed_from={S.SUBMITTED},
        to=S.RETURNED,
        by=by,
        comment=comment.strip(),
    )
    notify(
        member_staff([member.pk]),
        Kind.SUBMISSION_RETURNED,
        context={"member": member, "year": year, "comment": sub.comment},
        link=reverse("data:entry", args=[member.code, year]),
    )
    return sub


@transaction.atomic
def reopen(*, member: Member, year: int, reason: str, by: User) -> Submission:
    """Verified data is locked; a correction reopens it, with the reason kept in history."""
    if not reason.strip():
        raise ValidationError({"comment": _("Give the reason for reopening verified data.")})
    sub = _submission(member, year)
    sub.verified_at, sub.verified_by = None, None
    return _move(sub, allowed_from={S.VERIFIED}, to=S.DRAFT, by=by, comment=reason.strip())


@dataclass(frozen=True, slots=True)
class Step:
    """One step of the submission workflow as a page offers it."""

    permission: Permission
    title: Promise
    perform: Callable[..., Submission]  # (member=, year=, comment=, by=)
    needs_comment: bool = False


STEPS: dict[str, Step] = {
    "submit": Step(
        Permission.SUBMIT_DATA,
        gettext_lazy("Submit the data"),
        lambda *, member, year, comment, by: submit(member=member, year=year, by=by),
    ),
    "verify": Step(
        Permission.VERIFY_DATA,
        gettext_lazy("Verify the data"),
        lambda *, member, year, comment, by: verify(member=member, year=year, by=by),
    ),
    "return": Step(
        Permission.VERIFY_DATA,
        gettext_lazy("Return for correction"),
        return_for_correction,
        needs_comment=True,
    ),
    "reopen": Step(
        Permission.VERIFY_DATA,
        gettext_lazy("Reopen verified data"),
        lambda *, member, year, comment, by: reopen(
            member=member, year=year, reason=comment, by=by
        ),
        needs_comment=True,
    ),
}


@transaction.atomic
def save_catalogue_entry(entry: E, *, by: User) -> E:
    """Save an indicator or a national target of the catalogue (validated by its form)."""
    _record(entry, by)
    entry.save()
    return entry
