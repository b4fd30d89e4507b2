from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q


class UsernameOrEmailBackend(ModelBackend):
    """Sign in with the username or the e-mail address, case-insensitively."""

    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        if username is None or password is None:
            return None
        model = get_user_model()
        users = list(
            model._default_manager.filter(Q(username__iexact=username) | Q(email__iexact=username))[
                :2
            ]
        )
        if len(users) != 1:
            model().set_password(password)  # same cost as a real check (timing)
            return None
        user = users[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
