"""Uploads (dry run, then confirm), the import records and the template download."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods, require_POST

from akkopsi.accounts.permissions import ANY_MEMBER, Permission, PermissionRequired, actor, require
from akkopsi.core.viewkit import FilteredListView
from akkopsi.data import access, uploads
from akkopsi.data.filters import BatchFilter
from akkopsi.data.forms import ConfirmForm
from akkopsi.data.importing.service import AlreadyConfirmed
from akkopsi.data.models import ImportBatch
from akkopsi.data.workbook import XLSX, build_template, open_reporting_year, template_year


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.SUBMIT_DATA, ANY_MEMBER)
    form = uploads.upload_form(request)
    if request.method == "POST" and uploads.readable(form):
        f = form.cleaned_data["file"]
        context = uploads.check(request.session, f.read(), f.name, actor(request))
        template = "data/_preview.html" if getattr(request, "htmx", False) else "data/preview.html"
        return render(request, template, context)
    return render(request, "data/upload.html", uploads.upload_context(actor(request), form))


@login_required
@require_POST
def upload_confirm(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.SUBMIT_DATA, ANY_MEMBER)
    form = ConfirmForm(request.POST)
    token, comment = (
        (form.cleaned_data["token"], form.cleaned_data["comment"]) if form.is_valid() else ("", "")
    )
    explanations = uploads.typed_explanations(request.POST)
    try:
        job = uploads.confirm(request.session, token, comment, actor(request), explanations)
    except AlreadyConfirmed as used:
        return _already_confirmed(request, used)
    except uploads.Unavailable as gone:
        messages.error(request, str(gone))
        return redirect("data:upload")
    except uploads.PreviewAgain as again:
        context = {"confirm": form, **again.context}
        return render(request, "data/preview.html", context, status=again.status)
    return redirect("jobs:job", pk=job.pk)


def _already_confirmed(request: HttpRequest, used: AlreadyConfirmed) -> HttpResponse:
    """A second click on "confirm" (or a replayed form): the first one's import, not a second."""
    messages.info(request, str(used))
    if used.batch_id is not None:
        return redirect("data:batch_detail", pk=used.batch_id)
    return redirect("data:upload")


@method_decorator(login_required, name="dispatch")
class BatchListView(PermissionRequired, FilteredListView):
    """The import records the user may see (their member's, or all), newest first."""

    permission = Permission.SUBMIT_DATA
    filterset_class = BatchFilter
    template_name = "data/batch_list.html"
    paginate_by = 200

    def permission_member(self, request: HttpRequest) -> Any:
        return ANY_MEMBER

    def get_queryset(self) -> QuerySet[ImportBatch]:
        return access.batches_for(actor(self.request))

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return {**context, "batches": context["page"].object_list}


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = access.batch_for(actor(request), pk)
    return render(request, "data/batch_detail.html", {"batch": batch})


@login_required
def template_download(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.SUBMIT_DATA, ANY_MEMBER)
    year = template_year(request.GET.get("year"), open_reporting_year())
    members, name = access.template_members(
        actor(request),
        request.GET.get("member", ""),
        year,
    )
    content = build_template(
        members,
        year,
        per_member_sheets=request.GET.get("sheets") == "member",
        last_year=bool(request.GET.get("sebelumnya")),
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
