"""Object-level access to members, called first in every member view."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from akkopsi.accounts.models import User
from akkopsi.accounts.permissions import (
    Permission,
    actor,  # noqa: F401  (the one actor helper)
    require,
)
from akkopsi.members.models import Member


def member_for_user(
    user: User | AnonymousUser,
    code: str,
    perm: Permission = Permission.VIEW_PUBLIC,
) -> Member:
    """The member with regency ``code``, if ``user`` may do ``perm`` about it (else 403/404)."""
    try:
        member = Member.objects.select_related("regency__province").get(regency_id=code)
    except Member.DoesNotExist as exc:
        raise Http404 from exc
    require(user, perm, member)
    return member
