"""API side of the permission helper: one DRF permission class for every endpoint.

A view declares ``permission_map`` (action -> Permission); an action it does not declare
is refused. Object-level checks pass the object's member (``obj.member``, or the object
itself when it is a Member) to ``can``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rest_framework import permissions

from akkopsi.accounts.permissions import ANY_MEMBER, Permission, can

if TYPE_CHECKING:  # rest_framework.views imports this module through the API settings
    from rest_framework.request import Request
    from rest_framework.views import APIView


def _member_of(obj: Any) -> Any:
    if obj.__class__.__name__ == "Member":
        return obj
    return getattr(obj, "member", None)


class RolePermission(permissions.BasePermission):
    def _perm(self, view: APIView) -> Permission | None:
        mapping: dict[str, Permission] = getattr(view, "permission_map", {})
        action = getattr(view, "action", None) or (view.request.method or "").lower()
        return mapping.get(action)

    def has_permission(self, request: Request, view: APIView) -> bool:
        perm = self._perm(view)
        if perm is None:  # anything a view did not declare is refused
            return False
        return can(request.user, perm, ANY_MEMBER)

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        perm = self._perm(view)
        return perm is not None and can(request.user, perm, _member_of(obj))
