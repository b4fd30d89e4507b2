from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from akkopsi.notifications.models import Notification


def inbox(request: HttpRequest) -> dict[str, Any]:
    """``unread_count`` for the nav badge: one query, only when a template reads it, once
    per request (the lazy object keeps its value)."""
    user: Any = getattr(request, "user", None)  # error pages may skip middleware
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_count": SimpleLazyObject(
            lambda: Notification.objects.filter(recipient=user).unread().count()
        )
    }
