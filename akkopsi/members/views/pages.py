"""Member pages that read: the list (on the kit), a member's page, its history, growth."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Min, OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from akkopsi.accounts.permissions import Permission, PermissionRequired, can, require
from akkopsi.core.charts import Marker, line_chart, year_position
from akkopsi.core.dates import today
from akkopsi.core.formatting import format_date
from akkopsi.core.viewkit import FilteredListView
from akkopsi.members.access import member_for_user
from akkopsi.members.changes import change_log
from akkopsi.members.filters import MemberFilter
from akkopsi.members.growth import membership_counts, yearly_counts
from akkopsi.members.models import HeadOfRegion, Member


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
def member_history(request: HttpRequest, code: str) -> HttpResponse:
    """Every change to the member, its periods, heads and contacts: who, when, what it was."""
    member = member_for_user(request.user, code, Permission.VIEW_MEMBER_PRIVATE)
    context = {"member": member, "entries": change_log(member)}
    return render(request, "members/member_history.html", context)


def _asked_day(request: HttpRequest) -> date:
    """The ``?on=`` date, else today (with a message when it is not a date)."""
    text = request.GET.get("on", "")
    try:
        return date.fromisoformat(text) if text else today()
    except ValueError:
        messages.error(
            request, _("The date %(text)s is not valid; use YYYY-MM-DD.") % {"text": text}
        )
        return today()


#: The coordination meeting (rakor) of 19 May 2015 in Balikpapan, marked on the growth chart.
RAKOR_2015 = date(2015, 5, 19)


def growth(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_PUBLIC)
    day = _asked_day(request)
    years, counts = yearly_counts(day)
    chart = line_chart(
        _("AKKOPSI members at the end of each year"),
        years,
        {_("Members"): counts},
        y_label=_("kabupaten/kota"),
        markers=[
            Marker(year_position(RAKOR_2015), _("rakor %(day)s") % {"day": format_date(RAKOR_2015)})
        ],
    )
    context = {
        "chart": chart,
        "rows": list(zip(years, counts, strict=True)),
        "day": day,
        "count_on_day": membership_counts([day])[0],
    }
    return render(request, "members/growth.html", context)
