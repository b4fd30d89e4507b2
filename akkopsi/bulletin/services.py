"""Writes of the bulletin: the editorial workflow, freezing data sections, subscriptions, sending.

Every workflow step checks the permission itself (the actor is explicit), so the pages,
the API and the command line follow the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from akkopsi.accounts.models import User
from akkopsi.accounts.permissions import Permission, require
from akkopsi.bulletin import sections
from akkopsi.bulletin.choices import EditionStatus, SendStatus
from akkopsi.bulletin.models import (
    Article,
    DataSection,
    Delivery,
    Edition,
    Image,
    Subscriber,
    SupersededSection,
)
from akkopsi.core.confirm import Plan, check_confirmed

#: The actor of a write: a user, or None for the command line and the demo (``require``
#: refuses None and anonymous visitors wherever a permission is needed).
Actor = User | AnonymousUser | None


def _editor(by: Actor) -> User:
    """``by`` if it may edit the bulletin (PermissionDenied otherwise)."""
    require(by, Permission.EDIT_BULLETIN)
    assert isinstance(by, User)  # only an active, signed-in user holds a permission
    return by


CONFIRM_SALT = "akkopsi.bulletin.confirm"
UNSUBSCRIBE_SALT = "akkopsi.bulletin.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600  # a confirmation link works for a week
RESEND_AFTER = timedelta(hours=1)


# -- editing a draft ---------------------------------------------------------------------------


@transaction.atomic
def draft_edition(edition: Edition, *, by: Actor) -> Edition:
    """``edition`` locked for a change by the secretariat; refused once it is published."""
    require(by, Permission.EDIT_BULLETIN)
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    if locked.is_published:
        raise ValidationError(_("A published edition can no longer be changed."))
    return locked


@transaction.atomic
def save_edition(edition: Edition, *, by: Actor) -> Edition:
    """Create an edition (a draft) or save the fields of a draft edition."""
    require(by, Permission.EDIT_BULLETIN)
    if edition.pk is not None:
        draft_edition(edition, by=by)
    edition.save()
    return edition


@transaction.atomic
def save_article(article: Article, *, by: Actor) -> Article:
    """Add an article to a draft edition, or save the changes to one."""
    draft_edition(article.edition, by=by)
    article.save()
    return article


@transaction.atomic
def add_section(section: DataSection, *, by: Actor) -> DataSection:
    """Add a data section to a draft edition (its figures stay live until publishing)."""
    draft_edition(section.edition, by=by)
    section.save()
    return section


@transaction.atomic
def remove_entry(entry: Article | DataSection, *, by: Actor, reason: str) -> None:
    """Take an article or a data section out of a draft edition (voided, with the reason)."""
    draft_edition(entry.edition, by=by)
    entry.void(by=_editor(by), reason=reason)


@transaction.atomic  # the file goes with the row (and its history), or not at all
def upload_image(image: Image, *, by: Actor) -> Image:
    """Store an image (already checked by content) for the articles of a draft edition."""
    draft_edition(image.edition, by=by)
    image.uploaded_by = _editor(by)
    image.save()
    return image


# -- the editorial workflow -------------------------------------------------------------------


def _move(edition: Edition, *, by: Actor, source: str, target: str) -> Edition:
    require(by, Permission.EDIT_BULLETIN)
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.status != source:
        raise ValidationError(
            _("This edition is %(status)s; the step is not possible now.")
            % {"status": edition.get_status_display()}
        )
    edition.status = target
    return edition


@transaction.atomic
def submit_for_review(edition: Edition, *, by: Actor) -> Edition:
    edition = _move(edition, by=by, source=EditionStatus.DRAFT, target=EditionStatus.REVIEW)
    if not edition.articles.live().exists():
        raise ValidationError(_("An edition needs at least one article before review."))
    edition.save(update_fields=["status", "updated_at"])
    return edition


@transaction.atomic
def return_to_draft(edition: Edition, *, by: Actor) -> Edition:
    edition = _move(edition, by=by, source=EditionStatus.REVIEW, target=EditionStatus.DRAFT)
    edition.save(update_fields=["status", "updated_at"])
    return edition


def plan_publish(edition: Edition) -> Plan:
    """What :func:`publish` would do: the articles and data sections made public, the
    sections frozen as on the edition's date."""
    articles = list(edition.articles.live().values_list("pk", flat=True))
    sections = list(DataSection.objects.live().filter(edition=edition).values_list("pk", flat=True))
    facts = {
        "edition": edition,
        "articles": len(articles),
        "sections": len(sections),
        "day": date_format(edition.issued_on, "j F Y"),
    }
    lines = (
        _("%(edition)s becomes public: %(articles)s articles, %(sections)s data sections.") % facts,
        _("The data sections are frozen as on %(day)s; a published edition no longer changes.")
        % facts,
    )
    count = 1 if edition.status == EditionStatus.REVIEW else 0
    return Plan(count, lines, facts=(edition.status, tuple(articles), tuple(sections)))


@transaction.atomic
def publish(edition: Edition, *, by: Actor, expected: str | None = None) -> Edition:
    """Publish a reviewed edition and freeze its data sections as on the edition's date;
    ``expected``: the token of the :func:`plan_publish` the editor confirmed."""
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    check_confirmed(plan_publish(locked), expected)
    edition = _move(edition, by=by, source=EditionStatus.REVIEW, target=EditionStatus.PUBLISHED)
    now = timezone.now()
    with translation.override("id"):  # the bulletin is published in Indonesian
        for section in DataSection.objects.live().filter(edition=edition):
            section.frozen, section.frozen_svg = sections.build(section.kind, edition.issued_on)
            section.frozen_at = now
            section.save(update_fields=["frozen", "frozen_svg", "frozen_at", "updated_at"])
    edition.published_at, edition.published_by = now, _editor(by)
    edition.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    _print_after_commit(edition, by=edition.published_by)
    return edition


def _print_after_commit(edition: Edition, *, by: User) -> None:
    """The printed PDF of ``edition`` made again by the job ``bulletin.print`` once this
    change commits (imported late: the printing builds on this module)."""
    from akkopsi.bulletin import printing

    printing.start_after_commit(edition, by=by)


@transaction.atomic
def recompute(section: DataSection, *, reason: str, by: Actor) -> DataSection:
    """Compute a published section again as on its edition's date (when the rule behind a
    figure was wrong). The text first published is kept as a ``SupersededSection`` with the
    reason, and the edition shows both; a later change of data is never a reason by itself,
    since the edition reads the data as it stood on its date."""
    require(by, Permission.EDIT_BULLETIN)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for recomputing a published figure.")})
    section = DataSection.objects.select_for_update().select_related("edition").get(pk=section.pk)
    if section.frozen is None or section.frozen_at is None:
        raise ValidationError(_("Only the sections of a published edition are recomputed."))
    with translation.override("id"):
        frozen, svg = sections.build(section.kind, section.edition.issued_on)
    if (frozen, svg) == (section.frozen, section.frozen_svg):
        return section  # nothing changes: nothing to supersede
    now = timezone.now()
    user = _editor(by)
    SupersededSection.objects.create(
        section=section,
        frozen=section.frozen,
        frozen_svg=section.frozen_svg,
        frozen_at=section.frozen_at,
        superseded_at=now,
        superseded_by=user,
        reason=reason,
    )
    section.frozen, section.frozen_svg, section.frozen_at = frozen, svg, now
    section._change_reason = reason
    section.save(update_fields=["frozen", "frozen_svg", "frozen_at", "updated_at"])
    _print_after_commit(section.edition, by=user)
    return section


def section_figures(section: DataSection) -> tuple[dict[str, Any], str]:
    """Frozen figures once published, live figures before."""
    if section.frozen is not None:
        return section.frozen, section.frozen_svg
    return sections.build(section.kind, section.edition.issued_on)


# -- subscriptions -----------------------------------------------------------------------------


def _send(subject: str, template: str, context: dict[str, Any], to: str, **kw: Any) -> None:
    with translation.override("id"):
        body = render_to_string(template, context)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [to], **kw)
    message.send()


@transaction.atomic
def subscribe(email: str, *, base_url: str) -> Subscriber:
    """Record the address and send the confirmation link (double opt-in).

    Nothing is sent to an address that is already subscribed and confirmed, nor twice within
    an hour; the page says the same either way, so the form does not reveal who subscribes.
    """
    email = email.strip().lower()
    subscriber, created = Subscriber.objects.get_or_create(email=email)
    if subscriber.is_active:
        return subscriber
    if not created and subscriber.updated_at > timezone.now() - RESEND_AFTER:
        return subscriber  # one link an hour at most: the form cannot be used to spam an address
    token = signing.dumps({"email": email}, salt=CONFIRM_SALT)
    link = base_url.rstrip("/") + reverse("bulletin:confirm", args=[token])
    _send(
        "Konfirmasi langganan buletin Akkopsinergi",
        "bulletin/email/confirm.txt",
        {"link": link},
        email,
    )
    subscriber.save(update_fields=["updated_at"])
    return subscriber


@transaction.atomic
def confirm(token: str) -> Subscriber:
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature as exc:
        raise ValidationError(
            _("This confirmation link is invalid or has expired. Please subscribe again.")
        ) from exc
    subscriber = Subscriber.objects.select_for_update().get(email=data["email"])
    subscriber.confirmed_at = timezone.now()
    subscriber.unsubscribed_at = None
    subscriber.save(update_fields=["confirmed_at", "unsubscribed_at", "updated_at"])
    return subscriber


def unsubscribe_token(subscriber: Subscriber) -> str:
    return signing.dumps(subscriber.pk, salt=UNSUBSCRIBE_SALT)


@transaction.atomic
def unsubscribe(token: str) -> Subscriber:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as exc:
        raise ValidationError(_("This unsubscribe link is invalid.")) from exc
    subscriber = Subscriber.objects.select_for_update().get(pk=pk)
    if subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["unsubscribed_at", "updated_at"])
    return subscriber


# -- sending an edition ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SendResult:
    sent: int
    failed: int
    skipped: int  # already received this edition


def recipients(edition: Edition) -> tuple[QuerySet[Subscriber], set[int]]:
    """The confirmed subscribers, and the ids of those who have the edition already."""
    done = set(
        Delivery.objects.filter(edition=edition, status=SendStatus.SENT).values_list(
            "subscriber_id", flat=True
        )
    )
    active = Subscriber.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)
    return active, done


def plan_send(edition: Edition) -> Plan:
    """What :func:`send_edition` would do: to how many subscribers, how many skipped."""
    if not edition.is_published:
        raise ValidationError(_("Only a published edition can be sent to subscribers."))
    active, done = recipients(edition)
    ids = sorted(active.values_list("pk", flat=True))
    todo = [pk for pk in ids if pk not in done]
    facts = {"edition": edition, "n": len(todo), "skipped": len(ids) - len(todo)}
    lines = (
        _("%(edition)s is e-mailed to %(n)s subscribers.") % facts,
        _("Subscribers who have it already are skipped: %(skipped)s.") % facts,
        _("An e-mail sent cannot be taken back."),
    )
    return Plan(len(todo), lines, facts=tuple(todo))


def email_context(edition: Edition, base_url: str) -> dict[str, Any]:
    """What every subscriber's e-mail of ``edition`` shows (links under ``base_url``)."""
    base = base_url.rstrip("/")
    articles = list(edition.articles.live())
    return {
        "edition": edition,
        "base": base,
        "articles": [
            (a, base + reverse("bulletin:article", args=[edition.number, a.pk])) for a in articles
        ],
        "edition_url": base + reverse("bulletin:edition", args=[edition.number]),
        "pdf_url": base + reverse("bulletin:edition_pdf", args=[edition.number]),
    }


def send_to(
    edition: Edition,
    subscriber: Subscriber,
    *,
    context: dict[str, Any],
    user: User,
    connection: Any = None,
) -> str:
    """E-mail ``edition`` to one subscriber and log it (one Delivery per subscriber and
    edition); the status, "sent" or "failed"."""
    leave = context["base"] + reverse("bulletin:unsubscribe", args=[unsubscribe_token(subscriber)])
    with translation.override("id"):
        body = render_to_string("bulletin/email/edition.txt", {**context, "unsubscribe_url": leave})
    message = EmailMultiAlternatives(
        f"{edition}: {edition.theme}",
        body,
        settings.DEFAULT_FROM_EMAIL,
        [subscriber.email],
        connection=connection,
        headers={"List-Unsubscribe": f"<{leave}>"},
    )
    status, error = SendStatus.SENT, ""
    try:
        message.send()
    except Exception as exc:
        status, error = SendStatus.FAILED, str(exc)[:500]
    Delivery.objects.update_or_create(
        edition=edition,
        subscriber=subscriber,
        defaults={"status": status, "error": error, "sent_by": user},
    )
    return status


def send_edition(
    edition: Edition, *, by: Actor, base_url: str, expected: str | None = None
) -> SendResult:
    """E-mail a published edition to every confirmed subscriber who has not received it
    (the command's way; the page's is the job ``bulletin.send``, ADR 0054).

    Each attempt is logged (one Delivery per subscriber and edition); sending again retries
    the failures only, so no subscriber gets the same edition twice. ``expected``: the
    token of the :func:`plan_send` the editor confirmed.
    """
    require(by, Permission.EDIT_BULLETIN)
    check_confirmed(plan_send(edition), expected)
    active, done = recipients(edition)
    context = email_context(edition, base_url)
    sent = failed = skipped = 0
    user = _editor(by)
    with get_connection() as connection:
        for subscriber in active:
            if subscriber.pk in done:
                skipped += 1
                continue
            status = send_to(edition, subscriber, context=context, user=user, connection=connection)
            sent += status == SendStatus.SENT
            failed += status == SendStatus.FAILED
    return SendResult(sent=sent, failed=failed, skipped=skipped)
