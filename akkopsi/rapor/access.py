"""Who sees what of the Rapor Sanitasi: the member a report is for (row scoping through the
members app), the blocks of one member's report, and the league table's private columns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from akkopsi.accounts.permissions import Permission, can
from akkopsi.members.access import member_for_user
from akkopsi.members.models import Member
from akkopsi.rapor.readmodel import Audience

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from akkopsi.accounts.models import User

    Viewer = User | AnonymousUser


def report_member(user: Viewer, code: str) -> Member:
    """The member whose report ``user`` asks for (404 for an unknown code)."""
    return member_for_user(user, code)


def audience_of(user: Viewer | None, member: Member, *, public: bool = False) -> Audience:
    """What ``user`` may see of ``member``'s report; ``public`` asks for the public version
    (what anyone sees, also printed for the public)."""
    if public:
        return Audience(False, False, False, False, False)
    return Audience(
        unverified=can(user, Permission.VIEW_UNVERIFIED_DATA, member),
        plan=can(user, Permission.PLAN, member),
        dues=can(user, Permission.VIEW_DUES, member),
        actions=can(user, Permission.UPDATE_ACTIONS, member),
        delegates=can(user, Permission.REGISTER_DELEGATES, member),
    )


def sees_plan_gaps(user: Viewer | None) -> bool:
    """The league's plan funding gap column (private to planners)."""
    return can(user, Permission.PLAN)


def sees_arrears(user: Viewer | None) -> bool:
    """The league's dues arrears column (private to those who read dues reports)."""
    return can(user, Permission.VIEW_DUES_REPORTS)
