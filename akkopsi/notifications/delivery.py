"""Sending one logged e-mail, with bounded retries and backoff (ADR 0044)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from akkopsi.notifications.attachments import render
from akkopsi.notifications.models import Delivery, DeliveryStatus


def backoff(attempts: int) -> timedelta:
    """Wait before attempt ``attempts + 1``: base, 2 × base, 4 × base, ..."""
    return timedelta(seconds=settings.NOTIFY_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0))


def _claim(delivery_id: int) -> Delivery | None:
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None or delivery.status in (DeliveryStatus.SENT, DeliveryStatus.FAILED):
            return None
        delivery.attempts += 1
        delivery.status = DeliveryStatus.SENDING
        delivery.save(update_fields=["attempts", "status"])
    return delivery


def message(delivery: Delivery) -> EmailMessage:
    email = EmailMessage(delivery.subject, delivery.body, to=[delivery.to_email])
    for key, pk in delivery.attachments:
        email.attach(*render(key, pk))
    return email


def deliver(delivery_id: int) -> str:
    """Try to send the delivery once; on failure log the error and schedule the next try
    until ``NOTIFY_MAX_ATTEMPTS`` attempts have failed. Returns the status."""
    delivery = _claim(delivery_id)
    if delivery is None:
        return "skipped"
    try:
        message(delivery).send()
    except Exception as exc:  # SMTP, network, a renderer: all logged, then retried
        delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        retry = delivery.attempts < settings.NOTIFY_MAX_ATTEMPTS
        delivery.status = DeliveryStatus.QUEUED if retry else DeliveryStatus.FAILED
        delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts) if retry else None
        delivery.save(update_fields=["last_error", "status", "next_attempt_at"])
        if retry:
            schedule(delivery.pk, delivery.next_attempt_at)
        return str(delivery.status)
    delivery.status = DeliveryStatus.SENT
    delivery.sent_at = timezone.now()
    delivery.next_attempt_at = None
    delivery.save(update_fields=["status", "sent_at", "next_attempt_at"])
    return str(delivery.status)


def schedule(delivery_id: int, run_after: datetime | None) -> None:
    """Enqueue the next attempt; a backend without deferred tasks runs it at once."""
    from akkopsi.notifications.tasks import send_delivery

    task = send_delivery
    if run_after is not None and task.get_backend().supports_defer:
        task = task.using(run_after=run_after)
    task.enqueue(delivery_id)
