"""The board (pengurus) at any date."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from akkopsi.accounts.permissions import Permission, require
from akkopsi.coordination.models import ROLE_ORDER, BoardPosition
from akkopsi.core.dates import today


def board(request: HttpRequest) -> HttpResponse:
    """The board at any date (default today)."""
    require(request.user, Permission.VIEW_PUBLIC)
    day = today()
    if request.GET.get("on"):
        try:
            day = date.fromisoformat(request.GET["on"])
        except ValueError:
            messages.error(
                request,
                _("The date %(text)s is not valid; use YYYY-MM-DD.") % {"text": request.GET["on"]},
            )
    positions = sorted(
        BoardPosition.objects.on(day).select_related("member__regency", "elected_by"),
        key=lambda p: (ROLE_ORDER[p.role], p.portfolio),
    )
    return render(request, "coordination/board.html", {"positions": positions, "day": day})
