"""The City Sanitation Summit: editions, one edition with its delegates, registering delegates
and moving them along their statuses."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from akkopsi.accounts.permissions import Permission, PermissionRequired, actor, can, require
from akkopsi.coordination import services
from akkopsi.coordination.access import delegate_for_user, delegates_for_user
from akkopsi.coordination.filters import SummitFilter
from akkopsi.coordination.forms import DelegateForm, DelegateStatusForm, SummitForm
from akkopsi.coordination.models import Delegate, DelegateStatus, Summit
from akkopsi.coordination.views.base import FormPage, RecordFormPage, RecordVoidPage
from akkopsi.core.dates import today
from akkopsi.core.viewkit import FilteredListView
from akkopsi.members.access import member_for_user
from akkopsi.members.models import Member


class SummitListView(PermissionRequired, FilteredListView):
    """The summit editions, newest first (public)."""

    permission = Permission.VIEW_PUBLIC
    filterset_class = SummitFilter
    template_name = "coordination/summit_list.html"
    ordering = {"": ("-number",)}

    def get_queryset(self) -> QuerySet[Summit]:
        live = Q(delegates__voided_at__isnull=True)
        return (
            Summit.objects.live()
            .select_related("host__regency")
            .annotate(n_delegates=Count("delegates", filter=live))
        )

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return {**context, "manage": can(self.request.user, Permission.MANAGE_COORDINATION)}


def summit_detail(request: HttpRequest, number: int) -> HttpResponse:
    require(request.user, Permission.VIEW_PUBLIC)
    summit = get_object_or_404(Summit.objects.live().select_related("host__regency"), number=number)
    manage = can(request.user, Permission.MANAGE_COORDINATION)
    delegates, own_code = delegates_for_user(request.user, summit)
    context = {
        "summit": summit,
        "delegates": delegates,
        "manage": manage,
        "own_code": own_code,
        "tasks": summit.tasks.live().select_related("owner_member__regency") if manage else [],
        "meetings": summit.meetings.published(),
        "today": today(),
    }
    return render(request, "coordination/summit_detail.html", context)


class SummitEditView(RecordFormPage):
    model = Summit
    lookup = "number"
    form_class = SummitForm
    title_new = gettext_lazy("New summit edition")
    title_edit = gettext_lazy("Edit summit")

    def get_back_url(self) -> str:
        if self.record:
            return reverse("coordination:summit_detail", args=[self.record.number])
        return reverse("coordination:summit_list")

    def get_success_url(self, result: Summit) -> str:
        return reverse("coordination:summit_detail", args=[result.number])


class SummitVoidView(RecordVoidPage):
    model = Summit
    lookup = "number"
    title_format = gettext_lazy("Void %(summit)s")
    title_key = "summit"

    def get_back_url(self) -> str:
        return reverse("coordination:summit_list")


class DelegateRegisterView(FormPage):
    """Member staff register their own member's delegates; the secretariat any member's."""

    form_class = DelegateForm
    member: Member
    summit: Summit

    def check_permission(self, request: HttpRequest) -> None:
        self.member = member_for_user(
            request.user, self.kwargs["code"], Permission.REGISTER_DELEGATES
        )
        self.summit = get_object_or_404(Summit.objects.live(), number=self.kwargs["number"])

    def get_title(self) -> str:
        return _("Register a delegate for %(summit)s") % {"summit": self.summit}

    def perform(self, form: Any) -> Delegate:
        return services.register_delegate(
            summit=self.summit, member=self.member, by=actor(self.request), **form.cleaned_data
        )

    def get_success_message(self, result: Delegate) -> str:
        return _("%(name)s is %(status)s.") % {
            "name": result.name,
            "status": result.get_status_display(),
        }

    def get_back_url(self) -> str:
        return reverse("coordination:summit_detail", args=[self.summit.number])

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return {**context, "member": self.member}


@login_required
@require_POST
def delegate_status(request: HttpRequest, pk: int) -> HttpResponse:
    delegate = delegate_for_user(request.user, pk)
    form = DelegateStatusForm(request.POST, choices=DelegateStatus.choices)
    if form.is_valid():
        try:
            delegate = services.change_delegate_status(
                delegate=delegate,
                status=form.cleaned_data["status"],
                by=actor(request),
                by_secretariat=can(request.user, Permission.MANAGE_COORDINATION),
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The delegate's status is updated."))
            if delegate.fee_note:
                messages.info(request, delegate.fee_note)
    return redirect("coordination:summit_detail", delegate.summit.number)


summit_list = SummitListView.as_view()
summit_edit = SummitEditView.as_view()
summit_void = SummitVoidView.as_view()
delegate_register = DelegateRegisterView.as_view()
