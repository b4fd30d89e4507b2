"""The yearly cycle: open a year, submit, verify or return, reopen with a reason; the
catalogue's edits. Every write takes the actor (``by``) and is recorded in history."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from akkopsi.accounts.models import User
from akkopsi.accounts.permissions import Permission
from akkopsi.core.confirm import Plan, check_confirmed
from akkopsi.data import queries
from akkopsi.data.choices import SubmissionStatus
from akkopsi.data.models import Indicator, NationalTarget, ReportingYear, Submission
from akkopsi.members.models import Member

S = SubmissionStatus
E = TypeVar("E", Indicator, NationalTarget)


@transaction.atomic
def open_year(*, year: int, opens_on: date, deadline: date, by: User) -> ReportingYear:
    if deadline < opens_on:
        raise ValidationError({"deadline": _("The deadline must not be before the opening.")})
    ry, created = ReportingYear.objects.get_or_create(
        year=year, defaults={"opens_on": opens_on, "deadline": deadline, "opened_by": by}
    )
    if not created:
        ry.opens_on, ry.deadline, ry.is_open = opens_on, deadline, True
    _record(ry, by)
    ry.save()
    return ry


def plan_close(reporting_year: ReportingYear) -> Plan:
    """What :func:`close_year` would do: who can no longer submit, what still waits."""
    year = reporting_year.year
    members = queries.members_of_year(year)
    statuses = Counter(members.values_list("submission_status", flat=True))  # type: ignore[misc]
    facts = {
        "year": year,
        "missing": sum(statuses[s] for s in (None, S.DRAFT, S.RETURNED)),
        "waiting": statuses[S.SUBMITTED],
    }
    lines = (
        _("Reporting year %(year)s closes: member staff can no longer enter or submit its data.")
        % facts,
        _("Members that have not submitted: %(missing)s.") % facts,
        _("Submitted, still to verify: %(waiting)s.") % facts,
    )
    count = 1 if reporting_year.is_open else 0
    return Plan(count, lines, facts=(reporting_year.is_open, sorted(statuses.items(), key=str)))


@transaction.atomic
def close_year(
    *, reporting_year: ReportingYear, by: User, expected: str | None = None
) -> ReportingYear:
    """Close the year; ``expected``: the token of the :func:`plan_close` confirmed."""
    reporting_year = ReportingYear.objects.select_for_update().get(pk=reporting_year.pk)
    check_confirmed(plan_close(reporting_year), expected)
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
    return _move(sub, allowed_from={S.SUBMITTED}, to=S.VERIFIED, by=by)


@transaction.atomic
def return_for_correction(*, member: Member, year: int, comment: str, by: User) -> Submission:
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
