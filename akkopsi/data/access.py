"""Row scoping of the data cycle: member staff see and write only their own kabupaten/kota's
imports and data; the secretariat sees all of them.

Permissions themselves (who may submit, verify, ...) live in ``accounts.permissions``; this
module answers "which rows" once they are granted.
"""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.http import Http404

from akkopsi.accounts.models import User
from akkopsi.accounts.permissions import (
    ANY_MEMBER,
    Permission,
    actor,  # noqa: F401  (the one actor helper)
    own_member_id,
    require,
)
from akkopsi.data.models import ImportBatch
from akkopsi.members.access import member_for_user
from akkopsi.members.models import Member


def own_member(user: User) -> Member | None:
    """The member a member-staff user works for, else None (the secretariat)."""
    own = own_member_id(user)
    return Member.objects.get(pk=own) if own else None


def batches_for(user: User) -> QuerySet[ImportBatch]:
    """The import records ``user`` may see, newest first: their member's only, or all."""
    qs = ImportBatch.objects.select_related("uploaded_by", "member__regency").order_by(
        "-created_at"
    )
    own = own_member_id(user)
    return qs.filter(member_id=own) if own else qs


def batch_for(user: User, pk: int) -> ImportBatch:
    """One import record, if ``user`` may see it (else 404 or 403)."""
    try:
        batch = ImportBatch.objects.select_related("uploaded_by", "member__regency").get(pk=pk)
    except ImportBatch.DoesNotExist as exc:
        raise Http404 from exc
    own = own_member_id(user)
    if own is not None and batch.member_id != own:
        raise Http404
    require(user, Permission.SUBMIT_DATA, batch.member or ANY_MEMBER)
    return batch


def template_members(user: User, code: str, year: int) -> tuple[list[Member], str]:
    """The members of a template download and its file name: the user's own member, the one
    asked for (if allowed), or every member active in ``year``."""
    own = own_member(user)
    code = code or (own.code if own is not None else "")
    if code:
        member = member_for_user(user, code, Permission.SUBMIT_DATA)
        return [member], f"templat-data-{member.code}-{year}"
    members = list(Member.objects.active_on(date(year, 12, 31)).select_related("regency"))
    return members, f"templat-data-nasional-{year}"
