"""The secretariat's review screen: one submission beside last year, the targets and similar
members; approve it or return it with reasons, then on to the next in the queue."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from akkopsi.accounts.permissions import ANY_MEMBER, Permission, actor, require
from akkopsi.core.viewkit import apply_service_errors
from akkopsi.data import services
from akkopsi.data.forms import ReviewForm
from akkopsi.data.models import Indicator, Submission
from akkopsi.data.review import Queue, review
from akkopsi.members.access import member_for_user


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """The oldest submission awaiting verification, or the word that none is waiting."""
    require(request.user, Permission.VERIFY_DATA, ANY_MEMBER)
    first = Queue.load("", 0).next
    if first is not None:
        return redirect("data:review", code=first[0], year=first[1])
    return render(request, "data/review_empty.html")


@login_required
@require_http_methods(["GET", "POST"])
def review_submission(request: HttpRequest, code: str, year: int) -> HttpResponse:
    member = member_for_user(request.user, code, Permission.VERIFY_DATA)
    submission = get_object_or_404(
        Submission.objects.select_related("submitted_by"), member=member, year=year
    )
    submission.member = member
    queue = Queue.load(code, year)
    indicators = list(Indicator.objects.all())
    posted = request.POST if request.method == "POST" else None
    form = ReviewForm(posted, indicators=indicators)
    if request.method == "POST" and form.is_valid() and _decide(request, form, submission):
        target = queue.after_decision()
        if target is None:
            return redirect("data:review_queue")
        return redirect("data:review", code=target[0], year=target[1])
    data = review(submission, indicators)
    rows = [(row, form[f"reason_{row.indicator.pk}"]) for row in data.rows]
    context = {"review": data, "member": member, "year": year, "form": form, "queue": queue}
    return render(request, "data/review.html", {**context, "rows": rows})


def _decide(request: HttpRequest, form: ReviewForm, submission: Submission) -> bool:
    """Approve or return through the services; False (errors on the form) when refused."""
    member, year, by = submission.member, submission.year, actor(request)
    try:
        if form.cleaned_data["decision"] == ReviewForm.RETURN:
            services.return_for_correction(
                member=member,
                year=year,
                comment=form.cleaned_data["comment"],
                reasons=form.reasons(),
                by=by,
            )
            done = _("The data of %(member)s for %(year)s was returned for correction.")
        else:
            services.verify(member=member, year=year, by=by)
            done = _("The data of %(member)s for %(year)s was verified.")
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return False
    messages.success(request, done % {"member": member, "year": year})
    return True
