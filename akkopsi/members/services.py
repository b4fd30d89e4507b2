"""Writes that span models or guard invariants. Keyword-only, atomic, the actor explicit."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Q
from django.utils.translation import gettext as _

from akkopsi.accounts.models import User
from akkopsi.core.formatting import format_date
from akkopsi.members.models import Contact, HeadOfRegion, Member, MembershipPeriod
from akkopsi.regions.models import Regency

M = TypeVar("M", bound=Model)


def _authored(obj: M, by: User, reason: str = "") -> M:
    """Name ``by`` (and ``reason``) as the author of ``obj``'s next saved version."""
    obj._history_user = by  # type: ignore[attr-defined]
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]
    return obj


def _overlapping(
    member: Member, start: date, end: date | None, exclude_pk: int | None = None
) -> bool:
    qs = MembershipPeriod.objects.live().filter(member=member)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    # [start, end) overlaps [joined, left) when start < left (or left open) and joined < end (or end open)
    qs = qs.filter(Q(left_on__isnull=True) | Q(left_on__gt=start))
    if end is not None:
        qs = qs.filter(joined_on__lt=end)
    return qs.exists()


def _lock(member: Member) -> Member:
    """Serialise concurrent membership changes of one member (row lock on PostgreSQL)."""
    locked: Member = Member.objects.select_for_update().get(pk=member.pk)
    return locked


@transaction.atomic
def create_member(
    *,
    regency: Regency,
    membership_number: str,
    joined_on: date,
    by: User,
    join_note: str = "",
    **profile: object,
) -> Member:
    if Member.objects.filter(regency=regency).exists():
        raise ValidationError(
            {
                "regency": _("%(name)s is already registered as a member.")
                % {"name": regency.display_name}
            }
        )
    number = membership_number.strip()
    if not number:
        raise ValidationError({"membership_number": _("A membership number is required.")})
    if Member.objects.filter(membership_number=number).exists():
        raise ValidationError(
            {
                "membership_number": _("Membership number %(number)s is already in use.")
                % {"number": number}
            }
        )
    member = Member(regency=regency, membership_number=number, **profile)
    _authored(member, by).full_clean()
    member.save()
    period = MembershipPeriod(member=member, joined_on=joined_on, join_note=join_note)
    _authored(period, by).save()
    return member


@transaction.atomic
def record_joining(
    *, member: Member, joined_on: date, by: User, join_note: str = ""
) -> MembershipPeriod:
    """A new period: the member joins (or rejoins). Earlier periods stay as they were."""
    member = _lock(member)
    if _overlapping(member, joined_on, None):
        raise ValidationError(
            {
                "joined_on": _(
                    "%(member)s is already a member on %(day)s or later; record its leaving first."
                )
                % {"member": member, "day": format_date(joined_on)}
            }
        )
    period = MembershipPeriod(member=member, joined_on=joined_on, join_note=join_note)
    _authored(period, by).full_clean()
    period.save()
    return period


@transaction.atomic
def record_leaving(*, member: Member, left_on: date, reason: str, by: User) -> MembershipPeriod:
    """Close the open period. ``left_on`` is the first day the kabupaten/kota is no longer a member."""
    member = _lock(member)
    if not reason.strip():
        raise ValidationError({"leave_reason": _("Give the reason for leaving.")})
    open_periods = MembershipPeriod.objects.live().filter(member=member, left_on__isnull=True)
    period: MembershipPeriod | None = open_periods.first()
    if period is None:
        raise ValidationError(
            {"left_on": _("%(member)s has no open membership period.") % {"member": member}}
        )
    if left_on <= period.joined_on:
        raise ValidationError(
            {"left_on": _("The date of leaving must be after the date of joining.")}
        )
    period.left_on = left_on
    period.leave_reason = reason.strip()
    _authored(period, by, reason.strip()).save(
        update_fields=["left_on", "leave_reason", "updated_at"]
    )
    return period


@transaction.atomic
def void_period(*, period: MembershipPeriod, reason: str, by: User) -> MembershipPeriod:
    _authored(period, by).void(by=by, reason=reason)
    return period


@transaction.atomic
def add_head(
    *,
    member: Member,
    name: str,
    title: str,
    term_start: date,
    by: User,
    term_end: date | None = None,
) -> HeadOfRegion:
    """A new head of region; an open term of the predecessor ends where the new one starts."""
    member = _lock(member)
    head = HeadOfRegion(
        member=member, name=name.strip(), title=title, term_start=term_start, term_end=term_end
    )
    head.full_clean()
    for prev in HeadOfRegion.objects.live().filter(
        member=member, term_end__isnull=True, term_start__lt=term_start
    ):
        prev.term_end = term_start
        _authored(prev, by).save(update_fields=["term_end", "updated_at"])
    overlapping = (
        HeadOfRegion.objects.live()
        .filter(member=member, term_start__lt=term_end or date.max)
        .filter(Q(term_end__isnull=True) | Q(term_end__gt=term_start))
    )
    if overlapping.exists():
        raise ValidationError(
            {"term_start": _("This term overlaps the term of another head of region.")}
        )
    _authored(head, by).save()
    return head


@transaction.atomic
def void_contact(*, contact: Contact, reason: str, by: User) -> Contact:
    _authored(contact, by).void(by=by, reason=reason)
    return contact
