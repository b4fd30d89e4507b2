"""What the award views share: the actor, the edition of the URL, the kit's base."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from akkopsi.accounts.models import User
from akkopsi.accounts.permissions import PermissionRequired, actor
from akkopsi.awards.access import edition_or_404
from akkopsi.awards.models import Edition
from akkopsi.core.viewkit import ServiceFormView

__all__ = ["AwardFormView", "actor", "error_messages"]


def error_messages(request: HttpRequest, exc: ValidationError) -> None:
    """A service's refusal of a button without a form (compute, publish), as messages."""
    for m in exc.messages:
        messages.error(request, m)


class AwardFormView(PermissionRequired, ServiceFormView):
    """A form page of the award for a user holding ``permission`` (the URL's view is
    wrapped in ``login_required``); ``edition`` is the edition of the URL's ``year``."""

    @cached_property
    def edition(self) -> Edition:
        return edition_or_404(self.kwargs["year"])

    @property
    def actor(self) -> User:
        return actor(self.request)
