"""The secretariat's pages of the bulletin: editions, articles, data sections, images, the
editorial workflow and sending. Each change goes through :mod:`akkopsi.bulletin.services`
with the signed-in user as the actor; a published edition no longer changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from akkopsi.accounts.permissions import Permission, PermissionRequired, actor
from akkopsi.bulletin import services
from akkopsi.bulletin.forms import ArticleForm, EditionForm, ImageForm, SectionForm
from akkopsi.bulletin.jobs import SEND
from akkopsi.bulletin.models import Article, DataSection, Edition, Image
from akkopsi.core.confirm import Plan
from akkopsi.core.viewkit import ConfirmView, KitView, ServiceFormView, VoidForm
from akkopsi.jobs import services as jobs
from akkopsi.jobs.models import Job


class _Locked(Exception):
    """The edition is published: the page sends the editor back to it."""


class EditionMixin(PermissionRequired):
    """A page about one edition (``number`` in the URL) for the bulletin's editors; with
    ``drafts_only``, a published edition answers with a message and its own page."""

    permission = Permission.EDIT_BULLETIN
    drafts_only: ClassVar[bool] = False
    edition: Edition
    kwargs: dict[str, Any]

    def check_permission(self, request: HttpRequest) -> None:
        super().check_permission(request)
        self.edition = get_object_or_404(Edition, number=self.kwargs["number"])
        if self.drafts_only and self.edition.is_published:
            raise _Locked

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        except _Locked:
            messages.error(request, _("A published edition can no longer be changed."))
            return redirect("bulletin:edition", self.edition.number)


class EditionCreateView(PermissionRequired, ServiceFormView):
    permission = Permission.EDIT_BULLETIN
    form_class = EditionForm
    template_name = "bulletin/form.html"
    title = gettext_lazy("New edition")
    success_message: ClassVar[Any] = ""  # a new edition opens on its own page

    def perform(self, form: EditionForm) -> Edition:
        return services.save_edition(form.save(commit=False), by=self.request.user)

    def get_back_url(self) -> str:
        return reverse("bulletin:edition_list")

    def get_success_url(self, result: Edition) -> str:
        return reverse("bulletin:edition", args=[result.number])


class EditionEditView(EditionMixin, EditionCreateView):
    drafts_only = True
    success_message = gettext_lazy("Saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"instance": self.edition}

    def get_title(self) -> str:
        return str(self.edition)

    def get_back_url(self) -> str:
        return reverse("bulletin:edition", args=[self.edition.number])

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return {**context, "edition": self.edition}


class ArticleFormView(EditionMixin, ServiceFormView):
    """A new article (no ``pk`` in the URL) or a change to one, in a draft edition."""

    drafts_only = True
    form_class = ArticleForm
    template_name = "bulletin/form.html"

    article: Article

    def check_permission(self, request: HttpRequest) -> None:
        super().check_permission(request)
        if "pk" not in self.kwargs:
            self.article = Article(edition=self.edition)
        else:
            live = Article.objects.live()
            self.article = get_object_or_404(live, edition=self.edition, pk=self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"instance": self.article}

    def perform(self, form: ArticleForm) -> Article:
        return services.save_article(form.save(commit=False), by=self.request.user)

    def get_title(self) -> str:
        return self.article.title if self.article.pk else _("New article")

    def get_back_url(self) -> str:
        return reverse("bulletin:edition", args=[self.edition.number])

    def get_success_url(self, result: Article) -> str:
        return reverse("bulletin:article", args=[self.edition.number, result.pk])

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return {**context, "edition": self.edition, "images": list(self.edition.images.all())}


edition_create = EditionCreateView.as_view()
edition_edit = EditionEditView.as_view()
article_create = article_edit = ArticleFormView.as_view()


F = TypeVar("F", bound=forms.BaseForm)


def _valid(form: F, refused: str | None = None) -> F:
    """``form`` if valid; else a ValidationError saying ``refused`` (or the form's errors)."""
    if not form.is_valid():
        raise ValidationError(refused or [e for errors in form.errors.values() for e in errors])
    return form


class EditionActionView(EditionMixin, KitView):
    """A small POST on the edition page: act through a service, say what happened (or why
    not), go back to the edition."""

    def act(self, request: HttpRequest) -> str:
        """Do it and return the message to show; a ValidationError says why not."""
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            message = self.act(request)
        except ValidationError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.success(request, message)
        return redirect("bulletin:edition", self.edition.number)


class SectionAddView(EditionActionView):
    drafts_only = True

    def act(self, request: HttpRequest) -> str:
        section = DataSection(edition=self.edition)
        form = _valid(
            SectionForm(request.POST, instance=section), _("Choose the data for the section.")
        )
        services.add_section(form.save(commit=False), by=request.user)
        return _("Data section added.")


class ImageUploadView(EditionActionView):
    drafts_only = True

    def act(self, request: HttpRequest) -> str:
        form = _valid(ImageForm(request.POST, request.FILES, instance=Image(edition=self.edition)))
        img = form.save(commit=False)
        img.content_type = form.content_type
        services.upload_image(img, by=request.user)
        return _("Image uploaded. Put it in an article with the line shown.")


class EntryVoidView(EditionActionView):
    """Take an article or a data section out of a draft edition, with the reason."""

    drafts_only = True
    model: type[Article] | type[DataSection] = Article

    def act(self, request: HttpRequest) -> str:
        live = self.model.objects.live()
        entry = get_object_or_404(live, edition=self.edition, pk=self.kwargs["pk"])
        form = _valid(VoidForm(request.POST), _("Give a reason to remove it."))
        services.remove_entry(entry, by=request.user, reason=form.cleaned_data["reason"])
        return _("Removed from the edition.")


STEPS: dict[str, Callable[..., Edition]] = {
    "submit": services.submit_for_review,
    "return": services.return_to_draft,
}  # publishing asks for confirmation first (EditionPublishView)


class EditionStatusView(EditionActionView):
    def act(self, request: HttpRequest) -> str:
        step = STEPS.get(request.POST.get("step", ""))
        if step is None:
            raise Http404
        step(self.edition, by=request.user)
        return _("Done.")


class EditionConfirmView(EditionMixin, ConfirmView):
    """Publishing and sending: said first (what, to how many), then done."""

    def get_back_url(self) -> str:
        return reverse("bulletin:edition", args=[self.edition.number])


class EditionPublishView(EditionConfirmView):
    title = gettext_lazy("Publish the edition")
    confirm_label = gettext_lazy("Publish")
    success_message = gettext_lazy("Published.")

    def get_plan(self) -> Plan:
        return services.plan_publish(self.edition)

    def perform(self, token: str, form: Any) -> Edition:
        return services.publish(self.edition, by=self.request.user, expected=token)


class EditionSendView(EditionConfirmView):
    title = gettext_lazy("Send to subscribers")
    confirm_label = gettext_lazy("Send")

    def get_plan(self) -> Plan:
        return services.plan_send(self.edition)

    def perform(self, token: str, form: Any) -> Job:
        """The e-mails go out from a job; its page shows how far it got (ADR 0054)."""
        number, base_url = self.edition.number, self.request.build_absolute_uri("/")
        params = {"number": number, "base_url": base_url, "expected": token}
        return jobs.start(SEND, by=actor(self.request), params=params)

    def get_success_url(self, result: Job) -> str:
        return reverse("jobs:job", args=[result.pk])

    def get_success_message(self, result: Job) -> str:
        return _("The edition is being sent to its subscribers.")


section_add = require_POST(SectionAddView.as_view())
image_upload = require_POST(ImageUploadView.as_view())
article_void = require_POST(EntryVoidView.as_view(model=Article))
section_void = require_POST(EntryVoidView.as_view(model=DataSection))
edition_status = require_POST(EditionStatusView.as_view())
edition_publish = EditionPublishView.as_view()
edition_send = EditionSendView.as_view()
