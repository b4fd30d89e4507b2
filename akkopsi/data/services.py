"""The yearly cycle: open a year, submit, verify or return, reopen with a reason."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from akkopsi.data.choices import SubmissionStatus
from akkopsi.data.models import ReportingYear, Submission
from akkopsi.members.models import Member

S = SubmissionStatus


@transaction.atomic
def open_year(*, year: int, opens_on: date, deadline: date, by: Any) -> ReportingYear:
    if deadline < opens_on:
        raise ValidationError({"deadline": _("The deadline must not be before the opening.")})
    ry, created = ReportingYear.objects.get_or_create(
        year=year, defaults={"opens_on": opens_on, "deadline": deadline, "opened_by": by}
    )
    if not created:
        ry.opens_on, ry.deadline, ry.is_open = opens_on, deadline, True
    ry._history_user = by
    ry.save()
    return ry


@transaction.atomic
def close_year(*, reporting_year: ReportingYear, by: Any) -> ReportingYear:
    reporting_year.is_open = False
    reporting_year._history_user = by
    reporting_year.save(update_fields=["is_open", "updated_at"])
    return reporting_year


def _submission(member: Member, year: int) -> Submission:
    sub, _created = Submission.objects.select_for_update().get_or_create(member=member, year=year)
    return sub


def _move(
    sub: Submission, *, allowed_from: set[str], to: str, by: Any, comment: str = ""
) -> Submission:
    if sub.status not in allowed_from:
        raise ValidationError(
            _("The data of %(member)s for %(year)s is %(status)s; that step is not possible now.")
            % {"member": sub.member, "year": sub.year, "status": sub.get_status_display().lower()}
        )
    sub.status = to
    sub.comment = comment
    sub._history_user = by
    if comment:
        sub._change_reason = comment
    sub.save()
    return sub


@transaction.atomic
def submit(*, member: Member, year: int, by: Any) -> Submission:
    sub = _submission(member, year)
    if not (
        member.indicator_values.filter(year=year).exists()
        or member.budget_lines.filter(year=year).exists()
    ):
        raise ValidationError(_("There is no data for %(year)s to submit yet.") % {"year": year})
    sub.submitted_at, sub.submitted_by = timezone.now(), by
    return _move(sub, allowed_from={S.DRAFT, S.RETURNED}, to=S.SUBMITTED, by=by)


@transaction.atomic
def verify(*, member: Member, year: int, by: Any) -> Submission:
    sub = _submission(member, year)
    sub.verified_at, sub.verified_by = timezone.now(), by
    return _move(sub, allowed_from={S.SUBMITTED}, to=S.VERIFIED, by=by)


@transaction.atomic
def return_for_correction(*, member: Member, year: int, comment: str, by: Any) -> Submission:
    if not comment.strip():
        raise ValidationError({"comment": _("Say what has to be corrected.")})
    return _move(
        _submission(member, year),
        allowed_from={S.SUBMITTED},
        to=S.RETURNED,
        by=by,
        comment=comment.strip(),
    )


@transaction.atomic
def reopen(*, member: Member, year: int, reason: str, by: Any) -> Submission:
    """Verified data is locked; a correction reopens it, with the reason kept in history."""
    if not reason.strip():
        raise ValidationError({"comment": _("Give the reason for reopening verified data.")})
    sub = _submission(member, year)
    sub.verified_at, sub.verified_by = None, None
    return _move(sub, allowed_from={S.VERIFIED}, to=S.DRAFT, by=by, comment=reason.strip())
