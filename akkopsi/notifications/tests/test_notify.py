"""notify(): inbox rows, preferences, e-mails with attachments, retries, the worker."""

from __future__ import annotations

import smtplib
from typing import Any, ClassVar

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone

from akkopsi.notifications import attachments
from akkopsi.notifications.kinds import Kind
from akkopsi.notifications.models import Delivery, DeliveryStatus, Notification
from akkopsi.notifications.services import notify, set_preferences

pytestmark = pytest.mark.django_db

CONTEXT = {"member": "Kota Bontang", "year": 2025, "comment": "Akses layak terlalu tinggi"}


def _returned(users: Any, **kwargs: Any) -> list[Notification]:
    return notify(
        [users["bontang"]], Kind.SUBMISSION_RETURNED, context=CONTEXT, link="/data/", **kwargs
    )


def test_notify_writes_inbox_and_mails_after_commit(
    users: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = _returned(users)
    assert row.recipient == users["bontang"]
    assert row.title == "Data 2025 Kota Bontang dikembalikan untuk diperbaiki"
    assert "Akses layak terlalu tinggi" in row.body
    assert row.read_at is None
    (message,) = mail.outbox
    assert message.to == ["staf-6474@contoh.go.id"]
    assert message.subject == row.title
    assert "http://127.0.0.1:8000/data/" in message.body
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)
    assert delivery.sent_at is not None


def test_nothing_is_sent_when_the_transaction_rolls_back(
    users: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _returned(users)
    assert len(callbacks) == 1  # sending waits for the commit
    assert mail.outbox == []


def test_english_recipient_gets_english(
    users: Any, django_capture_on_commit_callbacks: Any
) -> None:
    users["bontang"].language = "en"
    users["bontang"].save()
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = _returned(users)
    assert row.title == "Data 2025 of Kota Bontang returned for correction"
    assert mail.outbox[0].subject == row.title


def test_preferences_turn_off_email_or_inbox(
    users: Any, django_capture_on_commit_callbacks: Any
) -> None:
    set_preferences(users["bontang"], {Kind.SUBMISSION_RETURNED: (False, True)})
    with django_capture_on_commit_callbacks(execute=True):
        assert len(_returned(users)) == 1
    assert mail.outbox == []
    set_preferences(users["bontang"], {Kind.SUBMISSION_RETURNED: (True, False)})
    with django_capture_on_commit_callbacks(execute=True):
        assert _returned(users) == []
    assert len(mail.outbox) == 1
    # Other kinds keep their defaults.
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            [users["bontang"]],
            Kind.SUBMISSION_VERIFIED,
            context={"member": "Kota Bontang", "year": 2025},
        )
    assert Notification.objects.filter(kind=Kind.SUBMISSION_VERIFIED).count() == 1
    assert len(mail.outbox) == 2


def test_inactive_users_and_duplicate_addresses_are_skipped(
    users: Any, django_capture_on_commit_callbacks: Any
) -> None:
    users["balikpapan"].is_active = False
    users["balikpapan"].save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            [users["bontang"], users["bontang"], users["balikpapan"]],
            Kind.SUBMISSION_VERIFIED,
            context={"member": "Kota Bontang", "year": 2025},
            addresses=["STAF-6474@contoh.go.id", "pokja@bontang.go.id"],
        )
    assert Notification.objects.count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["pokja@bontang.go.id", "staf-6474@contoh.go.id"]


@pytest.fixture
def note_attachment() -> Any:
    attachments.register(
        "test.note", lambda pk: attachments.Attachment(f"note-{pk}.txt", b"isi", "text/plain")
    )
    yield
    attachments._renderers.pop("test.note")


def test_attachment_rendered_when_sent(
    users: Any, note_attachment: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _returned(users, attachments=[("test.note", 7)])
    assert mail.outbox[0].attachments == [("note-7.txt", "isi", "text/plain")]


def test_unknown_attachment_is_refused_at_once(users: Any) -> None:
    with pytest.raises(LookupError):
        _returned(users, attachments=[("no.such", 1)])
    assert Notification.objects.count() == 0


class FlakyBackend(EmailBackend):
    """Fails ``failures`` times, then delivers into mail.outbox."""

    failures: ClassVar[int] = 0

    def send_messages(self, messages: Any) -> int:
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise smtplib.SMTPServerDisconnected("server went away")
        return super().send_messages(messages)


FLAKY = "akkopsi.notifications.tests.test_notify.FlakyBackend"


def test_failed_send_is_retried_then_succeeds(
    users: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_BACKEND = FLAKY
    FlakyBackend.failures = 2
    with django_capture_on_commit_callbacks(execute=True):
        _returned(users)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 3)
    assert delivery.last_error == "SMTPServerDisconnected: server went away"
    assert len(mail.outbox) == 1


def test_retries_are_bounded(
    users: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.EMAIL_BACKEND = FLAKY
    settings.NOTIFY_MAX_ATTEMPTS = 3
    FlakyBackend.failures = 10
    with django_capture_on_commit_callbacks(execute=True):
        _returned(users)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 3)
    assert mail.outbox == []
    FlakyBackend.failures = 0


DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.mark.django_db(transaction=True)
def test_worker_sends_enqueued_mail_and_defers_retries(users: Any, settings: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_TASKS
    settings.EMAIL_BACKEND = FLAKY
    FlakyBackend.failures = 1
    _returned(users)  # autocommit: the task row is written at once
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    delivery = Delivery.objects.get()
    # The first attempt failed; the retry waits (run_after), so the batch ends without it.
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.QUEUED, 1)
    retry = DBTaskResult.objects.order_by("-enqueued_at").first()
    assert retry is not None and retry.run_after == delivery.next_attempt_at
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 2)
    assert mail.outbox[0].to == ["staf-6474@contoh.go.id"]


def test_muted_tells_nobody(users: Any, django_capture_on_commit_callbacks: Any) -> None:
    from akkopsi.notifications.services import muted

    with django_capture_on_commit_callbacks(execute=True), muted():
        assert _returned(users) == []
    assert not Notification.objects.exists() and not Delivery.objects.exists()
    assert mail.outbox == []
    assert len(_returned(users)) == 1  # and after it, people are told again
