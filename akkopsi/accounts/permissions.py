"""The one permission helper. Every view and API endpoint asks ``can`` or ``require``.

Permissions are data: a role holds a set of permissions. Some permissions are *scoped*:
member staff hold them only for their own kabupaten/kota, so the check needs the member
the action is about. The public (anonymous visitors) holds only the public permissions.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from akkopsi.accounts.models import Role, User

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class Permission(StrEnum):
    VIEW_PUBLIC = "view_public"  # published, verified, public material
    VIEW_MEMBER_PRIVATE = "view_member_private"  # contacts, staff, change history of a member
    EDIT_MEMBER_PROFILE = "edit_member_profile"  # profile fields and contacts
    MANAGE_MEMBERS = "manage_members"  # add members, record joining/leaving, heads of region
    MANAGE_REGIONS = "manage_regions"  # population series of the region registry
    MANAGE_BOARD = "manage_board"  # board positions
    VIEW_ALL_HISTORY = "view_all_history"
    MANAGE_USERS = "manage_users"
    SUBMIT_DATA = "submit_data"  # enter, upload and submit a member's yearly data
    VIEW_UNVERIFIED_DATA = "view_unverified_data"  # drafts and submitted, not yet verified data
    VERIFY_DATA = "verify_data"  # open reporting years, verify, return, reopen
    MANAGE_CATALOGUE = "manage_catalogue"  # indicators and national targets
    VIEW_DUES = "view_dues"  # invoices, receipts and statement of a member
    MANAGE_DUES = "manage_dues"  # schedules, invoices, payments, voids, waivers
    VIEW_DUES_REPORTS = "view_dues_reports"  # dues of all members: totals, arrears
    MANAGE_AWARDS = "manage_awards"  # award methodologies, editions, eligibility, results
    NOMINATE = "nominate"  # nominate a member for the Sanipura Award
    SCORE = "score"  # score nominations as a juror
    PLAN = "plan"  # sanitation investment plans of a member: edit, solve, see results
    MANAGE_COORDINATION = "manage_coordination"  # meetings, working groups, summits, advocacy
    REGISTER_DELEGATES = "register_delegates"  # register a member's summit delegates
    UPDATE_ACTIONS = "update_actions"  # update the status of actions a member owns
    EDIT_BULLETIN = "edit_bulletin"  # Akkopsinergi: editions, articles, publishing, sending


PUBLIC: frozenset[Permission] = frozenset({Permission.VIEW_PUBLIC})

#: Permissions that member staff hold only for their own member.
SCOPED: frozenset[Permission] = (
    frozenset({Permission.PLAN})
    | frozenset({Permission.VIEW_MEMBER_PRIVATE, Permission.EDIT_MEMBER_PROFILE})
    | {Permission.SUBMIT_DATA, Permission.VIEW_UNVERIFIED_DATA}
    | {Permission.VIEW_DUES}
    | {Permission.NOMINATE}
    | {Permission.REGISTER_DELEGATES, Permission.UPDATE_ACTIONS}
)

ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.MEMBER_STAFF: PUBLIC
    | {Permission.PLAN}
    | {Permission.VIEW_MEMBER_PRIVATE, Permission.EDIT_MEMBER_PROFILE}
    | {Permission.SUBMIT_DATA, Permission.VIEW_UNVERIFIED_DATA}
    | {Permission.VIEW_DUES}
    | {Permission.NOMINATE}
    | {Permission.REGISTER_DELEGATES, Permission.UPDATE_ACTIONS},
    Role.SECRETARIAT: PUBLIC
    | {Permission.PLAN}
    | {
        Permission.VIEW_MEMBER_PRIVATE,
        Permission.EDIT_MEMBER_PROFILE,
        Permission.MANAGE_MEMBERS,
        Permission.MANAGE_REGIONS,
        Permission.MANAGE_BOARD,
        Permission.VIEW_ALL_HISTORY,
    }
    | {
        Permission.SUBMIT_DATA,
        Permission.VIEW_UNVERIFIED_DATA,
        Permission.VERIFY_DATA,
        Permission.MANAGE_CATALOGUE,
    }
    | {Permission.VIEW_DUES, Permission.VIEW_DUES_REPORTS}
    | {Permission.MANAGE_AWARDS, Permission.NOMINATE}
    | {
        Permission.MANAGE_COORDINATION,
        Permission.REGISTER_DELEGATES,
        Permission.UPDATE_ACTIONS,
    }
    | {Permission.EDIT_BULLETIN},
    Role.TREASURER: PUBLIC
    | {Permission.VIEW_MEMBER_PRIVATE}
    | {Permission.VIEW_DUES, Permission.MANAGE_DUES, Permission.VIEW_DUES_REPORTS},
    Role.JURY: PUBLIC | {Permission.SCORE},
    Role.ADMIN: frozenset(Permission),
}

#: Passed as ``member`` when the question is "may this user do it for some member?"
ANY_MEMBER: Any = object()


def role_of(user: User | AnonymousUser | None) -> str | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return Role.ADMIN
    return user.role


def can(user: User | AnonymousUser | None, perm: Permission, member: Any = None) -> bool:
    """May ``user`` do ``perm``, about ``member`` where the permission is scoped?

    ``member`` is a Member (or its primary key) for scoped permissions, ``ANY_MEMBER`` to
    ask whether the user holds the permission for at least one member, or None.
    """
    role = role_of(user)
    if role is None:
        return perm in PUBLIC
    if perm not in ROLE_PERMISSIONS.get(role, PUBLIC):
        return False
    if role != Role.MEMBER_STAFF or perm not in SCOPED:
        return True
    if member is ANY_MEMBER:
        return True
    if member is None:
        return False
    member_pk = getattr(member, "pk", member)
    return member_pk is not None and member_pk == user.member_id  # type: ignore[union-attr]


def require(user: User | AnonymousUser | None, perm: Permission, member: Any = None) -> None:
    """Raise PermissionDenied unless ``can(user, perm, member)``."""
    if not can(user, perm, member):
        raise PermissionDenied


def actor(request: Any) -> User:
    """The signed-in user acting in a write (services take the actor explicitly); a request
    without one is refused (pages and endpoints that write require a login first)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def own_member_id(user: User | AnonymousUser | None) -> int | None:
    """The member a member-staff user belongs to, else None."""
    if role_of(user) == Role.MEMBER_STAFF:
        return user.member_id  # type: ignore[union-attr]
    return None


class PermissionRequired:
    """Mix into a view of the kit (:mod:`akkopsi.core.viewkit`): ``permission`` is checked
    for the request's user before anything else; ``permission_member(request)`` names the
    member for permissions that are scoped to one kabupaten/kota."""

    permission: Permission

    def permission_member(self, request: Any) -> Any:
        return None

    def check_permission(self, request: Any) -> None:
        require(request.user, self.permission, self.permission_member(request))
