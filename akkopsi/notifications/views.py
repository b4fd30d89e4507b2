"""The inbox: a signed-in user's own notifications, marking them read, and preferences."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from akkopsi.core.viewkit import KitView, ServiceFormView
from akkopsi.notifications import services
from akkopsi.notifications.forms import PreferencesForm
from akkopsi.notifications.models import Notification


class SignedIn(LoginRequiredMixin):
    """Every signed-in user has an inbox; it holds only their own notifications."""

    def check_permission(self, request: HttpRequest) -> None:
        """LoginRequiredMixin has already sent anonymous visitors to sign in."""


class InboxView(SignedIn, KitView):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        rows = Notification.objects.filter(recipient=request.user.pk)
        page = Paginator(rows, 30).get_page(request.GET.get("page"))
        return render(request, "notifications/inbox.html", {"page": page, "query": ""})


class OpenView(SignedIn, KitView):
    """Mark one notification read, then go where it points (or back to the inbox)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            notification = services.mark_read(request.user, pk)  # type: ignore[arg-type]
        except Notification.DoesNotExist:
            raise Http404 from None
        link = notification.link
        if request.POST.get("stay") or not url_has_allowed_host_and_scheme(link, None):
            return redirect("notifications:inbox")
        return redirect(link)


class ReadAllView(SignedIn, KitView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        services.mark_all_read(request.user)  # type: ignore[arg-type]
        return redirect("notifications:inbox")


class PreferencesView(SignedIn, ServiceFormView):
    form_class = PreferencesForm
    template_name = "notifications/preferences.html"
    title = _("Notification settings")
    success_message = _("Your notification settings were saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def perform(self, form: Any) -> None:
        services.set_preferences(self.request.user, form.choices())  # type: ignore[arg-type]

    def get_back_url(self) -> str:
        return reverse("notifications:inbox")
