"""The bulletin's reading pages: the archive, an edition, an article, the PDF, images, and the
subscription pages. Drafts and editions in review exist only for the secretariat: for everyone
else they answer 404 (:mod:`akkopsi.bulletin.access`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils import translation

from akkopsi.accounts.permissions import Permission, PermissionRequired, require
from akkopsi.bulletin import services
from akkopsi.bulletin.access import edition_for, is_editor, visible_editions
from akkopsi.bulletin.filters import EditionFilter
from akkopsi.bulletin.forms import ImageForm, SectionForm, SubscribeForm
from akkopsi.bulletin.models import (
    Article,
    DataSection,
    Delivery,
    Edition,
    Image,
    SupersededSection,
)
from akkopsi.bulletin.rendering import edition_items, image_ids, inline_images, render_markdown
from akkopsi.core.files import file_response
from akkopsi.core.pdf import pdf_response, render_pdf
from akkopsi.core.viewkit import FilteredListView


def _content(edition: Edition) -> dict[str, Any]:
    """What the edition page and the PDF show: articles, data sections (live or frozen)."""
    articles = list(edition.articles.live().select_related("member__regency", "working_group"))
    superseded = SupersededSection.objects.select_related("section")
    sections = list(
        DataSection.objects.live()
        .filter(edition=edition)
        .prefetch_related(Prefetch("superseded_versions", superseded, to_attr="superseded"))
    )
    for s in sections:
        s.edition = edition
        s.figures, s.svg = services.section_figures(s)
    for a in articles:
        a.html = render_markdown(a.body)
    items = edition_items(articles, sections)
    foreword = render_markdown(edition.foreword)
    return {"edition": edition, "articles": articles, "sections": sections, "items": items} | {
        "foreword": foreword
    }


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
    context = _content(edition)
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


def edition_pdf(request: HttpRequest, number: int) -> HttpResponse:
    edition = edition_for(request.user, number)
    with translation.override("id"):  # the printed bulletin is Indonesian
        context = _content(edition)
        wanted = set().union(*(image_ids(a.html) for a in context["articles"]))
        images = {i.pk: (i.content_type, _read(i)) for i in edition.images.filter(pk__in=wanted)}
        for a in context["articles"]:
            a.html = inline_images(a.html, images)
        pdf = render_pdf("bulletin/edition_pdf.html", context)
    return pdf_response(pdf, f"akkopsinergi-{edition.number}")


def _read(img: Image) -> bytes:
    with img.file.open("rb") as f:
        return bytes(f.read())


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
