"""The bulletin Akkopsinergi: editions of articles and data sections, images, subscribers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from akkopsi.bulletin.choices import EditionStatus, SectionKind, SendStatus
from akkopsi.core.models import TimeStampedModel, VoidableModel, VoidableQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from akkopsi.accounts.models import User


class EditionQuerySet(models.QuerySet["Edition"]):
    def published(self) -> EditionQuerySet:
        return self.filter(status=EditionStatus.PUBLISHED)


def _pdf_path(instance: Any, filename: str) -> str:
    return f"bulletin/{instance.pk}/pdf/{filename}"


class Edition(TimeStampedModel):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    volume = models.CharField(
        _("volume"), max_length=50, blank=True, help_text=_("For example Tahun I.")
    )
    issued_on = models.DateField(
        _("date"), help_text=_("Data sections show the figures as on this date.")
    )
    theme = models.CharField(_("theme"), max_length=200)
    foreword = models.TextField(_("foreword"), blank=True, help_text=_("Markdown."))
    status = models.CharField(
        _("status"), max_length=20, choices=EditionStatus.choices, default=EditionStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The printed PDF (``printing``, job ``bulletin.print``) and the fingerprint of exactly
    # what it was printed from (``core.pdf.fingerprint``): served while the fingerprint is
    # still the edition's current one. Derived, not edited: left out of the history (as the
    # jobs' progress counters), so a replaced PDF is referred to by nothing and swept.
    pdf = models.FileField(_("printed PDF"), upload_to=_pdf_path, blank=True, editable=False)
    pdf_digest = models.CharField(
        _("fingerprint of the printed PDF"), max_length=64, blank=True, editable=False
    )

    objects = EditionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["pdf", "pdf_digest"])

    class Meta:
        ordering = ["-number"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=EditionStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="%(app_label)s_%(class)s_published_has_date",
                violation_error_message=_("A published edition needs its publication time."),
            ),
        ]

    def __str__(self) -> str:
        return f"Akkopsinergi No. {self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == EditionStatus.PUBLISHED

    def file_visible_to(self, user: User | AnonymousUser | None) -> bool:
        """The printed PDF: as the edition itself, public once published, the bulletin's
        editors before."""
        from akkopsi.accounts.permissions import Permission, can

        return self.is_published or can(user, Permission.EDIT_BULLETIN)


class ArticleQuerySet(VoidableQuerySet):
    def published(self) -> ArticleQuerySet:
        return cast(ArticleQuerySet, self.live().filter(edition__status=EditionStatus.PUBLISHED))


class Article(VoidableModel, TimeStampedModel):
    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="articles"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=200)
    author = models.CharField(_("author"), max_length=150)
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member it concerns"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    working_group = models.ForeignKey(
        "coordination.WorkingGroup",
        verbose_name=_("working group it concerns"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.TextField(
        _("body"), help_text=_("Markdown. Images: upload them to the edition, then paste the line.")
    )

    objects = ArticleQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["edition", "position", "id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return self.title


class DataSection(VoidableModel, TimeStampedModel):
    """Live figures while the edition is a draft; frozen (JSON + SVG) when it is published."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="sections"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    kind = models.CharField(_("data"), max_length=20, choices=SectionKind.choices)
    frozen = models.JSONField(_("frozen figures"), null=True, blank=True)
    frozen_svg = models.TextField(_("frozen chart"), blank=True)
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["edition", "position", "id"]
        verbose_name = _("data section")
        verbose_name_plural = _("data sections")

    def __str__(self) -> str:
        return str(self.get_kind_display())


class SupersededSection(TimeStampedModel):
    """The figures a published section carried before it was recomputed, kept with the
    reason: a published figure that changes says so, and the first text stays readable."""

    section = models.ForeignKey(
        DataSection,
        verbose_name=_("data section"),
        on_delete=models.PROTECT,
        related_name="superseded_versions",
    )
    frozen = models.JSONField(_("figures as published"))
    frozen_svg = models.TextField(_("chart as published"), blank=True)
    frozen_at = models.DateTimeField(_("frozen at"))
    superseded_at = models.DateTimeField(_("superseded at"))
    superseded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("superseded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["section", "-superseded_at", "-id"]
        verbose_name = _("superseded data section")
        verbose_name_plural = _("superseded data sections")

    def __str__(self) -> str:
        return f"{self.section} ({self.superseded_at:%Y-%m-%d})"

    # The section template reads these, so an earlier version renders as the section did.
    @property
    def kind(self) -> str:
        return self.section.kind

    def get_kind_display(self) -> str:
        return str(self.section.get_kind_display())

    @property
    def figures(self) -> dict[str, Any]:
        return self.frozen

    @property
    def svg(self) -> str:
        return self.frozen_svg


def _image_path(instance: Any, filename: str) -> str:
    return f"bulletin/{instance.edition_id}/{filename}"


class Image(TimeStampedModel):
    """An image uploaded for an edition's articles; served only as the checked image type."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="images"
    )
    file = models.FileField(_("file"), upload_to=_image_path)
    content_type = models.CharField(_("type"), max_length=20)
    description = models.CharField(_("description"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["edition", "id"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self) -> str:
        return self.description

    def file_visible_to(self, user: User | AnonymousUser | None) -> bool:
        """Public once its edition is published; before that, the bulletin's editors only."""
        from akkopsi.accounts.permissions import Permission, can

        return self.edition.is_published or can(user, Permission.EDIT_BULLETIN)

    @property
    def file_inline_type(self) -> str:
        """Served inline as the image type its content was checked to be on upload."""
        return self.content_type


class Subscriber(TimeStampedModel):
    email = models.EmailField(_("e-mail"), unique=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["email"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self) -> str:
        return self.email

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class Delivery(models.Model):
    """The send log: one row per edition and subscriber (a subscriber gets an edition once)."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="deliveries"
    )
    subscriber = models.ForeignKey(
        Subscriber, verbose_name=_("subscriber"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=SendStatus.choices)
    error = models.TextField(_("error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["edition", "subscriber__email"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "subscriber"], name="%(app_label)s_%(class)s_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.edition} → {self.subscriber}: {self.status}"
