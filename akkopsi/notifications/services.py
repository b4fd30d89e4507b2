"""The one way to tell people something: ``notify``. Domain services call it inside their
transaction; the inbox rows are written with the domain's change, the e-mails leave through
the task queue once the transaction commits (ADR 0043, ADR 0044)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from akkopsi.accounts.models import User
from akkopsi.notifications.attachments import is_registered
from akkopsi.notifications.delivery import schedule
from akkopsi.notifications.kinds import EMAIL_BY_DEFAULT, INBOX_BY_DEFAULT, Kind
from akkopsi.notifications.models import Delivery, Notification, Preference

DEFAULT_LANGUAGE = "id"
_muted: ContextVar[bool] = ContextVar("notifications_muted", default=False)


@contextmanager
def muted() -> Iterator[None]:
    """Nobody is told of what happens inside (the demo's thousands of generated records)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def compose(kind: str, context: Mapping[str, Any], language: str) -> tuple[str, str]:
    """Subject and body of ``kind`` in ``language``: the template's first line is the subject."""
    with translation.override(language):
        text = render_to_string(f"notifications/email/{kind}.txt", dict(context))
    subject, _sep, body = text.strip().partition("\n")
    return " ".join(subject.split())[:300], body.strip() + "\n"


def choices_of(users: Sequence[User], kind: str) -> dict[int, tuple[bool, bool]]:
    """``{user pk: (by e-mail, in the inbox)}`` for ``kind``, defaults where no row says."""
    default = (kind in EMAIL_BY_DEFAULT, kind in INBOX_BY_DEFAULT)
    found = {u.pk: default for u in users}
    for user_id, by_email, in_inbox in Preference.objects.filter(
        user__in=[u.pk for u in users], kind=kind
    ).values_list("user_id", "by_email", "in_inbox"):
        found[user_id] = (by_email, in_inbox)
    return found


def preferences_of(user: User) -> dict[str, tuple[bool, bool]]:
    """``{kind: (by e-mail, in the inbox)}`` of every kind for ``user``, in one query."""
    found = {k: (k in EMAIL_BY_DEFAULT, k in INBOX_BY_DEFAULT) for k in Kind.values}
    for kind, by_email, in_inbox in Preference.objects.filter(user=user).values_list(
        "kind", "by_email", "in_inbox"
    ):
        found[kind] = (by_email, in_inbox)
    return found


def absolute(link: str) -> str:
    return f"{settings.AKKOPSI_SITE_URL.rstrip('/')}{link}" if link.startswith("/") else link


@dataclass(frozen=True)
class Notice:
    """One message of a kind: who gets it, what it says (the template's context), where it
    points, what it carries. ``addresses`` are e-mail addresses without an account (a
    member's contacts), written to in Indonesian; ``attachments`` are ``(renderer key, pk)``
    pairs (attachments.py)."""

    recipients: Sequence[User]
    context: Mapping[str, Any]
    link: str = ""
    attachments: Sequence[tuple[str, int]] = ()
    addresses: Sequence[str] = ()


def notify(
    recipients: Iterable[User],
    kind: Kind | str,
    *,
    context: Mapping[str, Any],
    link: str = "",
    attachments: Sequence[tuple[str, int]] = (),
    addresses: Iterable[str] = (),
) -> list[Notification]:
    """Tell ``recipients`` (active users) about ``kind``. Returns the inbox rows written."""
    return notify_each(
        kind, [Notice(list(recipients), context, link, tuple(attachments), tuple(addresses))]
    )


def notify_each(kind: Kind | str, notices: Sequence[Notice]) -> list[Notification]:
    """Many messages of one kind in a constant number of queries (the year's invoices):
    the inbox rows now, in the caller's transaction; the e-mails once it commits."""
    kind = str(kind)
    if _muted.get():
        return []
    for notice in notices:
        for key, _pk in notice.attachments:
            if not is_registered(key):
                raise LookupError(f"no attachment renderer registered as {key!r}")
    everyone = {u.pk: u for n in notices for u in n.recipients if u.is_active}
    wants = choices_of(list(everyone.values()), kind) if everyone else {}
    now = timezone.now()
    inbox: list[Notification] = []
    mails: list[Delivery] = []
    for notice in notices:
        rows, deliveries = _messages(kind, notice, wants, now)
        inbox += rows
        mails += deliveries
    Notification.objects.bulk_create(inbox)
    ids = [d.pk for d in Delivery.objects.bulk_create(mails)]
    if ids:
        transaction.on_commit(lambda: _enqueue(ids))
    return inbox


def _messages(
    kind: str, notice: Notice, wants: Mapping[int, tuple[bool, bool]], now: Any
) -> tuple[list[Notification], list[Delivery]]:
    texts: dict[str, tuple[str, str]] = {}
    context = {**notice.context, "link": absolute(notice.link)}

    def text(language: str) -> tuple[str, str]:
        if language not in texts:
            texts[language] = compose(kind, context, language)
        return texts[language]

    users = list({u.pk: u for u in notice.recipients if u.is_active}.values())
    inbox = [
        Notification(
            recipient=u,
            kind=kind,
            title=text(_language(u))[0],
            body=text(_language(u))[1],
            link=notice.link,
            created=now,
        )
        for u in users
        if wants[u.pk][1]
    ]
    to: list[tuple[User | None, str, str]] = [
        (u, u.email, _language(u)) for u in users if wants[u.pk][0] and u.email
    ]
    taken = {email.lower() for _u, email, _l in to}
    for address in notice.addresses:
        if address and address.lower() not in taken:
            taken.add(address.lower())
            to.append((None, address, DEFAULT_LANGUAGE))
    attachments = [list(a) for a in notice.attachments]
    mails = [
        Delivery(
            recipient=u,
            to_email=email,
            kind=kind,
            subject=text(language)[0],
            body=text(language)[1],
            attachments=attachments,
            created=now,
        )
        for u, email, language in to
    ]
    return inbox, mails


def _language(user: User) -> str:
    return user.language or DEFAULT_LANGUAGE


def _enqueue(ids: list[int]) -> None:
    for pk in ids:
        schedule(pk, None)


def mark_read(user: User, notification_id: int) -> Notification:
    """Mark the user's own notification read (another user's is not found)."""
    notification = Notification.objects.get(pk=notification_id, recipient=user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(user: User) -> int:
    return Notification.objects.filter(recipient=user).unread().update(read_at=timezone.now())


@transaction.atomic
def set_preferences(user: User, choices: Mapping[str, tuple[bool, bool]]) -> None:
    """Store ``{kind: (by e-mail, in the inbox)}`` for ``user``."""
    for kind, (by_email, in_inbox) in choices.items():
        Preference.objects.update_or_create(
            user=user, kind=Kind(kind), defaults={"by_email": by_email, "in_inbox": in_inbox}
        )
