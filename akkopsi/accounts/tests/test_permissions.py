"""The role x permission x ownership matrix of the one permission helper."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from akkopsi.accounts.models import Role, User
from akkopsi.accounts.permissions import ANY_MEMBER, Permission, can, require

P = Permission
OWN, OTHER = 1, 2

# role -> permissions held for the own member (and for any member where not scoped)
EXPECTED: dict[str | None, set[Permission]] = {
    None: {P.VIEW_PUBLIC},
    Role.MEMBER_STAFF: {P.PLAN}
    | {P.VIEW_PUBLIC, P.VIEW_MEMBER_PRIVATE, P.EDIT_MEMBER_PROFILE}
    | {P.SUBMIT_DATA, P.VIEW_UNVERIFIED_DATA}
    | {P.VIEW_DUES}
    | {P.NOMINATE}
    | {P.REGISTER_DELEGATES, P.UPDATE_ACTIONS},
    Role.SECRETARIAT: {P.PLAN}
    | {
        P.VIEW_PUBLIC,
        P.VIEW_MEMBER_PRIVATE,
        P.EDIT_MEMBER_PROFILE,
        P.MANAGE_MEMBERS,
        P.MANAGE_REGIONS,
        P.MANAGE_BOARD,
        P.VIEW_ALL_HISTORY,
    }
    | {P.SUBMIT_DATA, P.VIEW_UNVERIFIED_DATA, P.VERIFY_DATA, P.MANAGE_CATALOGUE}
    | {P.VIEW_DUES, P.VIEW_DUES_REPORTS}
    | {P.MANAGE_AWARDS, P.NOMINATE}
    | {P.MANAGE_COORDINATION, P.REGISTER_DELEGATES, P.UPDATE_ACTIONS}
    | {P.EDIT_BULLETIN},
    Role.TREASURER: {P.VIEW_PUBLIC, P.VIEW_MEMBER_PRIVATE}
    | {P.VIEW_DUES, P.MANAGE_DUES, P.VIEW_DUES_REPORTS},
    Role.JURY: {P.VIEW_PUBLIC, P.SCORE},
    Role.ADMIN: set(Permission),
}


def _user(role: str | None) -> User | AnonymousUser:
    if role is None:
        return AnonymousUser()
    return User(
        username=f"u-{role}", role=role, member_id=OWN if role == Role.MEMBER_STAFF else None
    )


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.parametrize("perm", list(Permission))
def test_can_follows_the_role_table_for_the_own_member(role: str | None, perm: Permission) -> None:
    assert can(_user(role), perm, OWN) is (perm in EXPECTED[role])


@pytest.mark.parametrize(
    "perm",
    [
        P.PLAN,
        P.VIEW_MEMBER_PRIVATE,
        P.EDIT_MEMBER_PROFILE,
        P.SUBMIT_DATA,
        P.VIEW_UNVERIFIED_DATA,
        P.VIEW_DUES,
        P.NOMINATE,
        P.REGISTER_DELEGATES,
        P.UPDATE_ACTIONS,
    ],
)
def test_member_staff_hold_scoped_permissions_only_for_their_own_member(perm: Permission) -> None:
    staff = _user(Role.MEMBER_STAFF)
    assert can(staff, perm, OWN)
    assert not can(staff, perm, OTHER)
    assert not can(staff, perm, None)
    assert can(staff, perm, ANY_MEMBER)


@pytest.mark.parametrize("role", [Role.SECRETARIAT, Role.ADMIN])
def test_secretariat_and_admin_edit_any_member(role: str) -> None:
    assert can(_user(role), P.EDIT_MEMBER_PROFILE, OTHER)


def test_inactive_users_are_treated_as_the_public() -> None:
    user = User(username="x", role=Role.SECRETARIAT, is_active=False)
    assert not can(user, P.MANAGE_MEMBERS)
    assert can(user, P.VIEW_PUBLIC)


def test_superuser_is_administrator_whatever_the_role_field() -> None:
    user = User(username="root", role=Role.JURY, is_superuser=True)
    assert can(user, P.MANAGE_USERS)


def test_require_raises_permission_denied() -> None:
    with pytest.raises(PermissionDenied):
        require(AnonymousUser(), P.MANAGE_MEMBERS)
    require(_user(Role.SECRETARIAT), P.MANAGE_MEMBERS)
