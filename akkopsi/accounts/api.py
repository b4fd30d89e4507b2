"""Token endpoint of the API (POST /api/token/)."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.request import Request
from rest_framework.response import Response

from akkopsi.accounts.throttling import TokenThrottle


class ObtainTokenView(ObtainAuthToken):
    """POST username (or e-mail) and password; answers ``{"token": ...}``."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [TokenThrottle]
    throttle_scope = "token"

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().post(request, *args, **kwargs)


__all__ = ["ObtainTokenView"]
