"""Member forms on the view kit: each calls one service (or the history-aware save) with
the actor, after checking the permission for that member."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from akkopsi.accounts.permissions import Permission, PermissionRequired, actor, can
from akkopsi.core.history import save_with_history
from akkopsi.core.viewkit import ServiceFormView, VoidView
from akkopsi.members import services
from akkopsi.members.access import member_for_user
from akkopsi.members.forms import (
    ContactForm,
    HeadForm,
    JoinForm,
    LeaveForm,
    MemberAdminForm,
    MemberCreateForm,
    MemberProfileForm,
)
from akkopsi.members.models import Contact, HeadOfRegion, Member, MembershipPeriod


@method_decorator(login_required, name="dispatch")
class MemberCreateView(PermissionRequired, ServiceFormView):
    permission = Permission.MANAGE_MEMBERS
    form_class = MemberCreateForm
    title = gettext_lazy("Add member")

    def perform(self, form: Any) -> Member:
        return services.create_member(by=actor(self.request), **form.cleaned_data)

    def get_back_url(self) -> str:
        return reverse("members:member_list")

    def get_success_url(self, result: Member) -> str:
        return reverse("members:member_detail", args=[result.code])

    def get_success_message(self, result: Member) -> str:
        return _("%(member)s was added as a member.") % {"member": result}


@method_decorator(login_required, name="dispatch")
class MemberFormView(ServiceFormView):
    """A form about one member: ``permission`` is checked for that member first (403/404),
    the member is named under the title, and the page returns to the member."""

    permission: ClassVar[Permission] = Permission.MANAGE_MEMBERS
    member: Member

    def check_permission(self, request: HttpRequest) -> None:
        self.member = member_for_user(request.user, self.kwargs["code"], self.permission)

    def get_back_url(self) -> str:
        return reverse("members:member_detail", args=[self.member.code])

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return super().get_context_data(subtitle=self.member, **context)


class MemberEditView(MemberFormView):
    permission = Permission.EDIT_MEMBER_PROFILE
    title = gettext_lazy("Edit profile")
    success_message = gettext_lazy("The profile was saved.")

    def get_form(self) -> forms.BaseForm:
        admin = can(self.request.user, Permission.MANAGE_MEMBERS, self.member)
        form_class = MemberAdminForm if admin else MemberProfileForm
        data = self.request.POST if self.request.method == "POST" else None
        return form_class(data, instance=self.member)

    def perform(self, form: Any) -> Member:
        # only the form's columns: a profile edit then leaves other members' pages cached
        # (core.versions.MEMBER_OWN_COLUMNS, ADR 60)
        fields = list(form.fields)
        return save_with_history(form.save(commit=False), by=actor(self.request), fields=fields)


class MembershipJoinView(MemberFormView):
    form_class = JoinForm
    title = gettext_lazy("Record joining")

    def perform(self, form: Any) -> MembershipPeriod:
        by = actor(self.request)
        return services.record_joining(member=self.member, by=by, **form.cleaned_data)


class MembershipLeaveView(MemberFormView):
    form_class = LeaveForm
    title = gettext_lazy("Record leaving")

    def perform(self, form: Any) -> MembershipPeriod:
        data = form.cleaned_data
        return services.record_leaving(
            member=self.member,
            left_on=data["left_on"],
            reason=data["leave_reason"],
            by=actor(self.request),
        )


class HeadAddView(MemberFormView):
    form_class = HeadForm
    title = gettext_lazy("Add head of region")

    def perform(self, form: Any) -> HeadOfRegion:
        by = actor(self.request)
        return services.add_head(member=self.member, by=by, **form.cleaned_data)


class ContactEditView(MemberFormView):
    """Add a contact (no ``pk``) or edit one of the member's live contacts."""

    permission = Permission.EDIT_MEMBER_PROFILE
    form_class = ContactForm
    success_message = gettext_lazy("The contact was saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        pk = self.kwargs.get("pk")
        live = Contact.objects.live()
        contact = get_object_or_404(live, pk=pk, member=self.member) if pk else None
        return {"instance": contact or Contact(member=self.member)}

    def get_title(self) -> str:
        return _("Edit contact") if self.kwargs.get("pk") else _("Add contact")

    def perform(self, form: Any) -> Contact:
        return save_with_history(form.save(commit=False), by=actor(self.request))


class MemberVoidView(MemberFormView, VoidView):
    """Void one of the member's records (``model``, by ``pk`` in the URL) with a reason."""

    model: ClassVar[type[Model]]
    success_message = gettext_lazy("Saved.")

    def get_record(self) -> Model:
        return get_object_or_404(self.model, pk=self.kwargs["pk"], member=self.member)

    def get_success_message(self, result: Any) -> str:
        return str(self.success_message)


class PeriodVoidView(MemberVoidView):
    model = MembershipPeriod
    title = gettext_lazy("Void membership period")

    def void(self, record: Any, reason: str) -> MembershipPeriod:
        return services.void_period(period=record, reason=reason, by=actor(self.request))


class ContactVoidView(MemberVoidView):
    permission = Permission.EDIT_MEMBER_PROFILE
    model = Contact
    title = gettext_lazy("Remove contact")

    def get_record(self) -> Model:
        return get_object_or_404(Contact.objects.live(), pk=self.kwargs["pk"], member=self.member)

    def void(self, record: Any, reason: str) -> Contact:
        return services.void_contact(contact=record, reason=reason, by=actor(self.request))


member_create = MemberCreateView.as_view()
member_edit = MemberEditView.as_view()
membership_join = MembershipJoinView.as_view()
membership_leave = MembershipLeaveView.as_view()
head_add = HeadAddView.as_view()
contact_edit = ContactEditView.as_view()
period_void = PeriodVoidView.as_view()
contact_void = ContactVoidView.as_view()
