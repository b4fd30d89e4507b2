"""The job pages: "my jobs", one job with its progress bar, and cancelling (ADR 0054)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from akkopsi.accounts.models import Role
from akkopsi.accounts.permissions import role_of
from akkopsi.core.viewkit import KitView
from akkopsi.jobs import services
from akkopsi.jobs.access import own_jobs, visible_jobs
from akkopsi.jobs.files import zip_name
from akkopsi.jobs.jobs import COMMAND, SCHEDULED


def started(request: HttpRequest, kind: str, params: dict[str, Any]) -> HttpResponse:
    """Start a job for the signed-in user and show its page: how every app's page starts one
    (the kind checks the permission, ``services.start``)."""
    job = services.start(kind, by=request.user, params=params)  # type: ignore[arg-type]
    return redirect("jobs:job", pk=job.pk)


class SignedIn(LoginRequiredMixin):
    """Every signed-in user has jobs; ``access`` decides which they see (404 otherwise)."""

    def check_permission(self, request: HttpRequest) -> None:
        """LoginRequiredMixin has already sent anonymous visitors to sign in."""


class JobListView(SignedIn, KitView):
    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest) -> HttpResponse:
        page = Paginator(own_jobs(request.user), 30).get_page(request.GET.get("page"))
        commands = SCHEDULED.items() if role_of(request.user) == Role.ADMIN else ()
        context = {"page": page, "query": "", "commands": commands}
        return render(request, "jobs/job_list.html", context)


class JobView(SignedIn, KitView):
    """The job and its progress; htmx asks every two seconds for the progress fragment only."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = get_object_or_404(visible_jobs(request.user).select_related("started_by"), pk=pk)
        fragment = getattr(request, "htmx", False)
        template = "jobs/_progress.html" if fragment else "jobs/job.html"
        return render(request, template, {"job": job})


class CommandView(SignedIn, KitView):
    """An administrator runs a scheduled command (a backup, the reminders) as a job now."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            return started(request, COMMAND, {"name": request.POST.get("name", "")})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("jobs:list")


class FileView(SignedIn, KitView):
    """The file a job made (a zip), to whoever may see the job."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        job = get_object_or_404(visible_jobs(request.user), pk=pk)
        name = zip_name(job)
        if not default_storage.exists(name):
            raise Http404
        filename = name.rsplit("/", 1)[-1]
        return FileResponse(default_storage.open(name, "rb"), as_attachment=True, filename=filename)


class CancelView(SignedIn, KitView):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = get_object_or_404(visible_jobs(request.user), pk=pk)
        try:
            services.cancel(job, by=request.user)  # type: ignore[arg-type]
            messages.success(request, _("The job will stop before its next step."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("jobs:job", pk=job.pk)
