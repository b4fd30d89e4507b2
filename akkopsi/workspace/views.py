"""The role home (``/beranda/``): where a signed-in user lands, with the work waiting for them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from akkopsi.accounts.permissions import actor
from akkopsi.core.dates import today
from akkopsi.workspace.homes import home_context


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Anonymous visitors are sent to sign in; every signed-in role has its queue."""
    return render(request, "workspace/home.html", home_context(actor(request), today()))
