"""API side of the permission helper: one DRF permission class for every endpoint.

A view declares ``permission_map`` (action -> Permission); an action it does not declare
is refused. Object-level checks pass the object's member (``obj.member``, or the object
itself when it is a Member) to ``can``.
"""

from __future__ import annotations

from typing import Any

from rest_framework import permissions

from akkopsi.accounts.permissions import ANY_MEMBER, Permission, can


def _member_of(obj: Any) -> Any:
    if obj.__class__.__name__ == "Member":
        return obj
    return getattr(obj, "member", None)


class RolePermission(permissions.BasePermission):
    def _perm(self, view: Any) -> Permission | None:
        mapping: dict[str, Permission] = getattr(view, "permission_map", {})
        action = getattr(view, "action", None) or view.request.method.lower()
        return mapping.get(action)

    def has_permission(self, request: Any, view: Any) -> bool:
        perm = self._perm(view)
        if perm is None:  # anything a view did not declare is refused
            return False
        return can(request.user, perm, ANY_MEMBER)

    def has_object_permission(self, request: Any, view: Any, obj: Any) -> bool:
        perm = self._perm(view)
        return perm is not None and can(request.user, perm, _member_of(obj))
