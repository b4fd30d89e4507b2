from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from itertools import chain
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Min, OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from akkopsi.accounts.permissions import Permission, PermissionRequired, can, require
from akkopsi.core.charts import line_chart
from akkopsi.core.dates import today
from akkopsi.core.history import save_with_history
from akkopsi.core.viewkit import FilteredListView, apply_service_errors
from akkopsi.members import services
from akkopsi.members.access import member_for_user
from akkopsi.members.filters import MemberFilter
from akkopsi.members.forms import (
    ContactForm,
    HeadForm,
    JoinForm,
    LeaveForm,
    MemberAdminForm,
    MemberCreateForm,
    MemberProfileForm,
    VoidForm,
)
from akkopsi.members.growth import membership_counts
from akkopsi.members.models import Contact, HeadOfRegion, Member, MembershipPeriod


class MemberListView(PermissionRequired, FilteredListView):
    """The member list: the same FilterSet as the members API, paged, exportable."""

    permission = Permission.VIEW_PUBLIC
    filterset_class = MemberFilter
    template_name = "members/member_list.html"
    fragment_template = "members/_member_rows.html"
    filter_defaults = {"status": "active"}
    ordering = {"": ("regency__code",)}
    export_name = "anggota-akkopsi"

    def get_queryset(self) -> QuerySet[Member]:
        return Member.objects.select_related("regency__province").annotate(
            first_joined=Min("periods__joined_on")
        )

    def order(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        # ``filterset.day`` (the date asked for) is known once the filters are validated.
        heads = HeadOfRegion.objects.serving_on(self.filterset.day).filter(member=OuterRef("pk"))
        queryset = queryset.annotate(head_name=Subquery(heads.values("name")[:1]))
        return super().order(queryset)

    def get_export_name(self) -> str:
        return f"anggota-akkopsi-{self.filterset.day.isoformat()}"

    def export_header(self) -> list[str]:
        return [
            _("Code"),
            _("Kabupaten/kota"),
            _("Province"),
            _("Membership number"),
            _("First joined"),
            _("Member on date"),
        ]

    def export_rows(self, queryset: QuerySet[Any]) -> Iterable[list[object]]:
        for m in queryset:
            yield [
                m.code,
                m.regency.display_name,
                m.regency.province.name,
                m.membership_number,
                m.first_joined,
                _("yes") if m.is_active else _("no"),
            ]

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return {**context, "day": self.filterset.day}


member_list = MemberListView.as_view()


def member_detail(request: HttpRequest, code: str) -> HttpResponse:
    member = member_for_user(request.user, code)
    private = can(request.user, Permission.VIEW_MEMBER_PRIVATE, member)
    context: dict[str, Any] = {
        "member": member,
        "private": private,
        "today": today(),
        "periods": member.periods.select_related("voided_by").all(),
        "heads": member.heads.live(),
        "is_active": member.is_active_on(today()),
        "can_edit": can(request.user, Permission.EDIT_MEMBER_PROFILE, member),
        "can_manage": can(request.user, Permission.MANAGE_MEMBERS, member),
    }
    if private:
        context["contacts"] = member.contacts.live()
        context["staff"] = member.staff.filter(is_active=True).order_by("username")
    return render(request, "members/member_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def member_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.MANAGE_MEMBERS)
    form = MemberCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.create_member(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("%(member)s was added as a member.") % {"member": member})
            return redirect("members:member_detail", code=member.code)
    return render(request, "members/member_form.html", {"form": form, "title": _("Add member")})


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, code: str) -> HttpResponse:
    member = member_for_user(request.user, code, Permission.EDIT_MEMBER_PROFILE)
    form_class = (
        MemberAdminForm
        if can(request.user, Permission.MANAGE_MEMBERS, member)
        else MemberProfileForm
    )
    form = form_class(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        save_with_history(form.save(commit=False), by=request.user)
        messages.success(request, _("The profile was saved."))
        return redirect("members:member_detail", code=member.code)
    return render(
        request,
        "members/member_form.html",
        {"form": form, "member": member, "title": _("Edit profile")},
    )


def _member_action(
    request: HttpRequest, code: str, perm: Permission, form_class: Any, title: str, action: Any
) -> HttpResponse:
    """The shape shared by small member forms: authorise, bind, call the service, redirect."""
    member = member_for_user(request.user, code, perm)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action(member, form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("members:member_detail", code=member.code)
    return render(
        request, "members/member_form.html", {"form": form, "member": member, "title": title}
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_join(request: HttpRequest, code: str) -> HttpResponse:
    return _member_action(
        request,
        code,
        Permission.MANAGE_MEMBERS,
        JoinForm,
        _("Record joining"),
        lambda m, d: services.record_joining(member=m, by=request.user, **d),
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_leave(request: HttpRequest, code: str) -> HttpResponse:
    return _member_action(
        request,
        code,
        Permission.MANAGE_MEMBERS,
        LeaveForm,
        _("Record leaving"),
        lambda m, d: services.record_leaving(
            member=m, left_on=d["left_on"], reason=d["leave_reason"], by=request.user
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def head_add(request: HttpRequest, code: str) -> HttpResponse:
    return _member_action(
        request,
        code,
        Permission.MANAGE_MEMBERS,
        HeadForm,
        _("Add head of region"),
        lambda m, d: services.add_head(member=m, by=request.user, **d),
    )


@login_required
@require_http_methods(["GET", "POST"])
def period_void(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    def void(member: Member, data: dict[str, Any]) -> None:
        period = get_object_or_404(MembershipPeriod, pk=pk, member=member)
        services.void_period(period=period, reason=data["reason"], by=request.user)

    return _member_action(
        request, code, Permission.MANAGE_MEMBERS, VoidForm, _("Void membership period"), void
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    member = member_for_user(request.user, code, Permission.EDIT_MEMBER_PROFILE)
    contact = (
        get_object_or_404(Contact.objects.live(), pk=pk, member=member)
        if pk
        else Contact(member=member)
    )
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        save_with_history(form.save(commit=False), by=request.user)
        messages.success(request, _("The contact was saved."))
        return redirect("members:member_detail", code=member.code)
    title = _("Edit contact") if pk else _("Add contact")
    return render(
        request, "members/member_form.html", {"form": form, "member": member, "title": title}
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_void(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    def void(member: Member, data: dict[str, Any]) -> None:
        contact = get_object_or_404(Contact.objects.live(), pk=pk, member=member)
        services.void_contact(contact=contact, reason=data["reason"], by=request.user)

    return _member_action(
        request, code, Permission.EDIT_MEMBER_PROFILE, VoidForm, _("Remove contact"), void
    )


@login_required
def member_history(request: HttpRequest, code: str) -> HttpResponse:
    """Every change to the member, its periods, heads and contacts: who, when, what it was."""
    member = member_for_user(request.user, code, Permission.VIEW_MEMBER_PRIVATE)
    records = chain(
        Member.history.filter(id=member.pk).select_related("history_user"),
        MembershipPeriod.history.filter(member_id=member.pk).select_related("history_user"),
        HeadOfRegion.history.filter(member_id=member.pk).select_related("history_user"),
        Contact.history.filter(member_id=member.pk).select_related("history_user"),
    )
    entries = []
    for record in sorted(records, key=lambda r: r.history_date, reverse=True):
        changes = []
        if record.history_type == "~" and record.prev_record is not None:
            delta = record.diff_against(record.prev_record)
            changes = [
                (record.instance._meta.get_field(c.field).verbose_name, c.old, c.new)
                for c in delta.changes
                if c.field not in {"updated_at", "created_at"}
            ]
        entries.append(
            {"record": record, "model": record.instance._meta.verbose_name, "changes": changes}
        )
    return render(request, "members/member_history.html", {"member": member, "entries": entries})


def growth(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_PUBLIC)
    day_text = request.GET.get("on", "")
    try:
        day = date.fromisoformat(day_text) if day_text else today()
    except ValueError:
        day = today()
        messages.error(
            request, _("The date %(text)s is not valid; use YYYY-MM-DD.") % {"text": day_text}
        )
    years = list(range(2009, max(day.year, today().year) + 1))
    points = [date(y, 12, 31) for y in years]
    counts = membership_counts(points)
    chart = line_chart(
        _("AKKOPSI members at the end of each year"),
        years,
        {_("Members"): counts},
        y_label=_("kabupaten/kota"),
    )
    count_on_day = membership_counts([day])[0]
    rows = list(zip(years, counts, strict=True))
    return render(
        request,
        "members/growth.html",
        {"chart": chart, "rows": rows, "day": day, "count_on_day": count_on_day},
    )
