"""The yearly cycle: open a year, submit, verify or return, reopen with a reason; the
catalogue's edits. Every write takes the actor (``by``) and is recorded in history."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from akkopsi.accounts.models import Role, User
from akkopsi.accounts.permissions import Permission, require
from akkopsi.core.confirm import Plan, check_confirmed
from akkopsi.core.history import save_with_history
from akkopsi.data import queries
from akkopsi.data.choices import SubmissionStatus
from akkopsi.data.models import (
    Indicator,
    NationalTarget,
    ReopenRequest,
    ReportingYear,
    ReturnReason,
    Submission,
)
from akkopsi.members.models import Member
from akkopsi.notifications.kinds import Kind
from akkopsi.notifications.recipients import member_staff, with_role
from akkopsi.notifications.services import notify

S = SubmissionStatus
E = TypeVar("E", Indicator, NationalTarget)


@transaction.atomic
def open_year(*, year: int, opens_on: date, deadline: date, by: User) -> ReportingYear:
    """Open a new reporting year. A year that exists is never changed from here: its
    deadline is changed by ``change_deadline``, a closed year is reopened by ``reopen_year``."""
    require(by, Permission.VERIFY_DATA)
    if deadline < opens_on:
        raise ValidationError({"deadline": _("The deadline must not be before the opening.")})
    existing = ReportingYear.objects.select_for_update().filter(year=year).first()
    if existing is not None:
        raise ValidationError({"year": _already_there(existing)})
    ry = ReportingYear(year=year, opens_on=opens_on, deadline=deadline, opened_by=by)
    _record(ry, by)
    ry.save()
    _announce_open(ry)
    return ry


def _announce_open(ry: ReportingYear) -> None:
    """Every active member's staff hears that the year takes data (opened or reopened)."""
    active = Member.objects.active_on(date(ry.year, 12, 31)).values_list("pk", flat=True)
    notify(
        member_staff(active),
        Kind.REPORTING_OPENED,
        context={"year": ry.year, "deadline": ry.deadline},
        link=reverse("data:upload"),
    )


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


def _already_there(ry: ReportingYear) -> str:
    if ry.is_open:
        return _(
            "Reporting year %(year)s is already open (deadline %(deadline)s); nothing was "
            "changed. To move its deadline, use “Change the deadline” on the page of %(year)s."
        ) % {"year": ry.year, "deadline": date_format(ry.deadline, "j F Y")}
    return _(
        "Reporting year %(year)s exists and is closed; nothing was changed. To take data "
        "for it again, reopen it on the page of %(year)s."
    ) % {"year": ry.year}


@transaction.atomic
def change_deadline(*, reporting_year: ReportingYear, deadline: date, by: User) -> ReportingYear:
    """Move the deadline of one open year (the page asks for confirmation first)."""
    require(by, Permission.VERIFY_DATA)
    ry = ReportingYear.objects.select_for_update().get(pk=reporting_year.pk)
    if not ry.is_open:
        raise ValidationError(
            _("Reporting year %(year)s is closed; its deadline no longer matters.")
            % {"year": ry.year}
        )
    if deadline < ry.opens_on:
        raise ValidationError(
            {
                "deadline": _("The deadline must not be before the opening (%(day)s).")
                % {"day": date_format(ry.opens_on, "j F Y")}
            }
        )
    ry.deadline = deadline
    _record(ry, by)
    ry.save(update_fields=["deadline", "updated_at"])
    return ry


def reopen_year(*, reporting_year: ReportingYear, by: User) -> ReportingYear:
    """A closed year takes data again, with its dates as they were."""
    require(by, Permission.VERIFY_DATA)
    reopened = _set_open(reporting_year, True, by)
    _announce_open(reopened)
    return reopened


@transaction.atomic
def close_year(
    *, reporting_year: ReportingYear, by: User, expected: str | None = None
) -> ReportingYear:
    """Close the year; ``expected``: the token of the :func:`plan_close` confirmed."""
    locked = ReportingYear.objects.select_for_update().get(pk=reporting_year.pk)
    check_confirmed(plan_close(locked), expected)
    return _set_open(locked, False, by)


@transaction.atomic
def _set_open(reporting_year: ReportingYear, is_open: bool, by: User) -> ReportingYear:
    reporting_year.is_open = is_open
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
    """Approve a submitted member-year: its data becomes public; reasons of an earlier
    return are closed."""
    sub = _submission(member, year)
    sub.verified_at, sub.verified_by = timezone.now(), by
    moved = _move(sub, allowed_from={S.SUBMITTED}, to=S.VERIFIED, by=by)
    _close_reasons(moved, by)
    notify(
        member_staff([member.pk]),
        Kind.SUBMISSION_VERIFIED,
        context={"member": member, "year": year},
        link=reverse("data:member_data", args=[member.code]),
    )
    return moved


@transaction.atomic
def return_for_correction(
    *,
    member: Member,
    year: int,
    comment: str,
    by: User,
    reasons: Mapping[int, str] | None = None,
) -> Submission:
    """Send submitted data back to the member's staff: with a ``comment`` on the whole
    submission and/or ``reasons`` (indicator id -> why that value has to be corrected),
    which the staff see beside the values (``data.review.return_reasons``)."""
    wanted = {pk: text.strip() for pk, text in (reasons or {}).items() if text.strip()}
    if not comment.strip() and not wanted:
        raise ValidationError({"comment": _("Say what has to be corrected.")})
    indicators = Indicator.objects.in_bulk(list(wanted))
    if len(indicators) != len(wanted):
        raise ValidationError({"comment": _("A reason names an indicator that does not exist.")})
    summary = "; ".join(f"{indicators[pk].name}: {text}" for pk, text in wanted.items())
    sub = _move(
        _submission(member, year),
        allowed_from={S.SUBMITTED},
        to=S.RETURNED,
        by=by,
        comment=comment.strip() or summary,
    )
    _close_reasons(sub, by)
    for pk, text in wanted.items():
        save_with_history(
            ReturnReason(submission=sub, indicator=indicators[pk], reason=text), by=by
        )
    notify(
        member_staff([member.pk]),
        Kind.SUBMISSION_RETURNED,
        context={"member": member, "year": year, "comment": sub.comment},
        link=reverse("data:entry", args=[member.code, year]),
    )
    return sub


def _close_reasons(sub: Submission, by: User) -> None:
    """The reasons of an earlier return no longer stand once the secretariat decides again."""
    for old in ReturnReason.objects.filter(submission=sub, is_open=True):
        old.is_open = False
        save_with_history(old, by=by)


@transaction.atomic
def reopen(*, member: Member, year: int, reason: str, by: User) -> Submission:
    """Verified data is locked; a correction reopens it, with the reason kept in history."""
    if not reason.strip():
        raise ValidationError({"comment": _("Give the reason for reopening verified data.")})
    sub = _submission(member, year)
    sub.verified_at, sub.verified_by = None, None
    return _move(sub, allowed_from={S.VERIFIED}, to=S.DRAFT, by=by, comment=reason.strip())


@transaction.atomic
def request_reopen(submission: Submission, by: User, reason: str) -> ReopenRequest:
    """Member staff ask for a submitted or verified year back; the secretariat decides
    (and is told)."""
    require(by, Permission.SUBMIT_DATA, submission.member)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the data should be opened again.")})
    sub = Submission.objects.select_for_update().select_related("member").get(pk=submission.pk)
    if sub.status not in {S.SUBMITTED, S.VERIFIED}:
        raise ValidationError(
            _("The data of %(year)s can still be changed; there is nothing to reopen.")
            % {"year": sub.year}
        )
    if sub.reopen_requests.pending().exists():
        raise ValidationError(
            _("A request to reopen the data of %(year)s is already waiting for the secretariat.")
            % {"year": sub.year}
        )
    request = ReopenRequest(submission=sub, reason=reason.strip(), requested_by=by)
    _record(request, by, reason=reason.strip())
    request.save()
    notify(
        with_role(Role.SECRETARIAT),
        Kind.REOPEN_REQUESTED,
        context={
            "member": sub.member,
            "year": sub.year,
            "who": by.display_name,
            "reason": request.reason,
        },
        link=reverse("data:grant_reopen", args=[request.pk]),
    )
    return request


def _decide(reopen_request: ReopenRequest, by: User) -> ReopenRequest:
    """The request, locked, if the secretariat may still decide on it."""
    require(by, Permission.VERIFY_DATA)
    req = (
        ReopenRequest.objects.select_for_update()
        .select_related("submission__member")
        .get(pk=reopen_request.pk)
    )
    if not req.is_pending:
        raise ValidationError(_("This request was already decided."))
    return req


def _tell_staff(req: ReopenRequest, kind: Kind) -> None:
    sub = req.submission
    notify(
        member_staff([sub.member_id]),
        kind,
        context={"member": sub.member, "year": sub.year, "refusal": req.refusal},
        link=reverse("data:entry", args=[sub.member.code, sub.year]),
    )


@transaction.atomic
def grant_reopen(reopen_request: ReopenRequest, by: User) -> Submission:
    """The secretariat grants a request: the submission returns to draft, the reason kept."""
    req = _decide(reopen_request, by)
    sub = Submission.objects.select_for_update().get(pk=req.submission_id)
    sub.verified_at, sub.verified_by = None, None
    moved = _move(
        sub, allowed_from={S.SUBMITTED, S.VERIFIED}, to=S.DRAFT, by=by, comment=req.reason
    )
    req.granted_at, req.granted_by = timezone.now(), by
    _record(req, by)
    req.save(update_fields=["granted_at", "granted_by", "updated_at"])
    _tell_staff(req, Kind.REOPEN_GRANTED)
    return moved


@transaction.atomic
def refuse_reopen(reopen_request: ReopenRequest, by: User, reason: str) -> ReopenRequest:
    """The secretariat refuses a request, saying why: the data stays as it is."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the data is not opened again.")})
    req = _decide(reopen_request, by)
    req.refused_at, req.refused_by, req.refusal = timezone.now(), by, reason.strip()
    _record(req, by, reason=req.refusal)
    req.save(update_fields=["refused_at", "refused_by", "refusal", "updated_at"])
    _tell_staff(req, Kind.REOPEN_REFUSED)
    return req


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
