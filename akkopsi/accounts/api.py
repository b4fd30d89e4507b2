"""Token endpoint of the API (POST /api/token/)."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions, serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken

from akkopsi.accounts.throttling import TokenThrottle


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


class ObtainTokenView(ObtainAuthToken):
    """POST username (or e-mail) and password; answers ``{"token": ...}``."""

    permission_classes = [permissions.AllowAny]
    throttle_classes = [TokenThrottle]
    throttle_scope = "token"

    def post(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().post(request, *args, **kwargs)


__all__ = ["ObtainTokenView", "Token"]
