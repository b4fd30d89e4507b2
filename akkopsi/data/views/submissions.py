"""The submission workflow: submit, verify, return for correction, reopen."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from akkopsi.accounts.permissions import actor
from akkopsi.data import services
from akkopsi.data.forms import CommentForm
from akkopsi.members.access import member_for_user


@login_required
@require_http_methods(["GET", "POST"])
def submission_action(request: HttpRequest, code: str, year: int, action: str) -> HttpResponse:
    step = services.STEPS.get(action)
    if step is None:
        raise Http404
    member = member_for_user(request.user, code, step.permission)
    form = CommentForm(request.POST or None) if step.needs_comment else None
    if request.method == "POST" and (form is None or form.is_valid()):
        comment = form.cleaned_data["comment"] if form else ""
        try:
            step.perform(member=member, year=year, comment=comment, by=actor(request))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Done."))
            if action == "submit":  # back to the form, which now shows the status read-only
                return redirect("data:entry", code=member.code, year=year)
        return redirect("data:member_data", code=member.code)
    context = {"member": member, "year": year, "form": form, "title": step.title}
    return render(request, "data/confirm_action.html", context)
