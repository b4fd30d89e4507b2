"""Object-level access to coordination records, called first in every view."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from akkopsi.accounts.permissions import Permission, can, require
from akkopsi.coordination.models import ActionItem, Delegate, Meeting


def meetings_for_user(user: Any) -> QuerySet[Meeting]:
    """The secretariat sees every meeting; everybody else published summaries only."""
    qs = Meeting.objects.live().select_related("host__regency")
    if can(user, Permission.MANAGE_COORDINATION):
        return qs
    return qs.filter(published=True)


def meeting_for_user(user: Any, pk: int, perm: Permission = Permission.VIEW_PUBLIC) -> Meeting:
    require(user, perm)
    try:
        return meetings_for_user(user).get(pk=pk)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc


def action_for_user(user: Any, pk: int) -> ActionItem:
    """An action whose status ``user`` may update: the secretariat's, or its owner member's staff."""
    action = get_object_or_404(ActionItem.objects.live().select_related("owner_member"), pk=pk)
    require(user, Permission.UPDATE_ACTIONS, action.owner_member)
    return action


def delegate_for_user(user: Any, pk: int) -> Delegate:
    delegate = get_object_or_404(Delegate.objects.live().select_related("member", "summit"), pk=pk)
    require(user, Permission.REGISTER_DELEGATES, delegate.member)
    return delegate
