"""The bulletin's reading pages: the archive, an edition, an article, the PDF, images, and the
subscription pages. Drafts and editions in review exist only for the secretariat: for everyone
else they answer 404 (:mod:`akkopsi.bulletin.access`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render

from akkopsi.accounts.permissions import Permission, PermissionRequired, require
from akkopsi.bulletin import printing, services
from akkopsi.bulletin.access import edition_for, is_editor, visible_editions
from akkopsi.bulletin.filters import EditionFilter
from akkopsi.bulletin.forms import ImageForm, SectionForm, SubscribeForm
from akkopsi.bulletin.models import (
    Article,
    Delivery,
    Edition,
    Image,
)
from akkopsi.bulletin.rendering import render_markdown
from akkopsi.core.files import file_response
from akkopsi.core.viewkit import FilteredListView


class EditionListView(PermissionRequired, FilteredListView):
    """The archive: published editions (every edition for the secretariat)."""

    permission = Permission.VIEW_PUBLIC
    filterset_class = EditionFilter
    template_name = "bulletin/edition_list.html"

    def get_queryset(self) -> QuerySet[Edition]:
        return visible_editions(self.request.user)

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        editor = is_editor(self.request.user)
        return {**context, "editions": list(context["page"]), "editor": editor} | {
            "form": SubscribeForm()
        }


edition_list = EditionListView.as_view()


def edition_detail(request: HttpRequest, number: int) -> HttpResponse:
    edition = edition_for(request.user, number)
    context = printing.content(edition)
    editor = is_editor(request.user)
    context.update({"editor": editor, "images": list(edition.images.all()) if editor else []})
    if editor:
        deliveries = Delivery.objects.filter(edition=edition).select_related("subscriber")
        context.update(
            section_form=SectionForm(), image_form=ImageForm(), deliveries=list(deliveries)
        )
    return render(request, "bulletin/edition_detail.html", context)


def article_detail(request: HttpRequest, number: int, pk: int) -> HttpResponse:
    edition = edition_for(request.user, number)
    articles = Article.objects.live().select_related("member__regency", "working_group")
    article = get_object_or_404(articles, edition=edition, pk=pk)
    article.html = render_markdown(article.body)
    context = {"edition": edition, "article": article, "editor": is_editor(request.user)}
    return render(request, "bulletin/article_detail.html", context)


def edition_pdf(request: HttpRequest, number: int) -> HttpResponseBase:
    """The edition's printed PDF: the stored one while it is current (``printing``). When it
    is not, an editor is shown the job printing it (whose result is this page again), and
    anyone else has it printed now and stored for the next reader."""
    edition = edition_for(request.user, number)
    page = printing.printable(edition)
    if not printing.is_current(edition, page):
        if is_editor(request.user):
            job = printing.start(edition, by=request.user)  # type: ignore[arg-type]
            return redirect("jobs:job", pk=job.pk)
        edition = printing.print_edition(edition, page)
    response = file_response(edition.pdf, inline_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{printing.filename(edition)}.pdf"'
    # Our own document, not an upload: the site's policy as for any page (a sandboxed PDF
    # is not shown by every browser's viewer).
    del response["Content-Security-Policy"]
    return response


def image(request: HttpRequest, pk: int) -> HttpResponseBase:
    """An uploaded image, as the type its content was checked to be; never as a page."""
    img = get_object_or_404(Image.objects.select_related("edition"), pk=pk)
    if not img.file_visible_to(request.user):
        raise PermissionDenied
    return file_response(img.file, inline_type=img.file_inline_type)


# -- subscriptions -----------------------------------------------------------------------------


def subscribe(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_PUBLIC)
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.subscribe(form.cleaned_data["email"], base_url=request.build_absolute_uri("/"))
        return render(request, "bulletin/subscription.html", {"state": "pending"})
    return render(request, "bulletin/subscription.html", {"form": form, "state": "form"})


def _token_page(
    request: HttpRequest, action: Callable[[str], object], token: str, state: str
) -> HttpResponse:
    require(request.user, Permission.VIEW_PUBLIC)
    context: dict[str, Any] = {"state": f"ask_{state}"}
    if request.method == "POST":
        try:
            action(token)
        except ValidationError as exc:
            context = {"state": "error", "error": exc.messages[0]}
        else:
            context = {"state": state}
    # A GET only shows a button: mail scanners that open links change nothing.
    return render(request, "bulletin/subscription.html", context)


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    return _token_page(request, services.confirm, token, "confirmed")


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    return _token_page(request, services.unsubscribe, token, "unsubscribed")
