"""Object-level access to coordination records, called first in every view."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from akkopsi.accounts.models import User
from akkopsi.accounts.permissions import (
    Permission,
    actor,  # noqa: F401  (the one actor helper)
    can,
    own_member_id,
    require,
)
from akkopsi.coordination.models import (
    TRANSITIONS,
    ActionItem,
    Delegate,
    DelegateStatus,
    Meeting,
    Summit,
)

M = TypeVar("M", bound=Model)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    #: Whoever asks: a user, an anonymous visitor, or nobody (a command), as for ``can``.
    Visitor = User | AnonymousUser | None


def own_member_rows(user: Visitor, rows: QuerySet[M], member_field: str) -> QuerySet[M]:
    """Member staff see the rows of their own member only; other roles see all ``rows``."""
    own = own_member_id(user)
    return rows if own is None else rows.filter(**{f"{member_field}_id": own})


def meetings_for_user(user: Visitor) -> QuerySet[Meeting]:
    """The secretariat sees every meeting; everybody else published summaries only."""
    qs = Meeting.objects.live().select_related("host__regency")
    if can(user, Permission.MANAGE_COORDINATION):
        return qs
    return qs.filter(published=True)


def meeting_for_user(user: Visitor, pk: int, perm: Permission = Permission.VIEW_PUBLIC) -> Meeting:
    require(user, perm)
    try:
        return meetings_for_user(user).get(pk=pk)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc


def action_for_user(user: Visitor, pk: int) -> ActionItem:
    """An action whose status ``user`` may update: the secretariat's, or its owner member's staff."""
    action = get_object_or_404(ActionItem.objects.live().select_related("owner_member"), pk=pk)
    require(user, Permission.UPDATE_ACTIONS, action.owner_member)
    return action


def delegate_for_user(user: Visitor, pk: int) -> Delegate:
    delegate = get_object_or_404(Delegate.objects.live().select_related("member", "summit"), pk=pk)
    require(user, Permission.REGISTER_DELEGATES, delegate.member)
    return delegate


def delegates_for_user(user: Visitor, summit: Summit) -> tuple[list[Delegate], str | None]:
    """The delegates of ``summit`` that ``user`` sees (the secretariat: all; member staff: their
    own member's), each with the statuses it may move to, and the user's own member code."""
    delegates = summit.delegates.live().select_related("member__regency", "fee_invoice")
    own = own_member_id(user)
    if not can(user, Permission.MANAGE_COORDINATION):
        delegates = delegates.filter(member_id=own) if own else delegates.none()
    rows = list(delegates)
    for d in rows:
        d.next_statuses = tuple((s, DelegateStatus(s).label) for s in sorted(TRANSITIONS[d.status]))
    return rows, user.member.code if own else None  # type: ignore[union-attr]
