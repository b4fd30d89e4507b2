"""Who is told: querysets the domain apps use to name recipients."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from akkopsi.accounts.models import Role, User


def member_staff(member_ids: Iterable[int]) -> QuerySet[User]:
    """The active staff accounts (Pokja Sanitasi) of the given members."""
    return User.objects.filter(
        member_id__in=list(member_ids), role=Role.MEMBER_STAFF, is_active=True
    )


def with_role(*roles: str) -> QuerySet[User]:
    return User.objects.filter(role__in=roles, is_active=True)
