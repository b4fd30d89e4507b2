"""Pages of the bulletin. Drafts and editions in review exist only for the secretariat: for
everyone else they answer 404 (the archive, the pages, the PDF, images, the feed and the API
all start from published editions)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from akkopsi.accounts.permissions import Permission, can, require
from akkopsi.bulletin import services
from akkopsi.bulletin.forms import (
    ArticleForm,
    EditionForm,
    ImageForm,
    SectionForm,
    SubscribeForm,
    VoidForm,
)
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


def _editor(request: HttpRequest) -> bool:
    return can(request.user, Permission.EDIT_BULLETIN)


def _visible(request: HttpRequest) -> Any:
    require(request.user, Permission.VIEW_PUBLIC)
    return Edition.objects.all() if _editor(request) else Edition.objects.published()


def _edition(request: HttpRequest, number: int) -> Edition:
    return get_object_or_404(_visible(request), number=number)


def _draft(request: HttpRequest, number: int) -> Edition:
    """An edition the secretariat may still change."""
    require(request.user, Permission.EDIT_BULLETIN)
    edition = get_object_or_404(Edition, number=number)
    if edition.is_published:
        messages.error(request, _("A published edition can no longer be changed."))
        raise _Redirect(edition)
    return edition


class _Redirect(Exception):
    def __init__(self, edition: Edition) -> None:
        self.edition = edition


def _guard(view: Any) -> Any:
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except _Redirect as r:
            return redirect("bulletin:edition", r.edition.number)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _content(edition: Edition) -> dict[str, Any]:
    articles = list(edition.articles.live().select_related("member__regency", "working_group"))
    sections = list(
        DataSection.objects.live()
        .filter(edition=edition)
        .prefetch_related(
            Prefetch(
                "superseded_versions",
                SupersededSection.objects.select_related("section"),
                to_attr="superseded",
            )
        )
    )
    for s in sections:
        s.edition = edition
        s.figures, s.svg = services.section_figures(s)
    for a in articles:
        a.html = render_markdown(a.body)
    return {
        "edition": edition,
        "articles": articles,
        "sections": sections,
        "items": edition_items(articles, sections),
        "foreword": render_markdown(edition.foreword),
    }


def edition_list(request: HttpRequest) -> HttpResponse:
    editions = list(_visible(request))
    return render(
        request,
        "bulletin/edition_list.html",
        {"editions": editions, "editor": _editor(request), "form": SubscribeForm()},
    )


def edition_detail(request: HttpRequest, number: int) -> HttpResponse:
    edition = _edition(request, number)
    context = _content(edition)
    editor = _editor(request)
    context.update({"editor": editor, "images": list(edition.images.all()) if editor else []})
    if editor:
        context.update(
            {
                "section_form": SectionForm(),
                "image_form": ImageForm(),
                "deliveries": list(
                    Delivery.objects.filter(edition=edition).select_related("subscriber")
                ),
            }
        )
    return render(request, "bulletin/edition_detail.html", context)


def article_detail(request: HttpRequest, number: int, pk: int) -> HttpResponse:
    edition = _edition(request, number)
    article = get_object_or_404(
        Article.objects.live().select_related("member__regency", "working_group"),
        edition=edition,
        pk=pk,
    )
    article.html = render_markdown(article.body)
    return render(
        request,
        "bulletin/article_detail.html",
        {"edition": edition, "article": article, "editor": _editor(request)},
    )


def edition_pdf(request: HttpRequest, number: int) -> HttpResponse:
    edition = _edition(request, number)
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


def image(request: HttpRequest, pk: int) -> HttpResponse:
    """An uploaded image, as the type its content was checked to be; never as a page."""
    img = get_object_or_404(Image.objects.select_related("edition"), pk=pk)
    if not img.file_visible_to(request.user):
        raise PermissionDenied
    return file_response(img.file, inline_type=img.file_inline_type)


def edition_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.EDIT_BULLETIN)
    form = EditionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        edition = form.save()
        return redirect("bulletin:edition", edition.number)
    return render(request, "bulletin/form.html", {"form": form, "title": _("New edition")})


@_guard
def edition_edit(request: HttpRequest, number: int) -> HttpResponse:
    edition = _draft(request, number)
    form = EditionForm(request.POST or None, instance=edition)
    if request.method == "POST" and form.is_valid():
        edition = form.save()
        messages.success(request, _("Saved."))
        return redirect("bulletin:edition", edition.number)
    return render(
        request, "bulletin/form.html", {"form": form, "edition": edition, "title": str(edition)}
    )


@_guard
def article_create(request: HttpRequest, number: int) -> HttpResponse:
    edition = _draft(request, number)
    return _article_form(request, edition, Article(edition=edition))


@_guard
def article_edit(request: HttpRequest, number: int, pk: int) -> HttpResponse:
    edition = _draft(request, number)
    article = get_object_or_404(Article.objects.live(), edition=edition, pk=pk)
    return _article_form(request, edition, article)


def _article_form(request: HttpRequest, edition: Edition, article: Article) -> HttpResponse:
    form = ArticleForm(request.POST or None, instance=article)
    if request.method == "POST" and form.is_valid():
        article = form.save()
        messages.success(request, _("Saved."))
        return redirect("bulletin:article", edition.number, article.pk)
    title = article.title if article.pk else _("New article")
    images = list(edition.images.all())
    return render(
        request,
        "bulletin/form.html",
        {"form": form, "edition": edition, "title": title, "images": images},
    )


def _apply(
    request: HttpRequest, form: Any, edition: Edition, action: Any, done: str, refused: str
) -> HttpResponse:
    """A small POST on the edition page: act on a valid form, say what happened, go back."""
    if form.is_valid():
        action(form)
        messages.success(request, done)
    else:
        messages.error(request, refused)
    return redirect("bulletin:edition", edition.number)


def _void(request: HttpRequest, obj: Any, edition: Edition) -> HttpResponse:
    return _apply(
        request,
        VoidForm(request.POST),
        edition,
        lambda f: obj.void(by=request.user, reason=f.cleaned_data["reason"]),
        _("Removed from the edition."),
        _("Give a reason to remove it."),
    )


@require_POST
@_guard
def article_void(request: HttpRequest, number: int, pk: int) -> HttpResponse:
    edition = _draft(request, number)
    return _void(
        request, get_object_or_404(Article.objects.live(), edition=edition, pk=pk), edition
    )


@require_POST
@_guard
def section_void(request: HttpRequest, number: int, pk: int) -> HttpResponse:
    edition = _draft(request, number)
    section = get_object_or_404(DataSection.objects.live(), edition=edition, pk=pk)
    return _void(request, section, edition)


@require_POST
@_guard
def section_add(request: HttpRequest, number: int) -> HttpResponse:
    edition = _draft(request, number)
    return _apply(
        request,
        SectionForm(request.POST, instance=DataSection(edition=edition)),
        edition,
        lambda f: f.save(),
        _("Data section added."),
        _("Choose the data for the section."),
    )


@require_POST
@_guard
def image_upload(request: HttpRequest, number: int) -> HttpResponse:
    edition = _draft(request, number)
    form = ImageForm(request.POST, request.FILES, instance=Image(edition=edition))
    if form.is_valid():
        img = form.save(commit=False)
        img.content_type, img.uploaded_by = form.content_type, request.user
        with transaction.atomic():  # the file goes with the row (and its history), or not at all
            img.save()
        messages.success(request, _("Image uploaded. Put it in an article with the line shown."))
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect("bulletin:edition", edition.number)


STEPS = {
    "submit": services.submit_for_review,
    "return": services.return_to_draft,
    "publish": services.publish,
}


@require_POST
def edition_status(request: HttpRequest, number: int) -> HttpResponse:
    require(request.user, Permission.EDIT_BULLETIN)
    edition = get_object_or_404(Edition, number=number)
    step = STEPS.get(request.POST.get("step", ""))
    if step is None:
        raise Http404
    try:
        step(edition, by=request.user)
        messages.success(request, _("Done."))
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    return redirect("bulletin:edition", number)


@require_POST
def edition_send(request: HttpRequest, number: int) -> HttpResponse:
    require(request.user, Permission.EDIT_BULLETIN)
    edition = get_object_or_404(Edition, number=number)
    try:
        result = services.send_edition(
            edition, by=request.user, base_url=request.build_absolute_uri("/")
        )
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(
            request,
            _("Sent to %(sent)s subscribers; %(failed)s failed; %(skipped)s had it already.")
            % {"sent": result.sent, "failed": result.failed, "skipped": result.skipped},
        )
    return redirect("bulletin:edition", number)


def subscribe(request: HttpRequest) -> HttpResponse:
    require(request.user, Permission.VIEW_PUBLIC)
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.subscribe(form.cleaned_data["email"], base_url=request.build_absolute_uri("/"))
        return render(request, "bulletin/subscription.html", {"state": "pending"})
    return render(request, "bulletin/subscription.html", {"form": form, "state": "form"})


def _token_page(request: HttpRequest, action: Any, token: str, state: str) -> HttpResponse:
    require(request.user, Permission.VIEW_PUBLIC)
    if request.method == "POST":
        try:
            action(token)
        except ValidationError as exc:
            return render(
                request, "bulletin/subscription.html", {"state": "error", "error": exc.messages[0]}
            )
        return render(request, "bulletin/subscription.html", {"state": state})
    # A GET only shows a button: mail scanners that open links change nothing.
    return render(request, "bulletin/subscription.html", {"state": f"ask_{state}"})


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    return _token_page(request, services.confirm, token, "confirmed")


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    return _token_page(request, services.unsubscribe, token, "unsubscribed")
