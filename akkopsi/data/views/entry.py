"""The entry form of one member-year and the history of a member's values."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from akkopsi.accounts.permissions import Permission, actor
from akkopsi.data import queries
from akkopsi.data.entry import EntryPage
from akkopsi.members.access import member_for_user


@login_required
@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, code: str, year: int) -> HttpResponse:
    member = member_for_user(request.user, code, Permission.SUBMIT_DATA)
    posted = request.POST if request.method == "POST" else None
    page = EntryPage.open(member, year, posted)
    if posted is not None and page.save(actor(request)):
        messages.success(request, _("The data of %(year)s was saved.") % {"year": year})
        return redirect("data:member_data", code=member.code)
    return render(request, "data/entry.html", page.context())


@login_required
def value_history(request: HttpRequest, code: str) -> HttpResponse:
    """Who changed which value, when, from what, and from which file."""
    member = member_for_user(request.user, code, Permission.VIEW_UNVERIFIED_DATA)
    context = {"member": member, "entries": queries.value_history(member)}
    return render(request, "data/value_history.html", context)
