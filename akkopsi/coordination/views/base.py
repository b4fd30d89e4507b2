"""The coordination pages' building blocks on the view kit (:mod:`akkopsi.core.viewkit`).

Every coordination form page renders ``coordination/form_page.html`` (the kit's form page
with the meeting, member, record or action the form is about as its subtitle). Secretariat
pages sign the visitor in first, then ask for ``MANAGE_COORDINATION``; row-level pages load
their record through :mod:`akkopsi.coordination.access` in ``check_permission``.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any, ClassVar, cast

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from akkopsi.accounts.permissions import Permission, PermissionRequired, actor
from akkopsi.coordination import services
from akkopsi.core.models import VoidableModel
from akkopsi.core.viewkit import ServiceFormView, VoidView

FORM_TEMPLATE = "coordination/form_page.html"


class LoginRequired(LoginRequiredMixin):
    """Send a visitor who is not signed in to the login page (before any permission check)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return cast(HttpResponse, super().dispatch(request, *args, **kwargs))


class Secretariat(LoginRequired, PermissionRequired):
    """Secretariat pages: sign in first, then ``MANAGE_COORDINATION``."""

    permission = Permission.MANAGE_COORDINATION


class FormPage(LoginRequired, ServiceFormView):
    """A coordination form: the back link is the meeting list unless a page says otherwise."""

    template_name = FORM_TEMPLATE

    def get_back_url(self) -> str:
        return reverse("coordination:meeting_list")


class RecordMixin:
    """One live record of ``model``, looked up by the URL's ``lookup`` (absent: a new one)."""

    model: ClassVar[type[VoidableModel]]
    lookup: ClassVar[str] = "pk"
    kwargs: dict[str, Any]

    def get_queryset(self) -> QuerySet[Any]:
        return self.model.objects.live()

    @cached_property
    def record(self) -> Any:
        value = self.kwargs.get(self.lookup)
        if value is None:
            return None
        return get_object_or_404(self.get_queryset(), **{self.lookup: value})


class RecordFormPage(Secretariat, RecordMixin, FormPage):
    """Create or edit a record through :func:`services.save_record` (history with the actor)."""

    title_new: ClassVar[Any] = ""
    title_edit: ClassVar[Any] = ""

    def get_title(self) -> str:
        return str(self.title_edit if self.record else self.title_new)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"instance": self.record}

    def perform(self, form: Any) -> Any:
        return services.save_record(record=form.instance, by=actor(self.request))


class RecordVoidPage(Secretariat, RecordMixin, VoidView):
    """Void a record with a reason through :func:`services.void_record`."""

    template_name = FORM_TEMPLATE
    title_format: ClassVar[Any] = ""
    title_key: ClassVar[str] = "name"  # the placeholder of the record in ``title_format``

    def get_record(self) -> Any:
        return self.record

    def get_title(self) -> str:
        return str(self.title_format) % {self.title_key: self.record}

    def void(self, record: Any, reason: str) -> Any:
        return services.void_record(record=record, reason=reason, by=actor(self.request))
